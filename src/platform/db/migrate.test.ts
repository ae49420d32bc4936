import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { createScratchDatabase, type ScratchDatabase } from "../../../tests/support/ops";
import { createDb } from "./index";
import { assertMigrated, migrator } from "./migrate";

// A scratch database of its own: migrating down and up must not disturb the shared test database.
// Migrations run as the owner role, as in production.
let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase("migrate");
});
afterAll(async () => {
  await scratch?.drop();
});

describe("migrations", () => {
  test("apply from empty, roll all the way down, and apply again", async () => {
    const db = createDb(scratch.url, 2);
    try {
      const migrations = migrator(db);
      const applied = assertMigrated(await migrations.migrateToLatest());
      expect(applied.length).toBeGreaterThan(0);
      const all = await migrations.getMigrations();
      expect(all.every((migration) => migration.executedAt)).toBe(true);

      for (let i = 0; i < all.length; i++) assertMigrated(await migrations.migrateDown());
      const tables = await sql<{ count: string }>`
        select count(*)::text as count from information_schema.tables
        where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db);
      expect(tables.rows[0]?.count).toBe("0");

      assertMigrated(await migrations.migrateToLatest());
      expect((await migrations.getMigrations()).every((migration) => migration.executedAt)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
