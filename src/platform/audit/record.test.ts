import { describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { db } from "../db";
import { listenToQueries } from "../db/instrumented-dialect";
import { recordAudit } from "./record";
import { chainsAreIntact, verifyAuditChains } from "./verify";

// Audit rows cannot be deleted, so their centres stay behind in the (throwaway) test database.
async function newCentre(): Promise<string> {
  return (await createCentre({ label: "audit" })).id;
}

const request = { ip: "203.0.113.7", userAgent: "bun test", requestId: "req-audit-test" };

function signIn(centreId: string | null, actorId: string = crypto.randomUUID()) {
  return { centreId, actor: { id: actorId, role: "tutor" }, action: "auth.sign_in" as const, request };
}

describe("recordAudit", () => {
  test("writes a row chained to the previous row of its centre", async () => {
    const centreId = await newCentre();
    const first = await recordAudit(db, signIn(centreId));
    const second = await recordAudit(db, {
      ...signIn(centreId),
      action: "user.role_change",
      target: { type: "user", id: "u-1" },
      before: { role: "tutor" },
      after: { role: "head_tutor" },
    });
    const rows = await db
      .selectFrom("audit_events")
      .selectAll()
      .where("centre_id", "=", centreId)
      .orderBy("id")
      .execute();
    expect(rows.map((row) => row.prev_hash)).toEqual([null, first.hash]);
    expect(rows[1]).toMatchObject({
      id: second.id,
      hash: second.hash,
      action: "user.role_change",
      target_type: "user",
      target_id: "u-1",
      before: { role: "tutor" },
      after: { role: "head_tutor" },
      ip: "203.0.113.7",
      user_agent: "bun test",
      request_id: "req-audit-test",
    });
    expect(rows[1]!.created_at.getTime()).toBe(second.createdAt.getTime());
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId }))).toBe(true);
  });

  test("redacts secrets from before and after, at any depth", async () => {
    const centreId = await newCentre();
    const { id } = await recordAudit(db, {
      ...signIn(centreId),
      action: "user.create",
      after: { name: "Ada", password_hash: "$2b$10$x", pin: "2468", profile: { resetToken: "abc", pinned: true } },
    });
    const row = await db.selectFrom("audit_events").select("after").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.after).toEqual({
      name: "Ada",
      password_hash: "[redacted]",
      pin: "[redacted]",
      profile: { resetToken: "[redacted]", pinned: true },
    });
  });

  test("platform-level events form a chain of their own", async () => {
    const before = await verifyAuditChains(db, { centreId: null });
    await recordAudit(db, { ...signIn(null), actor: { id: null, role: "platform_admin" } });
    await recordAudit(db, { ...signIn(null), action: "centre.create" });
    const [platform] = await verifyAuditChains(db, { centreId: null });
    expect(platform!.rows).toBe((before[0]?.rows ?? 0) + 2);
    expect(platform!.broken).toBeNull();
  });

  test("concurrent writers to one centre never fork its chain", async () => {
    const centreId = await newCentre();
    const writes = Array.from({ length: 30 }, () =>
      db.transaction().execute(async (trx) => recordAudit(trx, signIn(centreId))),
    );
    const recorded = await Promise.all(writes);
    expect(new Set(recorded.map((event) => event.hash)).size).toBe(30);
    const [chain] = await verifyAuditChains(db, { centreId });
    expect(chain).toMatchObject({ rows: 30, broken: null });
    const links = await db.selectFrom("audit_events").select("prev_hash").where("centre_id", "=", centreId).execute();
    expect(new Set(links.map((row) => row.prev_hash)).size).toBe(30);
  });

  test("an audited write is one statement: the lock, the head, the hash and the row together", async () => {
    const centreId = await newCentre();
    const seen: string[] = [];
    const stop = listenToQueries((event) => {
      if (!/^\s*(begin|commit)\b/i.test(event.query.sql)) seen.push(event.query.sql);
    });
    try {
      await db.transaction().execute(async (trx) => {
        await recordAudit(trx, signIn(centreId));
        await recordAudit(trx, { ...signIn(centreId), action: "user.update" });
      });
    } finally {
      stop();
    }
    // Was four (audit_chain_head, then the insert, for each): the lock is no longer held across a
    // round trip to the web process.
    expect(seen).toHaveLength(2);
    expect(seen.filter((text) => text.includes("audit_append("))).toHaveLength(2);
    const [chain] = await verifyAuditChains(db, { centreId });
    expect(chain).toMatchObject({ rows: 2, broken: null });
  });

  test("writers holding the lock in turn each see the row the previous one committed", async () => {
    const centreId = await newCentre();
    // The first writer holds the chain while the others queue on its lock; each must chain to
    // the row committed just before it was let in, not to the head it could see when it asked.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.transaction().execute(async (trx) => {
      const recorded = await recordAudit(trx, signIn(centreId));
      await held;
      return recorded;
    });
    await Bun.sleep(50);
    const waiting = Array.from({ length: 5 }, () =>
      db.transaction().execute((trx) => recordAudit(trx, signIn(centreId))),
    );
    await Bun.sleep(100);
    release();
    await Promise.all([first, ...waiting]);
    const [chain] = await verifyAuditChains(db, { centreId });
    expect(chain).toMatchObject({ rows: 6, broken: null });
  });

  test("commits with the privileged change or not at all", async () => {
    const centreId = await newCentre();
    const failing = db.transaction().execute(async (trx) => {
      await recordAudit(trx, { ...signIn(centreId), action: "settings.update", after: { theme: "dark" } });
      throw new Error("the settings change failed");
    });
    await expect(failing).rejects.toThrow("the settings change failed");
    const [chain] = await verifyAuditChains(db, { centreId });
    expect(chain!.rows).toBe(0);
  });

  test("hostile text (NUL, lone surrogates, huge snapshots) is stored and still verifies", async () => {
    const centreId = await newCentre();
    const hostile = `a\u0000b\ud800c ${"ü".repeat(5000)}`;
    await recordAudit(db, {
      ...signIn(centreId),
      action: "user.update",
      target: { type: "user", id: hostile },
      before: {
        name: hostile,
        sneaky: JSON.parse('{"__proto__": {"admin": true}}'),
        nested: [1n, new Date(0), undefined, Number.NaN],
      },
      after: { rows: Array.from({ length: 100 }, () => hostile) },
      request: { ip: hostile, userAgent: hostile, requestId: hostile },
    });
    const row = await db
      .selectFrom("audit_events")
      .select(["before", "after", "target_id"])
      .where("centre_id", "=", centreId)
      .executeTakeFirstOrThrow();
    expect(row.target_id).toStartWith("a\uFFFDb\uFFFDc");
    expect(row.before).toMatchObject({ nested: ["1", "1970-01-01T00:00:00.000Z", null, null] });
    expect(JSON.stringify(row.before)).toContain(`"__proto__":{"admin":true}`);
    expect(row.after).toEqual({ omitted: expect.stringContaining("left out") });
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId }))).toBe(true);
  });

  test("refuses a transaction whose snapshot could hide the previous row", async () => {
    const centreId = await newCentre();
    const attempt = db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute((trx) => recordAudit(trx, signIn(centreId)));
    await expect(attempt).rejects.toThrow("READ COMMITTED");
  });
});

describe("the database", () => {
  test("the app's role (DATABASE_URL) may only SELECT and INSERT on audit_events, and is not its owner", async () => {
    const centreId = await newCentre();
    const { id } = await recordAudit(db, signIn(centreId));
    const { rows } = await sql<{ me: string; owner: string; rights: string }>`
      select current_user as me, tableowner as owner,
        concat_ws(',', ${sql.join(["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"].map((right) => sql`case when has_table_privilege('audit_events', ${right}) then ${right} end`))}) as rights
      from pg_tables where tablename = 'audit_events'`.execute(db);
    expect(rows[0]!.me).not.toBe(rows[0]!.owner);
    expect(rows[0]!.rights).toBe("SELECT,INSERT");
    const denied = "permission denied for table audit_events";
    const update = db.updateTable("audit_events").set({ action: "user.disable" }).where("id", "=", id).execute();
    await expect(update).rejects.toThrow(denied);
    await expect(db.deleteFrom("audit_events").where("id", "=", id).execute()).rejects.toThrow(denied);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(denied);
    await expect(sql`alter table audit_events disable trigger all`.execute(db)).rejects.toThrow("must be owner");
    const still = await db.selectFrom("audit_events").select("action").where("id", "=", id).executeTakeFirst();
    expect(still?.action).toBe("auth.sign_in");
  });

  test("even its owner is refused UPDATE, DELETE and TRUNCATE while the guard triggers are on", async () => {
    const centreId = await newCentre();
    const { id } = await recordAudit(db, signIn(centreId));
    const owner = ownerDb();
    try {
      const update = owner.updateTable("audit_events").set({ action: "user.disable" }).where("id", "=", id).execute();
      await expect(update).rejects.toThrow("append-only: UPDATE");
      const remove = owner.deleteFrom("audit_events").where("id", "=", id).execute();
      await expect(remove).rejects.toThrow("append-only: DELETE");
      await expect(sql`truncate audit_events`.execute(owner)).rejects.toThrow("append-only: TRUNCATE");
    } finally {
      await owner.destroy();
    }
  });
});
