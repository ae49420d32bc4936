import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * docs/security.md's policy table against the code: every row names a constant and its file; the
 * figure in the row must be what that constant holds. Rows in another format fail the test, so
 * no row can quietly go unchecked.
 */
const ROOT = join(import.meta.dir, "../..");
const ROW =
  /^\| (?<policy>[^|]+?) \| (?<figure>[^|]+?) \| `(?<constant>[A-Za-z_][A-Za-z0-9_]*)` in (?<file>[\w./-]+\.tsx?) \|$/;

interface PolicyRow {
  line: string;
  policy: string;
  figure: string;
  constant: string;
  file: string;
}

function policyTable(): { rows: PolicyRow[]; malformed: string[] } {
  const text = readFileSync(join(ROOT, "docs/security.md"), "utf8");
  const section = text.slice(text.indexOf("## 6. Policy table"));
  const lines = section.split("\n").filter((line) => line.startsWith("|"));
  const body = lines.filter((line) => !/^\|\s*Policy\s*\|/.test(line) && !/^\|[-\s|]+\|$/.test(line));
  const rows: PolicyRow[] = [];
  const malformed: string[] = [];
  for (const line of body) {
    const match = ROW.exec(line.trim());
    if (match?.groups) rows.push({ line, ...(match.groups as Omit<PolicyRow, "line">) });
    else malformed.push(line);
  }
  return { rows, malformed };
}

/** How a constant is written in the table: a number as digits, a list as its items joined by ", ". */
function written(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return String(value);
}

describe("the policy table in docs/security.md", () => {
  const { rows, malformed } = policyTable();

  test("has rows, every one in the checked format", () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(malformed).toEqual([]);
  });

  test("each figure is what the named constant holds", async () => {
    const differences: string[] = [];
    for (const row of rows) {
      const module = (await import(join(ROOT, row.file))) as Record<string, unknown>;
      if (!(row.constant in module)) {
        differences.push(`${row.file} exports no ${row.constant} (row "${row.policy}")`);
        continue;
      }
      const actual = written(module[row.constant]);
      if (actual !== row.figure)
        differences.push(`${row.policy}: the table says ${row.figure}, ${row.constant} is ${actual}`);
    }
    expect(differences).toEqual([]);
  });

  test("the check notices a wrong figure", () => {
    const wrong = "| Longest PIN (digits) | 9 | `PIN_MAX_LENGTH` in src/modules/people/pin-policy.ts |";
    expect(ROW.exec(wrong)?.groups?.figure).toBe("9");
    expect(written(8)).not.toBe("9");
    expect(written([4, 6])).toBe("4, 6");
  });
});
