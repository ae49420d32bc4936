import { describe, expect, test } from "bun:test";
import { CsvFormatError, cellText, decodeUtf8, detectSeparator, parseCsv } from "./csv-parse";
import { csvLine } from "./csv-write";

describe("CSV parsing", () => {
  test("a UTF-8 byte-order mark is dropped, and the text around it kept", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("name,code\nZoë,Z1\n")]);
    const parsed = parseCsv(decodeUtf8(bytes));
    expect(parsed.records).toEqual([
      ["name", "code"],
      ["Zoë", "Z1"],
    ]);
    expect(parseCsv("\uFEFFa,b\n").records).toEqual([["a", "b"]]);
  });

  test("bytes that are not UTF-8 are refused as a whole", () => {
    expect(() => decodeUtf8(new Uint8Array([0x4e, 0xe9, 0x2c]))).toThrow(CsvFormatError);
  });

  test("a semicolon-separated file (European spreadsheets) is detected from its header", () => {
    expect(detectSeparator('name;"a,b";code\n')).toBe(";");
    expect(detectSeparator("name,code;x\n")).toBe(",");
    const parsed = parseCsv("name;date_of_birth\r\nAda, Countess;2015-03-04\r\n");
    expect(parsed.separator).toBe(";");
    expect(parsed.records[1]).toEqual(["Ada, Countess", "2015-03-04"]);
  });

  test("quoted fields keep separators, doubled quotes and line breaks; CRLF ends records", () => {
    const parsed = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n"",plain,\r\n');
    expect(parsed.records).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\r\nlines"],
      ["", "plain", ""],
    ]);
    expect(parsed.lines).toEqual([1, 2, 4]);
  });

  test("blank lines and a missing final newline change nothing", () => {
    expect(parseCsv("a,b\n\n1,2").records).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a\n\n\n").records).toEqual([["a"]]);
  });

  test("an unclosed quote names the line it opened on", () => {
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
      throw new Error("expected a CsvFormatError");
    } catch (error) {
      expect(error).toBeInstanceOf(CsvFormatError);
      expect((error as CsvFormatError).reason).toBe("unclosedQuote");
      expect((error as CsvFormatError).line).toBe(2);
    }
  });

  test("more records than allowed stop the parse", () => {
    expect(() => parseCsv("h\n1\n2\n3\n", 3)).toThrow(CsvFormatError);
    expect(parseCsv("h\n1\n2\n", 3).records).toHaveLength(3);
  });

  test("formula-looking cells are text as typed; our own export's apostrophe comes off again", () => {
    const parsed = parseCsv('name,note\n=1+2,"=HYPERLINK(""http://x"")"\n+44 20,@SUM(A1)\n-3,ok\n');
    expect(parsed.records[1]).toEqual(["=1+2", '=HYPERLINK("http://x")']);
    expect(parsed.records[2]).toEqual(["+44 20", "@SUM(A1)"]);
    expect(cellText("  =1+2 ")).toBe("=1+2");
    expect(cellText("'plain")).toBe("'plain");
    // Round trip: what the exports module writes reads back as the same text.
    const exported = csvLine(["=cmd|' /C calc'!A0", "O'Brien", "-2"]);
    const [cells] = parseCsv(exported).records;
    expect(cells?.map(cellText)).toEqual(["=cmd|' /C calc'!A0", "O'Brien", "-2"]);
  });
});
