import { describe, expect, test } from "bun:test";
import { csvCell, csvLine } from "./csv";

describe("CSV cells", () => {
  test("plain text and numbers are written as they are", () => {
    expect(csvCell("Ada Lovelace")).toBe("Ada Lovelace");
    expect(csvCell(7.5)).toBe("7.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
  });

  test("commas, quotes and line breaks are quoted with inner quotes doubled (RFC 4180)", () => {
    expect(csvCell('O\'Brien, "Bo"')).toBe('"O\'Brien, ""Bo"""');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  test("text a spreadsheet would run as a formula is defused with an apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell("+1 well done")).toBe("'+1 well done");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("a=b")).toBe("a=b");
  });

  test("a line ends with CRLF", () => {
    expect(csvLine(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});
