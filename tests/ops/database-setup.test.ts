import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import postgres from "postgres";
import { migrate, ROOT, runScript, scratchDir } from "../support/ops";
import { freePort } from "../support/processes";

// database-setup.sh creates roles and databases, so it gets a whole PostgreSQL server of its own.
const HELPER = join(ROOT, "tests/support/throwaway-postgres.sh");
const port = freePort();
const adminUrl = `postgres://admin:admin-pw@127.0.0.1:${port}/postgres`;
const appUrl = `postgres://aetherlearn:app-pw-${crypto.randomUUID().slice(0, 8)}@127.0.0.1:${port}/aetherlearn`;
const ownerUrl = `postgres://aetherlearn_owner:owner-pw-${crypto.randomUUID().slice(0, 8)}@127.0.0.1:${port}/aetherlearn`;
let dataDir = "";
let app: postgres.Sql;

const setup = (...args: string[]) =>
  runScript("database-setup.sh", ["--admin-url", adminUrl, "--app-url", appUrl, "--owner-url", ownerUrl, ...args]);

async function appFails(statement: string): Promise<string> {
  try {
    await app.unsafe(statement);
    return "allowed";
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  const started = await runScript(HELPER, [
    "start",
    `${process.env.TEST_INSTANCE ?? "test"}/setup`,
    String(port),
    "admin",
    "admin-pw",
  ]);
  if (started.code !== 0) throw new Error(`throwaway PostgreSQL did not start: ${started.stderr}`);
  dataDir = started.stdout.trim();
  app = postgres(appUrl, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await app?.end({ timeout: 1 });
  if (dataDir) await runScript(HELPER, ["stop", dataDir]);
});

describe("database-setup.sh on a fresh server", () => {
  test("creates both roles, the database and the extensions, owned by the owner; a second run changes nothing", async () => {
    const first = await setup();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("database aetherlearn is ready");
    const again = await setup();
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("warning");

    const owner = postgres(ownerUrl, { max: 1 });
    const extensions = await owner`select extname, extowner::regrole::text as owner from pg_extension
      where extname in ('citext', 'pgcrypto') order by 1`;
    const [roles] = await owner`select bool_or(rolsuper or rolcreatedb or rolcreaterole) as powerful from pg_roles
      where rolname in ('aetherlearn', 'aetherlearn_owner')`;
    await owner.end();
    expect(extensions.map((row) => `${row.extname}=${row.owner}`)).toEqual([
      "citext=aetherlearn_owner",
      "pgcrypto=aetherlearn_owner",
    ]);
    expect(roles?.powerful).toBe(false);
  });

  test("after migrating as the owner, the app writes rows but only appends to audit_events and never changes the schema", async () => {
    await migrate(ownerUrl);
    expect((await runScript("database-setup.sh", ["--grants-only", "--owner-url", ownerUrl])).code).toBe(0);

    const [centre] =
      await app`insert into centres (slug, name) values (${`setup-${crypto.randomUUID().slice(0, 6)}`}, 'Setup') returning id`;
    await app`update centres set name = 'Renamed' where id = ${centre!.id}`;
    await app`insert into audit_events (centre_id, action, request_id, hash)
      values (${centre!.id}, 'centre.created', 'req-1', ${"a".repeat(64)})`;
    expect((await app`select count(*)::int as n from audit_events`)[0]?.n).toBe(1);

    expect(await appFails("update audit_events set ip = 'x'")).toContain("permission denied for table audit_events");
    expect(await appFails("delete from audit_events")).toContain("permission denied for table audit_events");
    expect(await appFails("truncate audit_events")).toContain("permission denied for table audit_events");
    expect(await appFails("create table intruder (id int)")).toContain("permission denied for schema public");
    expect(await appFails("drop table centres cascade")).toContain("must be owner");
  });

  test("a backup taken as the app and restored as the owner keeps the app's privileges as they were", async () => {
    const dir = await scratchDir("setup-backups");
    try {
      const made = await runScript("backup-database.sh", [
        "--database-url",
        appUrl,
        "--dir",
        dir.path,
        "--offsite",
        "never",
      ]);
      expect(made.code).toBe(0);
      const dump = made.stdout.trim().split("\n").at(-1)!;
      const restored = await runScript("restore-database.sh", ["--database-url", ownerUrl, "--file", dump, "--yes"]);
      expect(restored.stderr).toContain("verified:");
      expect(restored.code).toBe(0);

      const [privileges] = await app`select has_table_privilege('audit_events', 'INSERT') as audit_insert,
        has_table_privilege('audit_events', 'UPDATE') as audit_update, has_table_privilege('centres', 'UPDATE') as centres_update`;
      expect(privileges).toEqual({ audit_insert: true, audit_update: false, centres_update: true });
      expect((await app`select count(*)::int as n from audit_events`)[0]?.n).toBe(1);
    } finally {
      await dir.remove();
    }
  });

  test("bad input is refused with the reason", async () => {
    const otherDb = ownerUrl.replace(/\/aetherlearn$/, "/elsewhere");
    const mismatch = await runScript("database-setup.sh", [
      "--admin-url",
      adminUrl,
      "--app-url",
      appUrl,
      "--owner-url",
      otherDb,
    ]);
    expect(mismatch.code).not.toBe(0);
    expect(mismatch.stderr).toContain("different databases");
    const sameRole = await runScript("database-setup.sh", [
      "--admin-url",
      adminUrl,
      "--app-url",
      appUrl,
      "--owner-url",
      appUrl,
    ]);
    expect(sameRole.stderr).toContain("must be different roles");
    const noUrl = await runScript("database-setup.sh", [], { DATABASE_URL: "", MIGRATE_DATABASE_URL: "" });
    expect(noUrl.stderr).toContain("no owner URL");
  });
});
