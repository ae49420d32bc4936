import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { createScratchDatabase, type ScratchDatabase } from "../../../tests/support/ops";
import { createDb } from "../../platform/db";
import { assertMigrated, migrator } from "../../platform/db/migrate";

// A scratch database of its own: migrating down and up must not disturb the shared test database.
let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase("notekinds");
});
afterAll(async () => {
  await scratch?.drop();
});

/** What the app wrote before notifications had kinds, and one note it never wrote. */
const LEGACY = [
  "Your homework “Fractions” was marked: 7.5/10.",
  "Your homework “Lire “vite”” was marked.",
  "New homework: “Équations”.",
  "Ada's PIN is locked after too many wrong guesses. Unlock it, or give a new PIN if the guesses were not theirs.",
  "Adam Admin (centre admin) gave Sam a new PIN.",
  "Note 7",
];

describe("migration 0013: notifications as kinds", () => {
  test("sentences the app wrote become kinds with parameters; down keeps every row's words", async () => {
    const db = createDb(scratch.url, 2);
    try {
      const migrations = migrator(db);
      assertMigrated(await migrations.migrateTo("0012_locales"));
      const centre = await sql<{ id: string }>`
        insert into centres (slug, name) values ('legacy-notes', 'Legacy') returning id`.execute(db);
      const centreId = centre.rows[0]?.id;
      const user = await sql<{ id: string }>`
        insert into users (centre_id, role, name, email_lookup) values (${centreId}, 'parent', 'Paula', 'lookup') returning id`.execute(
        db,
      );
      const userId = user.rows[0]?.id;
      for (const text of LEGACY) {
        await sql`insert into notifications (centre_id, user_id, text) values (${centreId}, ${userId}, ${text})`.execute(
          db,
        );
      }

      assertMigrated(await migrations.migrateToLatest());
      const rows = await sql<{ kind: string | null; params: unknown; text: string }>`
        select kind, params, text from notifications order by id`.execute(db);
      expect(rows.rows.map(({ kind, params }) => ({ kind, params }))).toEqual([
        { kind: "homework_marked_score", params: { title: "Fractions", score: 7.5, maxScore: 10 } },
        { kind: "homework_marked", params: { title: "Lire “vite”" } },
        { kind: "homework_assigned", params: { title: "Équations" } },
        { kind: "pin_locked", params: { student: "Ada" } },
        { kind: "pin_reset", params: { resetBy: "Adam Admin", role: "centre_admin", student: "Sam" } },
        { kind: null, params: null },
      ]);
      expect(rows.rows.map((row) => row.text)).toEqual(LEGACY);

      // Down to before 0013, through every later migration's down.
      assertMigrated(await migrations.migrateTo("0012_locales"));
      const after = await sql<{ text: string }>`select * from notifications order by id`.execute(db);
      expect(after.rows.map((row) => row.text)).toEqual(LEGACY);
      expect(Object.keys(after.rows[0] ?? {})).not.toContain("kind");
    } finally {
      await db.destroy();
    }
  });
});
