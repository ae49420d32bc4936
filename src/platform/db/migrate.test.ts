import { afterAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import postgres from "postgres";
import { createDb } from "./index";
import { assertMigrated, migrator } from "./migrate";

// A scratch database of its own: migrating down and up must not disturb the shared test database.
const scratchName = `aetherlearn_migrate_${process.pid}_test`;
const admin = postgres(process.env.TEST_PG_ADMIN_URL as string, { max: 1, onnotice: () => {} });
const scratchUrl = (process.env.DATABASE_URL as string).replace(/\/[^/]+$/, `/${scratchName}`);

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${scratchName}" with (force)`);
  await admin.end();
});

describe("migrations", () => {
  test("apply from empty, roll all the way down, and apply again", async () => {
    await admin.unsafe(`drop database if exists "${scratchName}" with (force)`);
    await admin.unsafe(`create database "${scratchName}"`);
    const db = createDb(scratchUrl, 2);
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
