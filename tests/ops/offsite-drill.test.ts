import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import {
  createScratchDatabase,
  migrate,
  runScript,
  type ScratchDatabase,
  scratchDir,
  tableFingerprints,
} from "../support/ops";

/**
 * The disaster drill of issue 18: data and files written, backed up to the off-site repository (a
 * second, separate Swift account over S3), primary database and storage destroyed, everything
 * restored from off-site only and verified.
 */
let primary: ScratchDatabase;
let restored: ScratchDatabase | undefined;
let dir: { path: string; remove(): Promise<void> };
let backupEnv: Record<string, string>;
const BUCKET = "aetherlearn-documents";
const photo = { key: "", sha256: "" };

async function offsiteCredentials(): Promise<{ access: string; secret: string }> {
  const result = await runScript("bash", [
    "-c",
    'source scripts/lib/common.sh; source scripts/lib/swift.sh; echo "$SWIFT_OFFSITE_S3_ACCESS_KEY $SWIFT_OFFSITE_S3_SECRET_KEY"',
  ]);
  const [access = "", secret = ""] = result.stdout.trim().split(" ");
  return { access, secret };
}

function machine(dataDir: string, database: ScratchDatabase): Record<string, string> {
  return { ...backupEnv, DATABASE_URL: database.url, DATA_DIR: dataDir, STORAGE_DRIVER: "disk" };
}

/** A centre, a tutor and a student, and the student's homework photo: a files row and its object. */
async function writeData(sql: ScratchDatabase["sql"], dataDir: string): Promise<void> {
  const [centre] =
    await sql`insert into centres (slug, name) values (${`drill-${crypto.randomUUID().slice(0, 6)}`}, 'Drill centre') returning id`;
  const [student] = await sql`insert into users (centre_id, role, name, student_code)
    values (${centre!.id}, 'student', 'Ava Drill', 'DR001') returning id`;
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg()
    .toBuffer();
  photo.key = `centres/${centre!.id}/submissions/${crypto.randomUUID()}.jpg`;
  photo.sha256 = createHash("sha256").update(bytes).digest("hex");
  await mkdir(join(dataDir, "storage", BUCKET, photo.key, ".."), { recursive: true });
  await writeFile(join(dataDir, "storage", BUCKET, photo.key), bytes);
  await sql`insert into files (centre_id, owner_id, bucket, object_key, kind, content_type, size_bytes, checksum_sha256, original_name, status, stored_at)
    values (${centre!.id}, ${student!.id}, ${BUCKET}, ${photo.key}, 'submission', 'image/jpeg', ${bytes.length}, ${photo.sha256}, 'page-1.jpg', 'stored', now())`;
}

beforeAll(async () => {
  dir = await scratchDir("offsite");
  const { access, secret } = await offsiteCredentials();
  expect(access).toBe("offsite:backup");
  const passphraseFile = join(dir.path, "backup-passphrase");
  await writeFile(passphraseFile, crypto.randomUUID(), { mode: 0o600 });
  backupEnv = {
    BACKUP_S3_ENDPOINT: process.env.S3_ENDPOINT ?? "",
    BACKUP_S3_BUCKET: `offsite-${crypto.randomUUID().slice(0, 8)}`,
    BACKUP_S3_ACCESS_KEY: access,
    BACKUP_S3_SECRET_KEY: secret,
    BACKUP_PASSPHRASE_FILE: passphraseFile,
    BACKUP_DIR: join(dir.path, "stage"),
    RESTIC_CACHE_DIR: join(dir.path, "restic-cache"),
  };
  primary = await createScratchDatabase("offsite");
  await migrate(primary.url);
  await writeData(primary.sql, join(dir.path, "primary"));
}, 120_000);

afterAll(async () => {
  await primary?.drop();
  await restored?.drop();
  await dir?.remove();
});

describe("off-site backup and the restore drill", () => {
  test("back up, destroy the primary database and storage, restore from off-site only: identical", async () => {
    const before = await tableFingerprints(primary.sql);
    const backup = await runScript(
      "offsite-backup.sh",
      ["--backup-env-file", "/nonexistent"],
      machine(join(dir.path, "primary"), primary),
    );
    expect(backup.stderr).toContain("off-site backup done");
    expect(backup.code).toBe(0);
    const status = JSON.parse(await readFile(join(dir.path, "primary/ops-status/offsite-backup.json"), "utf8"));
    expect(status).toMatchObject({ ok: true, detail: expect.stringContaining("objects") });

    // Encrypted: the off-site copy holds no plaintext and does not open without the passphrase.
    const copy = join(dir.path, "offsite-copy");
    const pulled = await runScript("bun", ["scripts/offsite-sync.ts", "pull", copy], backupEnv);
    expect(pulled.code).toBe(0);
    const leaked = await runScript("grep", ["-rl", "Ava Drill", copy]);
    expect(leaked.stdout).toBe("");
    await writeFile(join(dir.path, "wrong"), "not the passphrase");
    const snooping = await runScript("restic", ["-r", copy, "--no-cache", "snapshots"], {
      RESTIC_PASSWORD_FILE: join(dir.path, "wrong"),
    });
    expect(snooping.code).not.toBe(0);
    expect(snooping.stderr).toContain("wrong password");

    // The server is lost: its database, its storage and the local staging copy.
    await primary.drop();
    await rm(join(dir.path, "primary"), { recursive: true, force: true });
    await rm(backupEnv.BACKUP_DIR as string, { recursive: true, force: true });

    // An empty machine: an empty database, empty storage, only the off-site settings and passphrase.
    restored = await createScratchDatabase("restored");
    const drill = await runScript(
      "restore-drill.sh",
      ["--backup-env-file", "/nonexistent", "--yes"],
      machine(join(dir.path, "new"), restored),
    );
    expect(drill.stderr).toContain("restore drill passed");
    expect(drill.stderr).toContain("files verified: 1 of 1 present with the right SHA-256");
    expect(drill.code).toBe(0);
    expect(await tableFingerprints(restored.sql)).toEqual(before);

    // The student's photo opens.
    const bytes = await readFile(join(dir.path, "new/storage", BUCKET, photo.key));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(photo.sha256);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    const drillStatus = JSON.parse(await readFile(join(dir.path, "new/ops-status/restore-drill.json"), "utf8"));
    expect(drillStatus).toMatchObject({ ok: true });
  }, 240_000);

  test("a drill that cannot reach the repository fails, says why, and is recorded as failed", async () => {
    const target = join(dir.path, "failing");
    const result = await runScript("restore-drill.sh", ["--backup-env-file", "/nonexistent", "--yes"], {
      ...backupEnv,
      BACKUP_S3_BUCKET: "no-such-offsite-bucket",
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
      DATA_DIR: target,
    });
    expect(result.code).not.toBe(0);
    const status = JSON.parse(await readFile(join(target, "ops-status/restore-drill.json"), "utf8"));
    expect(status).toMatchObject({ ok: false, last_success_at: null });
  }, 120_000);
});
