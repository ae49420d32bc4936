import { describe, expect, test } from "bun:test";
import { csvCell, csvLine } from "./csv-write";

/** What a spreadsheet sees in each piece after splitting a cell's text at a separator. */
function piecesAfterSplit(cell: string, separator: string): string[] {
  const text = cell.replace(/^"|"$/g, "").replaceAll('""', '"');
  return text.split(separator);
}

describe("CSV cells", () => {
  test("text is always quoted; numbers are written as numbers", () => {
    expect(csvCell("Ada Lovelace")).toBe('"Ada Lovelace"');
    expect(csvCell(7.5)).toBe("7.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
  });

  test("commas, quotes and line breaks stay inside the quotes with inner quotes doubled (RFC 4180)", () => {
    expect(csvCell('O\'Brien, "Bo"')).toBe('"O\'Brien, ""Bo"""');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  test("text a spreadsheet would run as a formula is defused with an apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell("+1 well done")).toBe('"\'+1 well done"');
    expect(csvCell("-2+3")).toBe('"\'-2+3"');
    expect(csvCell("@SUM(A1:A2)")).toBe('"\'@SUM(A1:A2)"');
    expect(csvCell("\t=1")).toBe("\"'\t'=1\"");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvCell("a=b")).toBe('"a=b"');
  });

  // Failed before the fix: "Ava;=1+1" was written bare, and a spreadsheet splitting on ";" ran =1+1.
  test("a formula after a semicolon, tab, comma or pipe inside a cell is defused too", () => {
    expect(csvCell("Ava;=1+1")).toBe("\"'Ava;'=1+1\"");
    expect(csvCell("Ava\t=1+1")).toBe("\"'Ava\t'=1+1\"");
    expect(csvCell("Ava,@SUM(A1)")).toBe("\"'Ava,'@SUM(A1)\"");
    expect(csvCell("Ava|-1")).toBe("\"'Ava|'-1\"");
    for (const hostile of ["Ava;=1+1", 'x";=cmd|"/C calc"!A0', "a\t+1;-2,@3|=4", "=1;=2\t=3"]) {
      for (const separator of [",", ";", "\t", "|"]) {
        for (const piece of piecesAfterSplit(csvCell(hostile), separator)) expect(piece).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  test("a line ends with CRLF", () => {
    expect(csvLine(["a", 1, null, "b,c"])).toBe('"a",1,,"b,c"\r\n');
  });
});
