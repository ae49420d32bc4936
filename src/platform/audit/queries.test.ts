import { beforeAll, describe, expect, test } from "bun:test";
import { createCentre } from "../../../tests/support/fixtures";
import { db } from "../db";
import { type CentreId, trustedCentreId } from "../tenancy";
import { type AuditLogPage, auditEventsForCentre, parseAuditCursor } from "./queries";
import { recordAudit } from "./record";

const TIME_ZONE = "Pacific/Kiritimati";
let centreId: CentreId;
let tutorId: string;
let otherCentreId: string;

async function newCentre(): Promise<string> {
  return (await createCentre({ label: "audit-q", timeZone: TIME_ZONE })).id;
}

function record(centre: string, action: "auth.sign_in" | "user.role_change", actorId: string, targetId?: string) {
  return recordAudit(db, {
    centreId: centre,
    actor: { id: actorId, role: "tutor" },
    action,
    target: targetId ? { type: "user", id: targetId } : undefined,
    request: { ip: "203.0.113.9", userAgent: "test", requestId: `req-${action}` },
  });
}

beforeAll(async () => {
  centreId = trustedCentreId(await newCentre());
  otherCentreId = await newCentre();
  const tutor = await db
    .insertInto("users")
    .values({
      centre_id: centreId,
      role: "tutor",
      name: "Tess 100% Tutor",
      email_lookup: crypto.randomUUID(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  tutorId = tutor.id;
  const stranger = crypto.randomUUID();
  for (let i = 0; i < 4; i++) await record(centreId, "auth.sign_in", tutorId);
  for (let i = 0; i < 3; i++) await record(centreId, "user.role_change", stranger, `student-${i}`);
  await record(otherCentreId, "auth.sign_in", tutorId);
});

async function page(cursor?: { direction: "older" | "newer"; token: string }): Promise<AuditLogPage> {
  const at = cursor ? parseAuditCursor(cursor.token) : null;
  return auditEventsForCentre(
    db,
    centreId,
    {},
    { limit: 3, cursor: at && cursor ? { direction: cursor.direction, at } : undefined },
  );
}

describe("auditEventsForCentre", () => {
  test("pages through the log newest first, both ways, without gaps or repeats", async () => {
    const first = await page();
    const second = await page({ direction: "older", token: first.older! });
    const third = await page({ direction: "older", token: second.older! });
    expect([first, second, third].map((p) => p.entries.length)).toEqual([3, 3, 1]);
    expect(first.newer).toBeNull();
    expect(third.older).toBeNull();
    const ids = [first, second, third].flatMap((p) => p.entries.map((entry) => Number(entry.id)));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(7);

    const backToSecond = await page({ direction: "newer", token: third.newer! });
    expect(backToSecond.entries.map((entry) => entry.id)).toEqual(second.entries.map((entry) => entry.id));
    const backToFirst = await page({ direction: "newer", token: backToSecond.newer! });
    expect(backToFirst.entries.map((entry) => entry.id)).toEqual(first.entries.map((entry) => entry.id));
    expect(backToFirst.newer).toBeNull();
  });

  test("filters by action, actor, actor name and target, only within the centre", async () => {
    const many = { limit: 50 };
    const byAction = await auditEventsForCentre(db, centreId, { action: "user.role_change" }, many);
    expect(byAction.entries.map((entry) => entry.action)).toEqual(Array(3).fill("user.role_change"));
    const byActor = await auditEventsForCentre(db, centreId, { actorId: tutorId }, many);
    expect(byActor.entries).toHaveLength(4);
    expect(byActor.entries[0]).toMatchObject({ actorName: "Tess 100% Tutor", actorRole: "tutor", ip: "203.0.113.9" });
    const byName = await auditEventsForCentre(db, centreId, { actorName: "100%" }, many);
    expect(byName.entries).toHaveLength(4);
    expect((await auditEventsForCentre(db, centreId, { actorName: "1_0" }, many)).entries).toHaveLength(0);
    const byTarget = await auditEventsForCentre(db, centreId, { targetType: "user", targetId: "student-1" }, many);
    expect(byTarget.entries).toHaveLength(1);
  });

  test("filters by calendar dates in the centre's time zone", async () => {
    const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, dateStyle: "short" });
    const today = dayFormat.format(new Date());
    const yesterday = dayFormat.format(new Date(Date.now() - 86_400_000));
    const filters = { timeZone: TIME_ZONE };
    const many = { limit: 50 };
    expect(
      (await auditEventsForCentre(db, centreId, { ...filters, from: today, to: today }, many)).entries,
    ).toHaveLength(7);
    expect((await auditEventsForCentre(db, centreId, { ...filters, to: yesterday }, many)).entries).toHaveLength(0);
  });

  test("cursor tokens are validated", () => {
    expect(parseAuditCursor("1718000000123.42")).toEqual({ createdAt: new Date(1718000000123), id: "42" });
    for (const bad of ["", "x.1", "1.", "1.2.3", "1e3.4", `1.${"9".repeat(19)}`]) {
      expect(parseAuditCursor(bad)).toBeNull();
    }
  });
});
