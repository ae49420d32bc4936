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

  /** Joins onto tenant tables whose own condition matches neither centre_id nor goes through tenantJoin. */
  function unscopedJoins(text: string): string[] {
    const joinPattern = new RegExp(`\\.(innerJoin|leftJoin)\\(\\s*"(${tables.join("|")})"`, "g");
    const offences: string[] = [];
    for (const match of text.matchAll(joinPattern)) {
      // The join's own condition: up to the next join, or 400 characters.
      const following = text.slice(match.index, match.index + 400);
      const next = following.slice(1).search(/\.(innerJoin|leftJoin)\(/);
      const condition = next === -1 ? following : following.slice(0, next + 1);
      if (!condition.includes("centre_id") && !condition.includes("tenantJoin("))
        offences.push(following.split("\n")[0]!);
    }
    return offences;
  }

  test("the join scan tells a join on the key alone from one through tenantJoin or on centre_id", () => {
    const text = [
      `.innerJoin("homework", (join) => join.onRef("homework.id", "=", "submissions.homework_id"))`,
      `.innerJoin("users", tenantJoin("users.id", "submissions.student_id"))`,
      `.leftJoin("classes", (join) => join.onRef("classes.id", "=", "homework.class_id").onRef("classes.centre_id", "=", "homework.centre_id"))`,
    ].join("\n");
    expect(unscopedJoins(text)).toEqual([
      `.innerJoin("homework", (join) => join.onRef("homework.id", "=", "submissions.homework_id"))`,
    ]);
  });

  test("joins onto tenant tables match the centre too (by hand, or through tenantJoin)", () => {
    const offences = moduleSources().flatMap((file) =>
      unscopedJoins(readFileSync(join(ROOT, file), "utf8")).map((line) => `${file}: ${line}`),
    );
    expect(offences).toEqual([]);
  });
});
