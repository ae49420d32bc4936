import { afterAll, describe, expect, test } from "bun:test";
import { type Kysely, sql } from "kysely";
import { createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { db } from "../db";
import type { Database } from "../db/schema";
import { eventHash } from "./canonical";
import { recordAudit } from "./record";
import { type ChainReport, chainedFieldsOf, verifyAuditChains } from "./verify";

class RollBack extends Error {}

/** Only the table owner can switch the guard trigger off; the app role cannot (record.test.ts). */
const owner = ownerDb();
afterAll(() => owner.destroy());

/**
 * Tampers with the log the way someone with the table owner's rights could: with the guard
 * trigger off. Everything happens in one transaction that is rolled back, so the shared test
 * database keeps intact chains.
 */
async function afterTampering(centreId: string, tamper: (trx: Kysely<Database>) => Promise<void>) {
  let reports: ChainReport[] = [];
  const run = owner.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger audit_events_no_update_delete`.execute(trx);
    await tamper(trx);
    reports = await verifyAuditChains(trx, { centreId });
    throw new RollBack();
  });
  await expect(run).rejects.toBeInstanceOf(RollBack);
  return reports[0]!;
}

async function centreWithThreeEvents(): Promise<{ centreId: string; ids: string[] }> {
  const { id: centreId } = await createCentre({ label: "verify" });
  const ids: string[] = [];
  for (const role of ["tutor", "head_tutor", "centre_admin"]) {
    const event = await recordAudit(db, {
      centreId,
      actor: { id: crypto.randomUUID(), role: "centre_owner" },
      action: "user.role_change",
      target: { type: "user", id: "u-7" },
      after: { role },
      request: { ip: "198.51.100.1", userAgent: null, requestId: `req-${role}` },
    });
    ids.push(event.id);
  }
  return { centreId, ids };
}

describe("verifyAuditChains", () => {
  test("an untouched chain verifies, and batches do not break the walk", async () => {
    const { centreId, ids } = await centreWithThreeEvents();
    const [chain] = await verifyAuditChains(db, { centreId, batchSize: 2 });
    expect(chain).toMatchObject({ centreId, rows: 3, broken: null });
    const head = await db.selectFrom("audit_events").select("hash").where("id", "=", ids[2]!).executeTakeFirstOrThrow();
    expect(chain!.headHash).toBe(head.hash);
  });

  test("finds an edited row", async () => {
    const { centreId, ids } = await centreWithThreeEvents();
    const chain = await afterTampering(centreId, async (trx) => {
      await sql`update audit_events set after = '{"role":"centre_owner"}' where id = ${ids[1]}`.execute(trx);
    });
    expect(chain.broken).toMatchObject({ id: ids[1], reason: "edited" });
  });

  test("finds an edited row even when its hash was recomputed to match", async () => {
    const { centreId, ids } = await centreWithThreeEvents();
    const chain = await afterTampering(centreId, async (trx) => {
      const row = await trx.selectFrom("audit_events").selectAll().where("id", "=", ids[1]!).executeTakeFirstOrThrow();
      const hash = eventHash({ ...chainedFieldsOf(row), after: { role: "centre_owner" } });
      await sql`update audit_events set after = '{"role":"centre_owner"}', hash = ${hash} where id = ${ids[1]}`.execute(
        trx,
      );
    });
    expect(chain.broken).toMatchObject({ id: ids[2], reason: "unlinked" });
  });

  test("finds a deleted row", async () => {
    const { centreId, ids } = await centreWithThreeEvents();
    const chain = await afterTampering(centreId, async (trx) => {
      await sql`delete from audit_events where id = ${ids[1]}`.execute(trx);
    });
    expect(chain).toMatchObject({ rows: 2, broken: { id: ids[2], reason: "unlinked" } });
  });

  test("finds rows put in a different order", async () => {
    const { centreId, ids } = await centreWithThreeEvents();
    const chain = await afterTampering(centreId, async (trx) => {
      await sql`update audit_events set id = -id where id = ${ids[0]}`.execute(trx);
      await sql`update audit_events set id = ${ids[0]} where id = ${ids[1]}`.execute(trx);
      await sql`update audit_events set id = ${ids[1]} where id = -${ids[0]}::bigint`.execute(trx);
    });
    expect(chain.broken).toMatchObject({ id: ids[0], reason: "unlinked" });
  });

  test("finds a row moved from one centre's chain to another", async () => {
    const source = await centreWithThreeEvents();
    const target = await centreWithThreeEvents();
    const chain = await afterTampering(target.centreId, async (trx) => {
      await sql`update audit_events set centre_id = ${target.centreId} where id = ${source.ids[2]}`.execute(trx);
    });
    expect(chain).toMatchObject({ rows: 4, broken: { id: source.ids[2], reason: "unlinked" } });
  });
});
