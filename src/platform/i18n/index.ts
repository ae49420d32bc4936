/**
 * Localisation: every user-facing text through a message catalogue (src/locales), every date and
 * number through `Intl`, in the language and time zone of the work in progress.
 */
export {
  beginRequestLocalisation,
  currentLocale,
  currentLocalisation,
  type Localisation,
  settleRequestLocalisation,
  withLocalisation,
} from "./context";
export { COUNT_CAP, formatCount } from "./count";
export {
  type DateStyle,
  firstDayOfWeek,
  formatDate,
  formatDateParts,
  formatDateTime,
  formatList,
  formatLocalDate,
  formatNumber,
  formatPercent,
  formatTime,
  weekdayName,
  weekdaysInOrder,
} from "./format";
export {
  directionOf,
  FALLBACK,
  isLocale,
  LOCALE_NAMES,
  LOCALES,
  type Locale,
  negotiateLocale,
  SOURCE_LOCALE,
} from "./locales";
export { lazy, type MessageKey, type MessageValues, messageSource, t, tIn } from "./translate";
