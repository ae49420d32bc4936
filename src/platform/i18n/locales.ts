/**
 * The languages the app ships, complete. en-GB is the source every other catalogue translates;
 * en-US and en-AU hold only what differs from it (spelling, words) and fall back to it.
 */
export const LOCALES = ["en-GB", "en-US", "en-AU", "es", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

export const SOURCE_LOCALE: Locale = "en-GB";

/** Each language named in itself, as a person looks for their own in a list. */
export const LOCALE_NAMES: Record<Locale, string> = {
  "en-GB": "English (UK)",
  "en-US": "English (US)",
  "en-AU": "English (Australia)",
  es: "Español",
  ar: "العربية",
};

/** The catalogue a locale falls back to for a message it does not hold. */
export const FALLBACK: Partial<Record<Locale, Locale>> = { "en-US": "en-GB", "en-AU": "en-GB" };

const RIGHT_TO_LEFT = new Set<Locale>(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
}

/**
 * The best shipped locale for an `Accept-Language` header (RFC 9110 weights): an exact match
 * first, then the language alone ("es-MX" → es, "en-NZ" → en-GB), else the source locale.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return SOURCE_LOCALE;
  const ranges = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const weight = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), quality: weight === undefined ? 1 : Number(weight), index };
    })
    .filter((range) => range.tag && range.tag !== "*" && range.quality > 0 && Number.isFinite(range.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = LOCALES.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const language = tag.split("-")[0];
    if (language === "en") return SOURCE_LOCALE;
    const sameLanguage = LOCALES.find((locale) => locale.split("-")[0] === language);
    if (sameLanguage) return sameLanguage;
  }
  return SOURCE_LOCALE;
}
