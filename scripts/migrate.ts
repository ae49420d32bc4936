/**
 * bun run migrate            apply every pending migration
 * bun run migrate down       undo the latest migration
 * bun run migrate status     list migrations and whether they ran
 */
import { db } from "../src/platform/db";
import { assertMigrated, migrator } from "../src/platform/db/migrate";

const command = process.argv[2] ?? "up";
const migrations = migrator(db);

try {
  if (command === "up") {
    const applied = assertMigrated(await migrations.migrateToLatest());
    console.log(applied.length ? applied.join("\n") : "database is up to date");
  } else if (command === "down") {
    const undone = assertMigrated(await migrations.migrateDown());
    console.log(undone.length ? undone.join("\n") : "nothing to undo");
  } else if (command === "status") {
    for (const migration of await migrations.getMigrations()) {
      console.log(`${migration.executedAt ? "applied" : "pending"}  ${migration.name}`);
    }
  } else {
    console.error(`Unknown command "${command}". Use: up | down | status`);
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
