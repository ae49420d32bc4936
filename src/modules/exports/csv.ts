/** One CSV cell's value before quoting; null is an empty cell. */
export type CsvValue = string | number | boolean | null;

/** A spreadsheet runs a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell, RFC 4180: quoted when it holds a comma, quote or line break, inner quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers are written
 * as numbers, so a negative mark stays a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, ended with CRLF as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
