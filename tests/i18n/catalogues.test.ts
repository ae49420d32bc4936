import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTimeElement,
  type MessageFormatElement,
  parse,
} from "@formatjs/icu-messageformat-parser";
import { CATALOGUES } from "../../src/locales";
import { LOCALES, type Locale, SOURCE_LOCALE } from "../../src/platform/i18n";

/**
 * The message catalogues hold together: keys start with their file's area, every locale has the
 * files the source has, es and ar translate every key, en-US/en-AU hold only real differences,
 * every message is valid ICU with the source's placeholders, and Arabic plurals have every form.
 */

const ROOT = join(import.meta.dir, "../../src/locales");
const COMPLETE = ["es", "ar"] as const;
const VARIANTS: Locale[] = ["en-US", "en-AU"];

/**
 * Words a language writes as English does, so a message made of them and placeholders may be
 * the same as en-GB's: the brand everywhere, and in Spanish "Tutor", "PIN", "XP" and "no".
 */
const SHARED_WORDS: Record<"es" | "ar", string[]> = {
  es: ["AetherLearn", "Tutor", "tutor", "PIN", "XP", "no"],
  ar: ["AetherLearn"],
};

type Messages = Record<string, string>;

function areasOf(locale: Locale): string[] {
  return readdirSync(join(ROOT, locale))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

function fileOf(locale: Locale, area: string): Messages {
  return JSON.parse(readFileSync(join(ROOT, locale, `${area}.json`), "utf8")) as Messages;
}

const AREAS = areasOf(SOURCE_LOCALE);
const files = new Map<Locale, Map<string, Messages>>(
  LOCALES.map((locale) => [locale, new Map(areasOf(locale).map((area) => [area, fileOf(locale, area)]))]),
);

function allMessages(locale: Locale): Messages {
  return Object.assign({}, ...(files.get(locale)?.values() ?? []));
}

const source = allMessages(SOURCE_LOCALE);

function ast(message: string): MessageFormatElement[] {
  // As the app formats them: intl-messageformat with `ignoreTag` (messages hold no HTML).
  return parse(message, { ignoreTag: true });
}

/** Every element of a message, plural and select branches included. */
function* walk(elements: MessageFormatElement[]): Generator<MessageFormatElement> {
  for (const element of elements) {
    yield element;
    if (isPluralElement(element) || isSelectElement(element))
      for (const option of Object.values(element.options)) yield* walk(option.value);
  }
}

function argumentNames(message: string): string[] {
  const names = new Set<string>();
  for (const element of walk(ast(message))) {
    if (
      isArgumentElement(element) ||
      isNumberElement(element) ||
      isDateElement(element) ||
      isTimeElement(element) ||
      isPluralElement(element) ||
      isSelectElement(element)
    )
      names.add(element.value);
  }
  return [...names].sort();
}

function pluralArguments(message: string): Map<string, string[][]> {
  const plurals = new Map<string, string[][]>();
  for (const element of walk(ast(message))) {
    if (isPluralElement(element) && element.pluralType === "cardinal")
      plurals.set(element.value, [...(plurals.get(element.value) ?? []), Object.keys(element.options)]);
  }
  return plurals;
}

/** Whether a message has words of its own, beyond placeholders, digits, punctuation and shared words. */
function hasWords(message: string, shared: string[]): boolean {
  const literal = [...walk(ast(message))]
    .map((element) => ("value" in element && element.type === 0 ? element.value : ""))
    .join("");
  const rest = shared.reduce(
    (text, word) => text.replace(new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, "gu"), ""),
    literal,
  );
  return /\p{L}{2,}/u.test(rest);
}

describe("catalogue files", () => {
  test("the source has areas, and every locale has exactly the source's files", () => {
    expect(AREAS.length).toBeGreaterThan(5);
    for (const locale of LOCALES) expect({ locale, areas: areasOf(locale) }).toEqual({ locale, areas: AREAS });
  });

  test("every key starts with its file's area", () => {
    const misplaced: string[] = [];
    for (const [locale, areas] of files)
      for (const [area, messages] of areas)
        for (const key of Object.keys(messages))
          if (!key.startsWith(`${area}.`)) misplaced.push(`${locale}/${area}.json: ${key}`);
    expect(misplaced).toEqual([]);
  });

  test("every message is a string", () => {
    const wrong: string[] = [];
    for (const locale of LOCALES)
      for (const [key, text] of Object.entries(allMessages(locale)))
        if (typeof text !== "string" || text.trim() === "") wrong.push(`${locale}: ${key}`);
    expect(wrong).toEqual([]);
  });

  test("each locale's index merges every one of its files (no file is left out of the app)", () => {
    for (const locale of LOCALES)
      expect({ locale, keys: Object.keys(CATALOGUES[locale]).sort() }).toEqual({
        locale,
        keys: Object.keys(allMessages(locale)).sort(),
      });
  });
});

describe("coverage against en-GB", () => {
  test.each(COMPLETE)("%s translates every en-GB key and nothing else", (locale) => {
    const messages = allMessages(locale);
    const missing = Object.keys(source).filter((key) => !(key in messages));
    const unknown = Object.keys(messages).filter((key) => !(key in source));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });

  test.each(VARIANTS)("%s holds only en-GB keys whose text differs", (locale) => {
    const messages = allMessages(locale);
    const unknown = Object.keys(messages).filter((key) => !(key in source));
    const same = Object.keys(messages).filter((key) => messages[key] === source[key]);
    expect({ unknown, same }).toEqual({ unknown: [], same: [] });
  });

  test.each(COMPLETE)(
    "%s translates every message with words of its own (not the brand, not shared words)",
    (locale) => {
      const messages = allMessages(locale);
      const untranslated = Object.keys(source).filter(
        (key) => messages[key] === source[key] && hasWords(source[key] as string, SHARED_WORDS[locale]),
      );
      expect(untranslated).toEqual([]);
    },
  );
});

describe("messages", () => {
  test.each(LOCALES)("every %s message parses as ICU MessageFormat", (locale) => {
    const broken: string[] = [];
    for (const [key, text] of Object.entries(allMessages(locale))) {
      try {
        ast(text);
      } catch (error) {
        broken.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test.each(LOCALES.filter((locale) => locale !== SOURCE_LOCALE))(
    "every %s message uses the same placeholders as en-GB",
    (locale) => {
      const differing: string[] = [];
      for (const [key, text] of Object.entries(allMessages(locale))) {
        const english = source[key];
        if (english === undefined) continue;
        const want = argumentNames(english).join(", ");
        const got = argumentNames(text).join(", ");
        if (want !== got) differing.push(`${key}: en-GB {${want}}, ${locale} {${got}}`);
      }
      expect(differing).toEqual([]);
    },
  );

  test.each(LOCALES)("every %s plural has the categories its language needs", (locale) => {
    // Exact matches stand in for categories that hold one number only (Arabic zero, one, two).
    const exact: Record<string, string> = { zero: "=0", one: "=1", two: "=2" };
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    // Arabic must spell out every form; the others need "one" and "other" (es "many" is for a
    // million and more, where "other" reads correctly).
    const required = locale === "ar" ? needed : needed.filter((category) => category === "one" || category === "other");
    const short: string[] = [];
    for (const [key, text] of Object.entries(allMessages(locale))) {
      const englishPlurals = pluralArguments(source[key] ?? "");
      for (const [name, optionSets] of pluralArguments(text)) {
        if (locale !== SOURCE_LOCALE && !englishPlurals.has(name)) continue;
        for (const options of optionSets) {
          const missing = required.filter(
            (category) => !options.includes(category) && !(exact[category] && options.includes(exact[category])),
          );
          if (missing.length > 0) short.push(`${key} {${name}}: no ${missing.join(", ")}`);
        }
      }
    }
    expect(short).toEqual([]);
  });

  test.each(COMPLETE)("where en-GB has a plural, %s has one for the same argument", (locale) => {
    const messages = allMessages(locale);
    const lost: string[] = [];
    for (const [key, english] of Object.entries(source)) {
      const text = messages[key];
      if (text === undefined) continue;
      const translated = pluralArguments(text);
      for (const name of pluralArguments(english).keys())
        if (!translated.has(name)) lost.push(`${key}: {${name}} is not a plural`);
    }
    expect(lost).toEqual([]);
  });
});
