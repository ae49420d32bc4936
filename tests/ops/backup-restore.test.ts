import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  createScratchDatabase,
  migrate,
  runScript,
  type ScratchDatabase,
  type ScriptResult,
  scratchDir,
  tableFingerprints,
} from "../support/ops";

let database: ScratchDatabase;
let dir: { path: string; remove(): Promise<void> };
let passphraseFile: string;

/**
 * Data of every awkward kind: the real schema (from the migrations) plus a table of our own, so the
 * round trip does not depend on the columns other areas give their tables.
 */
async function addData(sql: ScratchDatabase["sql"]): Promise<void> {
  await sql`insert into centres (slug, name) values (${`north-${crypto.randomUUID().slice(0, 6)}`}, 'North'), (${`south-${crypto.randomUUID().slice(0, 6)}`}, 'South')`;
  await sql`create table ops_probe (
    id bigint generated always as identity primary key, label text, amount numeric(12, 4), at timestamptz,
    tags text[], doc jsonb, blob bytea, flag boolean)`;
  for (let i = 0; i < 50; i++) {
    await sql`insert into ops_probe (label, amount, at, tags, doc, blob, flag) values (
      ${`row ${i} — “quotes”, 'apostrophes', émojis 🎓\nnew line`}, ${i * 1.2345}, ${new Date(Date.UTC(2026, 0, 1, 0, i))},
      ${[`t${i}`, "shared"]}, ${sql.json({ i, nested: { ok: i % 2 === 0 } })}, ${Buffer.from([0, i, 255])}, ${i % 3 === 0})`;
  }
}

function backup(...args: string[]): Promise<ScriptResult> {
  return runScript("backup-database.sh", ["--database-url", database.url, "--dir", dir.path, ...args]);
}

function restore(...args: string[]): Promise<ScriptResult> {
  return runScript("restore-database.sh", ["--database-url", database.url, "--dir", dir.path, ...args]);
}

async function wipe(): Promise<void> {
  await database.sql.unsafe("drop schema public cascade; create schema public");
}

beforeAll(async () => {
  database = await createScratchDatabase("backup");
  dir = await scratchDir("backups");
  passphraseFile = join(dir.path, "passphrase");
  await writeFile(passphraseFile, "correct horse battery staple", { mode: 0o600 });
  await migrate(database.url);
  await addData(database.sql);
});

afterAll(async () => {
  await database?.drop();
  await dir?.remove();
});

describe("backup → wipe → restore", () => {
  test("every table comes back with identical row counts and checksums", async () => {
    const before = await tableFingerprints(database.sql);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(3);

    const made = await backup("--label", "roundtrip", "--offsite", "never");
    expect(made.code).toBe(0);
    const dump = made.stdout.trim().split("\n").at(-1)!;
    expect(basename(dump)).toMatch(/^aetherlearn_\d{8}T\d{6}\.\d{3}Z_roundtrip\.dump$/);
    expect(await Bun.file(`${dump}.sha256`).exists()).toBe(true);

    await wipe();
    expect(await tableFingerprints(database.sql)).toEqual({});

    const restored = await restore("latest", "--yes");
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain("verified:");
    expect(await tableFingerprints(database.sql)).toEqual(before);
  });

  test("the weekly copy is encrypted, stored through the storage layer, and restores", async () => {
    const before = await tableFingerprints(database.sql);
    const made = await backup("--offsite", "always", "--passphrase-file", passphraseFile);
    expect(made.code).toBe(0);
    const key = `weekly/${basename(made.stdout.trim().split("\n").at(-1)!)}.gpg`;
    const stored = join(process.env.DATA_DIR!, "storage", "aetherlearn-backups", key);
    const bytes = new Uint8Array(await Bun.file(stored).arrayBuffer());
    // An OpenPGP symmetrically encrypted message, not a readable pg_dump archive ("PGDMP").
    expect(new TextDecoder().decode(bytes.slice(0, 5))).not.toBe("PGDMP");
    expect(bytes.byteLength).toBeGreaterThan(100);

    await wipe();
    const restored = await restore("--offsite", key, "--passphrase-file", passphraseFile, "--yes");
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain("verified:");
    expect(await tableFingerprints(database.sql)).toEqual(before);
  });

  test("a damaged dump is refused before anything is touched", async () => {
    const made = await backup("--label", "damaged", "--offsite", "never");
    const dump = made.stdout.trim().split("\n").at(-1)!;
    const bytes = new Uint8Array(await Bun.file(dump).arrayBuffer());
    bytes[bytes.length - 10]! ^= 0xff;
    await Bun.write(dump, bytes);
    const before = await tableFingerprints(database.sql);

    const result = await restore("--file", dump, "--yes");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("does not match its checksum");
    expect(await tableFingerprints(database.sql)).toEqual(before);
  });

  test("restoring without --yes outside a terminal is refused", async () => {
    const made = await backup("--label", "unconfirmed", "--offsite", "never");
    const result = await restore("--file", made.stdout.trim().split("\n").at(-1)!);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("without --yes");
  });

  test("dumps older than the retention are deleted, younger ones kept", async () => {
    const old = join(dir.path, "aetherlearn_20200101T000000.000Z.dump");
    const recent = join(dir.path, "aetherlearn_20200201T000000.000Z.dump");
    for (const [file, daysAgo] of [
      [old, 40],
      [recent, 10],
    ] as const) {
      await writeFile(file, "x");
      const when = new Date(Date.now() - daysAgo * 86_400_000);
      await utimes(file, when, when);
    }
    expect((await backup("--retention-days", "30", "--offsite", "never")).code).toBe(0);
    const left = await readdir(dir.path);
    expect(left).not.toContain(basename(old));
    expect(left).toContain(basename(recent));
  });

  test("the off-site copy without a passphrase fails loudly but keeps the local dump", async () => {
    const result = await backup("--offsite", "always", "--passphrase-file", join(dir.path, "missing"));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("passphrase");
  });
});
