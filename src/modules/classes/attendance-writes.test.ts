import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, createCourse, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { verifyAuditChains } from "../../platform/audit/verify";
import { db } from "../../platform/db";
import { listenToQueries } from "../../platform/db/instrumented-dialect";

/**
 * What one register row's check-in costs through its route (issue 17): the session and the
 * class's members are read once and handed to the write, which still checks both.
 */
let centre: Centre;
let sessionId: string;

beforeAll(async () => {
  centre = await createCentre({ label: "attendance-writes" });
  const courseId = await createCourse(centre);
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centre.id,
      course_id: courseId,
      tutor_id: centre.people.tutor.id,
      name: "Register",
      starts_on: "2026-01-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("class_members")
    .values({ centre_id: centre.id, class_id: klass.id, student_id: centre.people.student.id })
    .execute();
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: klass.id,
      starts_at: new Date(Date.now() - 10 * 60_000),
      ends_at: new Date(Date.now() + 50 * 60_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  sessionId = session.id;
});

describe("a register row's check-in (POST /timetable/sessions/:id/attendance/:studentId, htmx)", () => {
  test("reads the session and the members once, writes and audits the mark, answers the row", async () => {
    const app = createApp();
    const tutor = await signedInAs(centre.people.tutor);
    const studentId = centre.people.student.id;
    const checkIn = (status: string, who = studentId) =>
      send(app, "POST", `/timetable/sessions/${sessionId}/attendance/${who}`, tutor, {
        body: { [`status-${who}`]: status },
        headers: { "hx-request": "true" },
      });
    const all: string[] = [];
    // The centre's row is read once per process and kept (platform/centre-context.ts): not the write's.
    const stop = listenToQueries((event) => {
      if (!/from "centres"/.test(event.query.sql)) all.push(event.query.sql);
    });
    let response: Response;
    try {
      response = await checkIn("present");
    } finally {
      stop();
    }
    expect(response.status).toBe(200);
    // The session, the members; BEGIN, the mark as it stands, the upsert, the event, the audit
    // row, COMMIT; the session's marks for the row. Was 12.
    console.log(`a register check-in, ${all.length} statements:\n  ${all.join("\n  ")}`);
    expect(all.filter((text) => /from "class_sessions"/.test(text))).toHaveLength(1);
    expect(all.filter((text) => /from "class_members"/.test(text))).toHaveLength(1);
    expect(all.length).toBeLessThanOrEqual(9);
    const mark = await db
      .selectFrom("attendance")
      .select("status")
      .where("session_id", "=", sessionId)
      .where("student_id", "=", studentId)
      .executeTakeFirstOrThrow();
    expect(mark.status).toBe("present");
    // A correction is audited too, and the chain verifies.
    expect((await checkIn("late")).status).toBe(200);
    const audited = await db
      .selectFrom("audit_events")
      .select("action")
      .where("centre_id", "=", centre.id)
      .where("target_id", "=", studentId)
      .orderBy("id")
      .execute();
    expect(audited.map((row) => row.action)).toEqual(["attendance.record", "attendance.correct"]);
    expect((await verifyAuditChains(db, { centreId: centre.id }))[0]?.broken).toBeNull();
    // A student outside the class is refused, as before; so is a bad mark.
    expect((await checkIn("present", centre.people.parent.id)).status).toBe(404);
    expect((await checkIn("sleeping")).status).toBeGreaterThanOrEqual(400);
    expect((await checkIn("sleeping")).status).toBeLessThan(500);
  });
});
