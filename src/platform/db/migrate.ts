import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from "kysely/migration";
import type { Database } from "./schema";

const MIGRATIONS_DIR = join(import.meta.dir, "../../../migrations");

/** Reads `migrations/NNNN_name.ts` in name order; each file exports `up` and `down`. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) migrations[file.replace(/\.ts$/, "")] = await import(join(MIGRATIONS_DIR, file));
    return migrations;
  }
}

export function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db: db as Kysely<unknown>, provider: new FolderMigrationProvider() });
}

/** Throws with the failing migration's name so scripts and tests stop loudly. */
export function assertMigrated({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const detail = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${detail}`);
  }
  return (results ?? []).map((result) => `${result.direction} ${result.migrationName}`);
}
