/**
 * Reads a CSV file as spreadsheets save it (RFC 4180 and its common variants): UTF-8 with or
 * without a byte-order mark, comma or semicolon separated (whichever the header line uses
 * outside quotes), CRLF or LF line ends, quoted fields holding separators, doubled quotes and
 * line breaks. Every cell is text: nothing is evaluated, so a formula-looking cell stays as typed.
 */

export type CsvSeparator = "," | ";";

export interface ParsedCsv {
  separator: CsvSeparator;
  /** Each record's cells, blank lines left out; `lines[i]` is the line record i starts on (1-based). */
  records: string[][];
  lines: number[];
}

/** Why a file cannot be read as CSV at all (as opposed to a row with a bad value). */
export class CsvFormatError extends Error {
  constructor(
    readonly reason: "notUtf8" | "unclosedQuote" | "tooManyRecords",
    readonly line: number,
  ) {
    super(`${reason} at line ${line}`);
  }
}

/** Decodes bytes as UTF-8, dropping a byte-order mark; bytes that are not UTF-8 are refused. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvFormatError("notUtf8", 1);
  }
}

/** The separator the header line uses most, outside quotes; a comma when it uses neither. */
export function detectSeparator(text: string): CsvSeparator {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas++;
    else if (!quoted && char === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/** Parses CSV text (BOM already removed or not); stops with tooManyRecords past `maxRecords`. */
export function parseCsv(input: string, maxRecords = Number.POSITIVE_INFINITY): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = detectSeparator(text);
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedOn = 0;
  let cellWasQuoted = false;

  const endRecord = () => {
    record.push(cell);
    // A line with nothing on it is no record (a trailing newline, a blank line between rows).
    if (!(record.length === 1 && record[0] === "" && !cellWasQuoted)) {
      if (records.length >= maxRecords) throw new CsvFormatError("tooManyRecords", recordLine);
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
    cell = "";
    cellWasQuoted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell === "") {
      quoted = true;
      cellWasQuoted = true;
      quoteOpenedOn = line;
    } else if (char === separator) {
      record.push(cell);
      cell = "";
      cellWasQuoted = false;
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // A quote inside an unquoted cell is kept as typed, as spreadsheets read it.
      cell += char;
    }
  }
  if (quoted) throw new CsvFormatError("unclosedQuote", quoteOpenedOn);
  if (cell !== "" || record.length > 0 || cellWasQuoted) endRecord();
  return { separator, records, lines };
}

const FORMULA_START = /^[=+\-@]/;

/**
 * A cell as it is stored: trimmed, and with the apostrophe our own CSV exports put before a
 * formula-looking value (src/platform/csv-write.ts) taken off again, so an exported file imports
 * back as the same text. The value itself is never evaluated.
 */
export function cellText(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.startsWith("'") && FORMULA_START.test(trimmed.slice(1)) ? trimmed.slice(1) : trimmed;
}

/** Whether a value would start a formula in a spreadsheet (for the preview's warning). */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}
