import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  createCentre,
  type Person,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { announceCentreChange } from "../../platform/centre-context";
import { db } from "../../platform/db";

const app = createApp();
const LINK = "https://meet.example.test/room-42";
let centre: Centre;
let outsider: Person;
let sessionId: string;

async function setVideo(enabled: boolean): Promise<void> {
  await db
    .updateTable("centres")
    .set({ feature_flags: { video_sessions: enabled } })
    .where("id", "=", centre.id)
    .execute();
  await announceCentreChange(centre.id);
}

async function pageText(person: Person, path: string): Promise<{ status: number; text: string }> {
  const response = await send(app, "GET", path, await signedInAs(person));
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  centre = await createCentre({ label: "video" });
  outsider = await addPerson(centre, "student", { name: "Not In Class" });
  const classId = await scheduledClass(centre, {
    name: "Online algebra",
    startsOn: "2026-01-05",
    members: [centre.people.student],
  });
  const startsAt = new Date(Date.now() + 3 * 3_600_000);
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3_600_000),
      meeting_url: LINK,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  sessionId = session.id;
});

describe("video session links", () => {
  test("with the flag off, neither the session's students nor its tutor see the link", async () => {
    await setVideo(false);
    const student = await pageText(centre.people.student, "/my-sessions");
    expect(student.status).toBe(200);
    expect(student.text).toContain("Online algebra");
    expect(student.text).not.toContain(LINK);
    expect((await pageText(centre.people.tutor, `/timetable/sessions/${sessionId}`)).text).not.toContain(LINK);
  });

  test("with the flag on, the session's students and tutor see it, and nobody else does", async () => {
    await setVideo(true);
    const student = await pageText(centre.people.student, "/my-sessions");
    expect(student.text).toContain(`href="${LINK}"`);
    expect((await pageText(centre.people.tutor, `/timetable/sessions/${sessionId}`)).text).toContain(LINK);

    const other = await pageText(outsider, "/my-sessions");
    expect(other.status).toBe(200);
    expect(other.text).not.toContain("Online algebra");
    expect(other.text).not.toContain(LINK);
    expect((await pageText(centre.people.parent, "/my-sessions")).status).toBe(403);
    expect((await pageText(centre.people.parent, "/home")).text).not.toContain(LINK);
  });
});
