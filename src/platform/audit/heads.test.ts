import { afterAll, describe, expect, test } from "bun:test";
import { type Kysely, sql } from "kysely";
import { createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { db } from "../db";
import type { Database } from "../db/schema";
import { storage } from "../storage";
import { eventHash } from "./canonical";
import {
  AUDIT_HEADS_BUCKET,
  AUDIT_HEADS_PREFIX,
  currentAuditHeads,
  loadPublishedHeads,
  type PublishedHeadAt,
  publishAuditHeads,
} from "./heads";
import { recordAudit } from "./record";
import { type ChainReport, chainedFieldsOf, chainsAreIntact, verifyAuditChains } from "./verify";

const owner = ownerDb();
afterAll(() => owner.destroy());

async function centreWithEvents(count: number): Promise<{ centreId: string; ids: string[] }> {
  const { id: centreId } = await createCentre({ label: "heads" });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = await recordAudit(db, {
      centreId,
      actor: { id: crypto.randomUUID(), role: "tutor" },
      action: "attendance.record",
      target: { type: "student", id: `s-${i}` },
      after: { status: "present" },
      request: { ip: "198.51.100.9", userAgent: null, requestId: `req-heads-${i}` },
    });
    ids.push(event.id);
  }
  return { centreId, ids };
}

async function headOf(centreId: string): Promise<PublishedHeadAt> {
  const head = (await currentAuditHeads(db)).find((row) => row.centreId === centreId)!;
  return { ...head, publishedAt: new Date().toISOString(), key: "in-memory" };
}

class RollBack extends Error {}

/** Tampers as the table owner with the guard off, verifies, and rolls everything back. */
async function afterTampering(
  centreId: string,
  heads: PublishedHeadAt[],
  tamper: (trx: Kysely<Database>) => Promise<void>,
): Promise<{ plain: ChainReport; withHeads: ChainReport }> {
  let result: { plain: ChainReport; withHeads: ChainReport } | undefined;
  const run = owner.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger audit_events_no_update_delete`.execute(trx);
    await tamper(trx);
    const [plain] = await verifyAuditChains(trx, { centreId });
    const [withHeads] = await verifyAuditChains(trx, { centreId, publishedHeads: heads });
    result = { plain: plain!, withHeads: withHeads! };
    throw new RollBack();
  });
  await expect(run).rejects.toBeInstanceOf(RollBack);
  return result!;
}

describe("publishing chain heads", () => {
  test("writes the heads of the chains that moved, as new objects that load back", async () => {
    const { centreId, ids } = await centreWithEvents(2);
    const first = await publishAuditHeads(db, storage);
    expect(first.key).toStartWith(AUDIT_HEADS_PREFIX);
    const again = await publishAuditHeads(db, storage, { previous: first.heads });
    expect(again.key).toBeNull();

    await centreWithEvents(1);
    const next = await publishAuditHeads(db, storage, { previous: first.heads });
    expect(next.key).not.toBe(first.key);
    const stored = await storage.get(AUDIT_HEADS_BUCKET, next.key!);
    const document = JSON.parse(new TextDecoder().decode(stored!.bytes));
    expect(document.heads).toHaveLength(1);
    expect(document.heads[0]).toMatchObject({ sequence: 1 });

    const loaded = await loadPublishedHeads(storage);
    const mine = loaded.find((head) => head.centreId === centreId && head.key === first.key);
    expect(mine).toMatchObject({ id: ids[1], sequence: 2 });
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId, publishedHeads: loaded }))).toBe(true);
  });
});

describe("verifying against published heads", () => {
  test("an untouched chain matches its published head", async () => {
    const { centreId } = await centreWithEvents(3);
    const [chain] = await verifyAuditChains(db, { centreId, publishedHeads: [await headOf(centreId)] });
    expect(chain).toMatchObject({ rows: 3, broken: null, headsChecked: 1 });
  });

  test("rows cut off the end pass the chain alone, but not the published head", async () => {
    const { centreId, ids } = await centreWithEvents(3);
    const head = await headOf(centreId);
    const { plain, withHeads } = await afterTampering(centreId, [head], async (trx) => {
      await sql`delete from audit_events where id = ${ids[2]}`.execute(trx);
    });
    expect(plain).toMatchObject({ rows: 2, broken: null });
    expect(withHeads.broken).toMatchObject({ id: ids[2], reason: "truncated" });
    expect(withHeads.broken!.detail).toContain("truncated to 2 rows");
  });

  test("a chain re-hashed from an edited row onwards passes alone, but not the published head", async () => {
    const { centreId, ids } = await centreWithEvents(3);
    const head = await headOf(centreId);
    const { plain, withHeads } = await afterTampering(centreId, [head], async (trx) => {
      let prevHash: string | null = null;
      for (const id of ids) {
        const row = await trx.selectFrom("audit_events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        const after = id === ids[1] ? { status: "absent" } : row.after;
        const hash = eventHash({ ...chainedFieldsOf(row), after: after as never, prev_hash: prevHash });
        await sql`update audit_events set after = cast(${JSON.stringify(after)}::text as jsonb), prev_hash = ${prevHash}, hash = ${hash}
          where id = ${id}`.execute(trx);
        prevHash = hash;
      }
    });
    expect(plain).toMatchObject({ rows: 3, broken: null });
    expect(withHeads.broken).toMatchObject({ id: ids[2], reason: "rehashed" });
  });
});
