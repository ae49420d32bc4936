import { IntlMessageFormat } from "intl-messageformat";
import { CATALOGUES, type MessageKey } from "../../locales";
import { currentLocale } from "./context";
import { FALLBACK, type Locale } from "./locales";

export type { MessageKey };

/** What a message's placeholders take: text, numbers (plurals, `{n, number}`) and dates. */
export type MessageValues = Record<string, string | number | Date>;

/**
 * Each message compiled once per language; one with no placeholder (most labels) is formatted once
 * too, since its text is the same whatever the values: a page asks for hundreds of messages.
 */
interface Compiled {
  format: IntlMessageFormat | null;
  text: string | null;
}
const compiled = new Map<Locale, Map<string, Compiled>>();

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

function joined(result: ReturnType<IntlMessageFormat["format"]>): string {
  return Array.isArray(result) ? result.join("") : String(result);
}

function compiledFor(key: MessageKey, locale: Locale): Compiled {
  let byKey = compiled.get(locale);
  if (!byKey) {
    byKey = new Map();
    compiled.set(locale, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    const source = messageSource(key, locale);
    const format = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    entry = source.includes("{") ? { format, text: null } : { format: null, text: joined(format.format()) };
    byKey.set(key, entry);
  }
  return entry;
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
  const entry = compiledFor(key, locale);
  return entry.text ?? joined((entry.format as IntlMessageFormat).format(values));
}

/**
 * A message to be rendered later, in whatever language is current then: for labels defined once
 * at module level (navigation, column headers, validation errors in schemas built at import).
 */
export function lazy(key: MessageKey, values?: MessageValues): () => string {
  return () => t(key, values);
}
