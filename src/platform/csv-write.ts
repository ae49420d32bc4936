/** One CSV cell's value before quoting; null is an empty cell. */
export type CsvValue = string | number | boolean | null;

/**
 * The characters a spreadsheet reads as the start of a formula (OWASP CSV injection), and the
 * separators a spreadsheet may split a line on whatever we meant: a comma, a semicolon (European
 * locales), a tab or a pipe. A formula character right after any of them starts a formula too,
 * once the reader has split the cell there.
 */
export const CSV_FORMULA_CHARACTERS = "=+-@\t\r";
export const CSV_SEPARATORS = ",;\t|";

const FORMULA_AT_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /([,;\t|])(?=[=+\-@\t\r])/g;

/**
 * One text cell, neutralised by the OWASP rule and always quoted (RFC 4180, inner quotes doubled):
 * a cell starting with a formula character gets a leading apostrophe, and so does every piece a
 * spreadsheet could split off at a separator, so no reading of the line finds a formula.
 */
function textCell(value: string): string {
  const pieces = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  const safe = FORMULA_AT_START.test(pieces) || pieces !== value ? `'${pieces}` : pieces;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One cell. Numbers and booleans are written bare, so a negative mark stays a number. */
export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return textCell(value);
}

/** One record, ended with CRLF as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
