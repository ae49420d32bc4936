import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { publishAuditHeads, recordAudit } from "../src/platform/audit";
import { eventHash } from "../src/platform/audit/canonical";
import { chainedFieldsOf } from "../src/platform/audit/verify";
import { createDb, type Database, db } from "../src/platform/db";
import { DiskStorage } from "../src/platform/storage/disk";
import { createCentre } from "../tests/support/fixtures";
import { createScratchDatabase, migrate, type ScratchDatabase, scratchDir } from "../tests/support/ops";

async function runVerify(...args: string[]) {
  return runVerifyWith({}, ...args);
}

async function runVerifyWith(env: Record<string, string>, ...args: string[]) {
  const child = Bun.spawn(["bun", "scripts/audit-verify.ts", ...args], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, exitCode };
}

describe("bun run audit:verify", () => {
  test("reports an intact chain with its row count and head hash, exit code 0", async () => {
    const { id: centreId, slug } = await createCentre({ label: "verify-cli" });
    const { hash } = await recordAudit(db, {
      centreId,
      actor: { id: null, role: null },
      action: "auth.sign_in_failed",
      request: { ip: "192.0.2.1", userAgent: null, requestId: "req-cli" },
    });
    const result = await runVerify("--centre", centreId);
    expect(result.stdout).toContain(`ok      ${slug} (${centreId}): 1 rows, head ${hash}`);
    expect(result.exitCode).toBe(0);
  });

  test("refuses a malformed centre id with exit code 2", async () => {
    const result = await runVerify("--centre", "not-a-uuid");
    expect(result.stderr).toContain("--centre takes a centre id");
    expect(result.exitCode).toBe(2);
  });
});

// A database and storage of their own: the tampering here is committed, as an attacker's would be.
describe("bun run audit:verify against published heads", () => {
  let scratch: ScratchDatabase;
  let dir: { path: string; remove(): Promise<void> };
  let app: Kysely<Database>;
  let env: Record<string, string>;

  async function centreWithEvents(slug: string, count: number): Promise<string[]> {
    const { id: centreId } = await app
      .insertInto("centres")
      .values({ slug, name: slug, time_zone: "UTC" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const event = await recordAudit(app, {
        centreId,
        actor: { id: null, role: "centre_admin" },
        action: "enrolment.enrol",
        target: { type: "student", id: `student-${i}` },
        after: { enrolled: true },
        request: { ip: "192.0.2.8", userAgent: null, requestId: `req-${slug}-${i}` },
      });
      ids.push(event.id);
    }
    return ids;
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase("auditheads");
    await migrate(scratch.url);
    dir = await scratchDir("audit-heads");
    app = createDb(scratch.appUrl, 2);
    env = { DATABASE_URL: scratch.appUrl, DATA_DIR: dir.path, STORAGE_DRIVER: "disk" };
  }, 60_000);

  afterAll(async () => {
    await app?.destroy();
    await scratch?.drop();
    await dir?.remove();
  });

  test("finds rows deleted off the end and a chain re-hashed by the table owner", async () => {
    const cut = await centreWithEvents("cut-short", 3);
    const rehashed = await centreWithEvents("rehashed", 3);
    const storage = new DiskStorage({
      root: join(dir.path, "storage"),
      baseUrl: "http://127.0.0.1",
      signingSecret: "x",
    });
    await storage.ensureBuckets();
    await publishAuditHeads(app, storage);

    const clean = await runVerifyWith(env);
    expect(clean.stdout).toContain("checking against 2 published heads");
    expect(clean.stdout).toContain("1 published heads match");
    expect(clean.exitCode).toBe(0);

    // As the owner, with the guard trigger off: what the app's role cannot do.
    await scratch.sql.begin(async (sql) => {
      await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
      await sql`delete from audit_events where id = ${cut[2]!}`;
      let prevHash: string | null = null;
      for (const id of rehashed) {
        const [row] = await sql`select * from audit_events where id = ${id}`;
        const fields = chainedFieldsOf({ ...(row as object), id: String(row!.id) } as never);
        const after = id === rehashed[0] ? { enrolled: false } : fields.after;
        const hash = eventHash({ ...fields, after, prev_hash: prevHash });
        await sql`update audit_events set after = ${sql.json(after)}, prev_hash = ${prevHash}, hash = ${hash} where id = ${id}`;
        prevHash = hash;
      }
      await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
    });

    const tampered = await runVerifyWith(env);
    expect(tampered.stdout).toMatch(/BROKEN {2}cut-short .*is gone: the chain was truncated to 2 rows \[truncated\]/);
    expect(tampered.stdout).toMatch(/BROKEN {2}rehashed .*the chain was rewritten up to it \[rehashed\]/);
    expect(tampered.stdout).toContain("the audit log has been tampered with");
    expect(tampered.exitCode).toBe(1);
  }, 60_000);

  test("unreadable published heads fail the check with the reason", async () => {
    const bad = join(dir.path, "storage", "aetherlearn-backups", "audit-heads", "2026", "01", "broken.json");
    await Bun.write(bad, "not json");
    const result = await runVerifyWith(env);
    expect(result.stderr).toContain("could not read the published audit heads");
    expect(result.stderr).toContain("not in the expected form");
    expect(result.exitCode).toBe(1);
  });
});
