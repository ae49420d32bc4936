import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  sessionOf,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { ConflictError } from "../../platform/errors";
import { recordAttendance } from "./attendance";

/**
 * Issue 14: attendance (and so the XP it earns) cannot be recorded for a session on a later day
 * than today in the centre's time zone: the routes answer 409 with the date, the session page
 * offers no register, and the kiosk path is refused alike. Today's sessions stay open, even before
 * they start (students check in early).
 */
const app = createApp();
let centre: Centre;
let tutor: Credentials;
let classId: string;

/** A session of the class `days` from now (same time of day). */
function sessionIn(days: number): Promise<string> {
  return sessionOf(centre, classId, { startsAt: new Date(Date.now() + days * 86_400_000) });
}

async function marks(sessionId: string): Promise<number> {
  const rows = await db.selectFrom("attendance").where("session_id", "=", sessionId).select("student_id").execute();
  return rows.length;
}

beforeAll(async () => {
  // Far from UTC, so "today" there is not UTC's today for part of the day.
  centre = await createCentre({ label: "future", timeZone: "Pacific/Auckland" });
  classId = await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student] });
  tutor = await signedInAs(centre.people.tutor);
});

describe("no attendance for sessions on a later day", () => {
  test("the register refuses a session two days ahead with a clear 409, and changes nothing", async () => {
    const sessionId = await sessionIn(2);
    const body = { [`status-${centre.people.student.id}`]: "present" };
    const refused = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, tutor, { body });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("attendance can be taken from that day on");
    const one = await send(
      app,
      "POST",
      `/timetable/sessions/${sessionId}/attendance/${centre.people.student.id}`,
      tutor,
      { body: { status: "present" } },
    );
    expect(one.status).toBe(409);
    expect(await marks(sessionId)).toBe(0);
  });

  test("the session page offers no register for it", async () => {
    const sessionId = await sessionIn(3);
    const page = await (await send(app, "GET", `/timetable/sessions/${sessionId}`, tutor)).text();
    expect(page).toContain("The register opens on that day.");
    expect(page).not.toContain(`action="/timetable/sessions/${sessionId}/attendance"`);
  });

  test("a kiosk check-in for a later day is refused too; today's session, even before it starts, is open", async () => {
    const kiosk = {
      kioskId: crypto.randomUUID(),
      centreId: centre.id,
      request: (await actorFor(centre.people.tutor)).request,
    };
    const later = await sessionIn(2);
    await expect(recordAttendance(kiosk, later, centre.people.student.id, "present", "kiosk")).rejects.toBeInstanceOf(
      ConflictError,
    );
    // Later today in the centre's time zone, or now when its day is about to end.
    const now = new Date();
    const soon = new Date(now.getTime() + 60_000);
    const startsAt = localDate(soon, centre.timeZone) === localDate(now, centre.timeZone) ? soon : now;
    const today = await db
      .insertInto("class_sessions")
      .values({
        centre_id: centre.id,
        class_id: classId,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 3_600_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAttendance(await actorFor(centre.people.tutor), today.id, centre.people.student.id, "present", "tutor");
    expect(await marks(today.id)).toBe(1);
  });
});
