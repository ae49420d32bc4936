import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { NOTIFICATIONS_KEPT } from "./queries";
import { notify } from "./service";

const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "notes" });
});

async function idsOf(userId: string): Promise<string[]> {
  const rows = await db.selectFrom("notifications").select("id").where("user_id", "=", userId).orderBy("id").execute();
  return rows.map((row) => String(row.id));
}

describe("notifications", () => {
  test("the page lists a person's own notifications, and marking read updates the count", async () => {
    const student = centre.people.student;
    await notify(
      { centreId: centre.id, userId: student.id },
      { text: "Your homework was marked: 7/10.", link: "/home" },
    );
    await notify({ centreId: centre.id, userId: centre.people.parent.id }, { text: "Not for the student" });
    const who = await signedInAs(student);

    const page = await send(app, "GET", "/notifications", who);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Your homework was marked: 7/10.");
    expect(html).not.toContain("Not for the student");
    expect(html).toContain('id="live-notification-unread">1<');
    // The layout connects the page to its live stream and shows the bell.
    expect(html).toContain('hx-sse:connect="/events/live"');
    expect(html).toContain('id="live-notification-count"');

    const [id] = await idsOf(student.id);
    const marked = await send(app, "POST", `/notifications/${id}/read`, who);
    expect(marked.status).toBe(303);
    expect(await (await send(app, "GET", "/notifications", who)).text()).toContain('id="live-notification-unread">0<');
  });

  test("someone else's notification is not found; a malformed id is refused", async () => {
    const [theirs] = await idsOf(centre.people.parent.id);
    const who = await signedInAs(centre.people.student);
    expect((await send(app, "POST", `/notifications/${theirs}/read`, who)).status).toBe(404);
    expect((await send(app, "POST", "/notifications/abc/read", who)).status).toBe(422);
  });

  test("mark all read, and only the newest are kept", async () => {
    const tutor = centre.people.tutor;
    for (let n = 0; n < NOTIFICATIONS_KEPT + 3; n++) {
      await notify({ centreId: centre.id, userId: tutor.id }, { text: `Note ${n}` });
    }
    const ids = await idsOf(tutor.id);
    expect(ids).toHaveLength(NOTIFICATIONS_KEPT);
    const who = await signedInAs(tutor);
    expect((await send(app, "POST", "/notifications/read-all", who)).status).toBe(303);
    const unread = await db
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", tutor.id)
      .where("read_at", "is", null)
      .execute();
    expect(unread).toHaveLength(0);
    const older = await send(app, "GET", "/notifications", who);
    expect(await older.text()).toContain("Older notifications");
  });
});
