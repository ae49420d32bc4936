import { AsyncLocalStorage } from "node:async_hooks";
import { type Locale, SOURCE_LOCALE } from "./locales";

/**
 * The language and clock text is rendered in, for the work in progress: one request, one email,
 * one PDF. Views, validation messages and formatters read it instead of having a locale threaded
 * through every component (as Rails' I18n.locale is per thread).
 */
export interface Localisation {
  locale: Locale;
  /** The centre's time zone: where dates and times are shown. UTC outside any centre. */
  timeZone: string;
}

const storage = new AsyncLocalStorage<Localisation>();

const DEFAULT: Localisation = { locale: SOURCE_LOCALE, timeZone: "UTC" };

export function currentLocalisation(): Localisation {
  return storage.getStore() ?? DEFAULT;
}

export function currentLocale(): Locale {
  return currentLocalisation().locale;
}

/** Runs work (an email, a PDF, a live fragment) in a given language and time zone. */
export function withLocalisation<T>(localisation: Partial<Localisation>, work: () => T): T {
  return storage.run({ ...currentLocalisation(), ...localisation }, work);
}

/**
 * Opens a fresh localisation for a request, before anything else runs for it (an onRequest
 * hook). The guard fills it in once it knows who asks; everything later in the request sees it.
 */
export function beginRequestLocalisation(locale: Locale): void {
  storage.enterWith({ locale, timeZone: "UTC" });
}

/** Settles the request's language and clock once the person and centre are known. */
export function settleRequestLocalisation(localisation: Localisation): void {
  const store = storage.getStore();
  if (store) Object.assign(store, localisation);
}
