import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send, sendConfirmed } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type ClassFamilies,
  classWithFamilies,
  createCentre,
  type Person,
  postedAnnouncement,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { cachedViewForCentre, invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import type { DomainEvent } from "../../platform/events";
import { redis } from "../../platform/redis";
import { announcementEventHandlers } from "./events";
import { homeAnnouncementsView } from "./links";

const app = createApp();
let centre: Centre;
let other: Centre;
let classA: ClassFamilies;
let classB: ClassFamilies;

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "news" }), createCentre({ label: "news-other" })]);
  classA = await classWithFamilies(centre, { name: "Class A" });
  classB = await classWithFamilies(centre, { tutor: centre.people.head_tutor, name: "Class B" });
  // The other centre has a class and families too, and an announcement of its own.
  await classWithFamilies(other);
  await postedAnnouncement(other, { title: "Other centre news" });
});

async function recipientsOf(id: string): Promise<string[]> {
  const rows = await db
    .selectFrom("announcement_recipients")
    .select("user_id")
    .where("announcement_id", "=", id)
    .execute();
  return rows.map((row) => row.user_id).sort();
}

async function homeOf(person: Person): Promise<string> {
  return (await send(app, "GET", "/home", await signedInAs(person))).text();
}

function ids(...people: Pick<Person, "id">[]): string[] {
  return people.map((person) => person.id).sort();
}

async function post(by: Person, body: Record<string, string>): Promise<Response> {
  return send(app, "POST", "/announcements", await signedInAs(by), { body });
}

describe("posting an announcement", () => {
  test("to a class reaches its students, their parents and its tutor — nobody else, in no other centre", async () => {
    const response = await post(centre.people.head_tutor, {
      title: "Class A trip",
      body: "We visit the science museum on Tuesday.\n\nBring a packed lunch.",
      audience: `class:${classA.classId}`,
    });
    expect(response.status).toBe(303);
    const id = (response.headers.get("location") ?? "").split("/")[2]?.split("?")[0] ?? "";
    expect(await recipientsOf(id)).toEqual(ids(...classA.students, ...classA.parents, classA.tutor));

    for (const parent of classA.parents) {
      const home = await homeOf(parent);
      expect(home).toContain("Class A trip");
      expect(home).toContain('class="card announcement unread"');
      expect(home).toContain("We visit the science museum on Tuesday.");
    }
    for (const outsider of [...classB.parents, centre.people.parent, other.people.parent, other.people.centre_admin])
      expect(await homeOf(outsider)).not.toContain("Class A trip");
    expect(await homeOf(classA.students[0] as Person)).toContain("Class A trip");

    // Someone it did not reach is told it does not exist, inside the centre as outside it.
    const outsider = await signedInAs(classB.parents[0] as Person);
    expect((await send(app, "GET", `/announcements/${id}`, outsider)).status).toBe(404);
    expect((await send(app, "POST", `/announcements/${id}/read`, outsider)).status).toBe(404);
    expect((await send(app, "GET", `/announcements/${id}`, await signedInAs(other.people.centre_admin))).status).toBe(
      404,
    );

    const audit = await db
      .selectFrom("audit_events")
      .select(["action", "actor_id", "after"])
      .where("target_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "announcement.post",
      actor_id: centre.people.head_tutor.id,
      after: { title: "Class A trip", audience: "class", classId: classA.classId, reached: 5 },
    });
  });

  test("to parents reaches every active parent of the centre only; to the centre, everyone but the author", async () => {
    const toParents = await postedAnnouncement(centre, { audience: { kind: "parents" }, title: "Parents evening" });
    const parents = await db
      .selectFrom("users")
      .select("id")
      .where("centre_id", "=", centre.id)
      .where("role", "=", "parent")
      .execute();
    expect(await recipientsOf(toParents)).toEqual(parents.map((row) => row.id).sort());

    const toAll = await postedAnnouncement(centre, { title: "Closed on Friday" });
    const everyone = await db
      .selectFrom("users")
      .select("id")
      .where("centre_id", "=", centre.id)
      .where("id", "!=", centre.people.centre_admin.id)
      .execute();
    expect(await recipientsOf(toAll)).toEqual(everyone.map((row) => row.id).sort());
  });

  test("bad input is refused with a message beside the field, never a 500", async () => {
    const admin = centre.people.centre_admin;
    const empty = await post(admin, { title: " ", body: "", audience: "centre" });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain("Give the announcement a title.");
    expect(html).toContain("Write what you want to announce.");

    const audience = await post(admin, { title: "T", body: "B", audience: "everyone" });
    expect(audience.status).toBe(422);
    expect(await audience.text()).toContain("Choose who the announcement is for.");

    // Another centre's class is not one of this centre's classes.
    const foreign = await db
      .selectFrom("classes")
      .select("id")
      .where("centre_id", "=", other.id)
      .executeTakeFirstOrThrow();
    const elsewhere = await post(admin, { title: "T", body: "B", audience: `class:${foreign.id}` });
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.text()).toContain("Choose one of the centre&#39;s active classes.");

    const long = await post(admin, { title: "x".repeat(201), body: "B", audience: "centre" });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("Keep the title to 200 characters.");

    const count = await db.selectFrom("announcements").select("id").where("title", "=", "T").execute();
    expect(count).toHaveLength(0);
  });

  test("tutors, parents and students cannot post", async () => {
    for (const who of [centre.people.tutor, centre.people.parent, centre.people.student] as Person[]) {
      const response = await post(who, { title: "Hi", body: "Hello", audience: "centre" });
      expect(response.status).toBe(403);
    }
  });
});

describe("reading", () => {
  test("read counts move as parents read it; the author sees counts, admins also see who", async () => {
    const id = await postedAnnouncement(centre, {
      by: centre.people.head_tutor,
      audience: { kind: "class", classId: classB.classId },
      title: "Class B homework club",
    });
    const author = await signedInAs(centre.people.head_tutor);
    const detail = async (who = author) => (await send(app, "GET", `/announcements/${id}`, who)).text();
    // Class B's tutor is the author, so it reaches the two students and their two parents.
    expect(await detail()).toContain('data-read="0" data-reached="4"');

    const [first, second] = classB.parents as [Person, Person];
    // Dismissing it on the home page (htmx) marks it read and swaps in the quiet card.
    const dismissed = await send(app, "POST", `/announcements/${id}/read`, await signedInAs(first), {
      body: { from: "home" },
      headers: { "hx-request": "true" },
    });
    expect(dismissed.status).toBe(200);
    const card = await dismissed.text();
    expect(card).toContain('class="card announcement"');
    expect(card).not.toContain("Mark as read");
    expect(await detail()).toContain('data-read="1" data-reached="4"');

    // Opening it is reading it; reading twice counts once.
    await send(app, "GET", `/announcements/${id}`, await signedInAs(second));
    await send(app, "POST", `/announcements/${id}/read`, await signedInAs(second));
    expect(await detail()).toContain("Read by 2 of the 4 people it reached.");
    expect(await homeOf(second)).toContain(`class="card announcement" id="announcement-${id}"`);

    // The author (a head tutor) sees no per-person list; an admin does.
    expect(await detail()).not.toContain("Who it reached");
    const forAdmin = await detail(await signedInAs(centre.people.centre_admin));
    expect(forAdmin).toContain("Who it reached");
    expect(forAdmin).toContain((classB.students[0] as Person).name);
    expect(forAdmin).toContain("Not yet");

    const list = await (await send(app, "GET", "/announcements", author)).text();
    expect(list).toContain("Your announcements");
    expect(list).toContain("2 of 4");
  });
});

describe("on home pages until a chosen day", () => {
  test("an announcement past its last day leaves home pages but stays in the list; a past day is refused", async () => {
    const admin = centre.people.centre_admin;
    const past = await post(admin, { title: "Old news", body: "B", audience: "parents", homeUntil: "2020-01-01" });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain("Choose today or a later day.");
    const wrong = await post(admin, { title: "Odd news", body: "B", audience: "parents", homeUntil: "2026-02-30" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Choose a real date, or leave it empty.");

    const today = new Date().toISOString().slice(0, 10);
    const kept = await post(admin, { title: "Open day today", body: "B", audience: "parents", homeUntil: today });
    expect(kept.status).toBe(303);
    const id = /\/announcements\/([0-9a-f-]{36})/.exec(kept.headers.get("location") ?? "")?.[1] as string;
    expect(await homeOf(centre.people.parent)).toContain("Open day today");
    // The day ends, as the cached home list sees it: shown a moment after its last one, it is gone.
    const parentId = centre.people.parent.id;
    const dayAfter = new Date(`${today}T00:00:00Z`).getTime() + 2 * 86_400_000;
    const later = await cachedViewForCentre(
      redis,
      centre.id,
      homeAnnouncementsView(centre.id, parentId, new Date(dayAfter)),
    );
    expect(later.map((item) => item.title)).not.toContain("Open day today");
    // The day ends (as if time passed, written straight to the table, so the part is marked here):
    // gone from home, still in the list.
    await db
      .updateTable("announcements")
      .set({ home_until: new Date(Date.now() - 1000) })
      .where("id", "=", id)
      .execute();
    await invalidateParts(redis, centre.id, ["announcements"]);
    expect(await homeOf(centre.people.parent)).not.toContain("Open day today");
    const list = await send(app, "GET", "/announcements", await signedInAs(centre.people.parent));
    expect(await list.text()).toContain("Open day today");
  });
});

describe("deleting", () => {
  test("only its author or an admin deletes it, and the deletion is audited", async () => {
    const id = await postedAnnouncement(centre, { title: "Wrong date" });
    const headTutor = await signedInAs(centre.people.head_tutor);
    // The head tutor was reached (a centre-wide post) but did not write it.
    expect((await send(app, "POST", `/announcements/${id}/delete`, headTutor)).status).toBe(403);
    const deleted = await sendConfirmed(
      app,
      `/announcements/${id}/delete`,
      await signedInAs(centre.people.centre_admin),
    );
    expect(deleted.status).toBe(303);
    expect(await recipientsOf(id)).toEqual([]);
    expect(await homeOf(centre.people.parent)).not.toContain("Wrong date");
    const audit = await db
      .selectFrom("audit_events")
      .select(["action", "before"])
      .where("target_id", "=", id)
      .where("action", "=", "announcement.delete")
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ title: "Wrong date", audience: "centre" });
  });
});

describe("fan-out", () => {
  const PARENTS = 300;

  async function postedEvent(id: string): Promise<DomainEvent<"announcement.posted">> {
    const row = await db
      .selectFrom("outbox_events")
      .select(["id", "centre_id", "payload", "created_at"])
      .where("type", "=", "announcement.posted")
      .where(sql<boolean>`payload->>'announcementId' = ${id}`)
      .executeTakeFirstOrThrow();
    return {
      id: String(row.id),
      type: "announcement.posted",
      centreId: row.centre_id,
      payload: row.payload as DomainEvent<"announcement.posted">["payload"],
      createdAt: row.created_at.toISOString(),
    };
  }

  async function queuedFor(id: string): Promise<number> {
    const rows = await db
      .selectFrom("mail_messages")
      .select("recipient_id")
      .where("key", "like", `announcement:${id}:%`)
      .execute();
    expect(new Set(rows.map((row) => row.recipient_id)).size).toBe(rows.length);
    return rows.length;
  }

  test("a centre-wide post emails nobody in the request; the worker's handler emails each person once, however often it runs", async () => {
    const big = await createCentre({ label: "news-big" });
    for (let n = 0; n < PARENTS; n++) await addPerson(big, "parent");
    const started = performance.now();
    const response = await post(big.people.centre_admin, {
      title: "Closed for snow",
      body: "Stay safe.",
      audience: "centre",
    });
    const requestMs = performance.now() - started;
    expect(response.status).toBe(303);
    const id = /\/announcements\/([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1] as string;
    // Everyone but the author was reached; the request queued no email.
    expect(await recipientsOf(id)).toHaveLength(PARENTS + 6);
    expect(await queuedFor(id)).toBe(0);

    const [handler] = announcementEventHandlers;
    const event = await postedEvent(id);
    const fanOut = performance.now();
    await handler?.handle(event);
    const fanOutMs = performance.now() - fanOut;
    // Parents and staff (owner, head tutor, tutor) with an address; students have none.
    const expected = PARENTS + 1 + 3;
    expect(await queuedFor(id)).toBe(expected);
    // A retried job (after a crash part-way, or a second worker) adds nothing.
    await handler?.handle(event);
    expect(await queuedFor(id)).toBe(expected);
    const records = await db
      .selectFrom("handled_events")
      .select("handler")
      .where("event_id", "=", event.id)
      .where("handler", "like", "announcements.email:%")
      .execute();
    expect(records).toHaveLength(expected);
    console.log(
      `post to ${PARENTS + 6} people: request ${requestMs.toFixed(0)} ms; ` +
        `fan-out of ${expected} emails in the handler ${fanOutMs.toFixed(0)} ms`,
    );
  }, 60_000);
});
