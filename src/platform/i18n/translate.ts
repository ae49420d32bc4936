import { IntlMessageFormat } from "intl-messageformat";
import { CATALOGUES, type MessageKey } from "../../locales";
import { currentLocale } from "./context";
import { FALLBACK, type Locale } from "./locales";

export type { MessageKey };

/** What a message's placeholders take: text, numbers (plurals, `{n, number}`) and dates. */
export type MessageValues = Record<string, string | number | Date>;

const compiled = new Map<string, IntlMessageFormat>();

/** The catalogue text for a key in a locale, following en-US/en-AU back to en-GB. */
export function messageSource(key: MessageKey, locale: Locale): string {
  let from: Locale | undefined = locale;
  while (from) {
    const text = CATALOGUES[from][key];
    if (text !== undefined) return text;
    from = FALLBACK[from];
  }
  // Unreachable for a typed key: en-GB is complete by construction (its keys define MessageKey).
  throw new Error(`No message "${key}"`);
}

function formatterFor(key: MessageKey, locale: Locale): IntlMessageFormat {
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(messageSource(key, locale), locale, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return format;
}

/**
 * The message for a key in the current language (ICU MessageFormat: `{name}`, plurals, selects,
 * numbers and dates), as plain text: the JSX runtime escapes it like any other string.
 */
export function t(key: MessageKey, values?: MessageValues): string {
  return tIn(currentLocale(), key, values);
}

/** The message in a named language (an email to someone whose language is not the request's). */
export function tIn(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const result = formatterFor(key, locale).format(values);
  return Array.isArray(result) ? result.join("") : String(result);
}

/**
 * A message to be rendered later, in whatever language is current then: for labels defined once
 * at module level (navigation, column headers, validation errors in schemas built at import).
 */
export function lazy(key: MessageKey, values?: MessageValues): () => string {
  return () => t(key, values);
}
