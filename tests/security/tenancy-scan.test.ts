import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Glob } from "bun";

const ROOT = join(import.meta.dir, "../..");

/** Tenant tables: every table whose migration gives it a centre_id column. */
function tenantTables(): string[] {
  const tables = new Set<string>();
  for (const file of readdirSync(join(ROOT, "migrations"))) {
    const text = readFileSync(join(ROOT, "migrations", file), "utf8");
    for (const match of text.matchAll(/createTable\("(\w+)"\)([\s\S]*?)\.execute\(\)/g)) {
      if (/addColumn\("centre_id"/.test(match[2] ?? "")) tables.add(match[1] as string);
    }
  }
  return [...tables].sort();
}

function moduleSources(): string[] {
  const files = [...new Glob("src/modules/**/*.{ts,tsx}").scanSync(ROOT)];
  return files.filter(
    (file) => !file.endsWith(".test.ts") && !file.endsWith(".test.tsx") && statSync(join(ROOT, file)).isFile(),
  );
}

describe("tenancy by construction", () => {
  const tables = tenantTables();

  test("the migrations define tenant tables", () => {
    expect(tables).toContain("users");
    expect(tables).toContain("guardianships");
  });

  const direct = new RegExp(
    `\\.(selectFrom|updateTable|deleteFrom)\\(\\s*"(${tables.join("|")})(\\s+as\\s+\\w+)?"`,
    "g",
  );

  test("the scan recognises a direct query on a tenant table", () => {
    expect('db.selectFrom("users").selectAll()'.match(direct)).not.toBeNull();
    direct.lastIndex = 0;
    expect('db.selectFrom("centres").selectAll()'.match(direct)).toBeNull();
    direct.lastIndex = 0;
  });

  test("modules reach tenant tables only through the centre-scoped helpers", () => {
    const offences: string[] = [];
    for (const file of moduleSources()) {
      const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, index) => {
        // An explicit, reviewed exception names why the query is platform-wide on the same line.
        if (direct.test(line) && !line.includes("// platform-wide:"))
          offences.push(`${relative(ROOT, join(ROOT, file))}:${index + 1}: ${line.trim()}`);
        direct.lastIndex = 0;
      });
    }
    expect(offences).toEqual([]);
  });

  test("joins onto tenant tables match the centre too", () => {
    const joinPattern = new RegExp(`\\.(innerJoin|leftJoin)\\(\\s*"(${tables.join("|")})"`, "g");
    const offences: string[] = [];
    for (const file of moduleSources()) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const match of text.matchAll(joinPattern)) {
        const following = text.slice(match.index, match.index + 400);
        if (!following.includes("centre_id")) offences.push(`${file}: ${following.split("\n")[0]}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
