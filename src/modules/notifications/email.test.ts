import { beforeAll, describe, expect, test } from "bun:test";
import type { Job } from "bullmq";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  anonymousCredentials,
  type Centre,
  classWith,
  createCentre,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { config } from "../../config";
import { addDays, nowIn, zonedInstant } from "../../platform/calendar";
import { db } from "../../platform/db";
import type { DomainEvent, EventJobData, EventType } from "../../platform/events/types";
import { withLocalisation } from "../../platform/i18n";
import { eventHandlers, mailTemplates } from "../../registry";
import { digestMailKey, sendDueDigests } from "./digest";
import { emailPerPreference } from "./email";
import { type Note, renderNotification } from "./kinds";
import { familyMails, type KindNote } from "./mail";
import { noticeOverdueHomework } from "./overdue";
import { type EmailKind, emailChoices, saveEmailChoices } from "./preferences";
import { signUnsubscribe, unsubscribeUrl, verifyUnsubscribe } from "./unsubscribe-token";

const app = createApp();
const ZONE = "Asia/Tokyo";
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "email-prefs", timeZone: ZONE });
});

function line(title: string): KindNote {
  return { kind: "child_homework_marked", params: { student: "Sam", title }, link: "/children/x/progress" };
}

/** emailPerPreference for one person, as a handler calls it: inside a transaction. */
function email(userId: string, kind: EmailKind, key = `test:${crypto.randomUUID()}`, title = "Fractions") {
  const note = line(title);
  return db.transaction().execute((trx) =>
    emailPerPreference(trx, {
      centreId: centre.id,
      userId,
      kind,
      key,
      line: note,
      template: familyMails.homework_marked,
      params: note,
    }),
  );
}

function mailByKey(key: string) {
  return db.selectFrom("mail_messages").selectAll().where("key", "=", key).executeTakeFirst();
}

/** Runs every handler of the centre's outbox events of a type, as the events worker would. */
async function handleOutbox(type: EventType): Promise<void> {
  const rows = await db
    .selectFrom("outbox_events")
    .selectAll()
    .where("centre_id", "=", centre.id)
    .where("type", "=", type)
    .execute();
  const handlers = eventHandlers();
  for (const row of rows) {
    const data: EventJobData = {
      eventId: String(row.id),
      type,
      centreId: row.centre_id,
      payload: row.payload,
      createdAt: row.created_at.toISOString(),
    };
    await handlers.process({ data } as Job<EventJobData>);
  }
}

describe("email by preference", () => {
  test("by default a mark is emailed at once with its unsubscribe link, a badge waits for the digest, a student gets none", async () => {
    const parent = centre.people.parent;
    const key = `test:${crypto.randomUUID()}`;
    expect(await email(parent.id, "homework_marked", key)).toBe("immediate");
    const mail = await mailByKey(key);
    expect(mail?.template).toBe("notifications.homework-marked");
    expect(mail?.unsubscribe_url).toBe(
      unsubscribeUrl({ centreId: centre.id, userId: parent.id, kind: "homework_marked" }),
    );
    expect(mail?.unsubscribe_url?.startsWith(`${config.PUBLIC_URL}/unsubscribe/`)).toBe(true);

    const badgeKey = `test:${crypto.randomUUID()}`;
    expect(await email(parent.id, "badge_earned", badgeKey)).toBe("digest");
    expect(await mailByKey(badgeKey)).toBeUndefined();
    const waiting = await db.selectFrom("digest_items").selectAll().where("key", "=", badgeKey).executeTakeFirst();
    expect(waiting?.user_id).toBe(parent.id);
    expect(waiting?.mail_key).toBeNull();

    expect(await email(centre.people.student.id, "homework_marked")).toBe("off");
  });

  test("a kind switched off sends nothing and keeps no line", async () => {
    const { id, centreId } = await freshParent();
    await saveEmailChoices(db, centreId, id, { absence: "off" });
    const key = `test:${crypto.randomUUID()}`;
    expect(await email(id, "absence", key)).toBe("off");
    expect(await mailByKey(key)).toBeUndefined();
    expect(await db.selectFrom("digest_items").select("id").where("key", "=", key).executeTakeFirst()).toBeUndefined();
  });
});

/** A parent of their own (choices of their own), linked to the centre's 13+ student. */
async function freshParent() {
  const parent = await addPerson(centre, "parent");
  await db
    .insertInto("guardianships")
    .values({ centre_id: centre.id, parent_id: parent.id, student_id: centre.people.student.id })
    .execute();
  return { ...parent, centreId: centre.id };
}

/** The next 17:00 in the centre after the real clock: what the injected clock is set around. */
function nextDigestTime(): { date: string; at: Date } {
  const local = nowIn(ZONE);
  const date = local.time < "17:00" ? local.date : addDays(local.date, 1);
  return { date, at: zonedInstant(date, "17:00", ZONE) };
}

describe("daily digest", () => {
  test("at 17:00 centre time one email carries all of the day's lines, once; in the recipient's language", async () => {
    const parent = await freshParent();
    await saveEmailChoices(db, parent.centreId, parent.id, {
      homework_marked: "digest",
      absence: "digest",
      badge_earned: "digest",
    });
    const titles = ["Fractions", "Decimals", "Ratios"];
    for (const title of titles) expect(await email(parent.id, "homework_marked", undefined, title)).toBe("digest");
    expect(await email(parent.id, "absence")).toBe("digest");
    const { date, at } = nextDigestTime();
    const key = digestMailKey(parent.id, date);

    await sendDueDigests(new Date(at.getTime() - 60_000));
    expect(await mailByKey(key)).toBeUndefined();

    await sendDueDigests(new Date(at.getTime() + 60_000));
    const digest = await mailByKey(key);
    expect(digest?.template).toBe("notifications.digest");
    expect(digest?.recipient_id).toBe(parent.id);
    const lines = await db.selectFrom("digest_items").selectAll().where("user_id", "=", parent.id).execute();
    expect(lines).toHaveLength(4);
    expect(lines.every((row) => row.mail_key === key)).toBe(true);

    // Another run that day, or a second worker, sends nothing more.
    await sendDueDigests(new Date(at.getTime() + 5 * 60_000));
    const digests = await db
      .selectFrom("mail_messages")
      .select("id")
      .where("key", "like", `digest:${parent.id}:%`)
      .execute();
    expect(digests).toHaveLength(1);

    // Composed in the recipient's language from the stored notes.
    const notes = lines.map((row) => ({ kind: row.note_kind, params: row.params, link: row.link }) as Note);
    const content = withLocalisation({ locale: "es", timeZone: ZONE }, () =>
      mailTemplates().compose(
        "notifications.digest",
        { date, items: notes },
        {
          userId: parent.id,
          name: parent.name,
          centreName: centre.name,
        },
      ),
    );
    expect(content?.items?.map((item) => item.text)).toEqual(
      expect.arrayContaining(titles.map((title) => `Los deberes «${title}» de Sam ya están corregidos.`)),
    );
    expect(content?.subject).toContain("Tu resumen diario");
  });

  test("a line added after 17:00 waits for the next day's digest", async () => {
    const parent = await freshParent();
    await saveEmailChoices(db, parent.centreId, parent.id, { homework_marked: "digest" });
    const { date, at } = nextDigestTime();
    const before = new Date(at.getTime() - 24 * 3_600_000);
    // Yesterday's 17:00 already passed: the line was added after it, so it goes at the next 17:00.
    await email(parent.id, "homework_marked");
    await sendDueDigests(new Date(before.getTime() + 60_000));
    expect(await mailByKey(digestMailKey(parent.id, addDays(date, -1)))).toBeUndefined();
    await sendDueDigests(new Date(at.getTime() + 60_000));
    expect(await mailByKey(digestMailKey(parent.id, date))).toBeDefined();
  });
});

describe("unsubscribe links", () => {
  test("a token names its centre, person and kind; an altered or foreign one is refused", () => {
    const named = { centreId: centre.id, userId: centre.people.parent.id, kind: "absence" as const };
    const token = signUnsubscribe(named);
    expect(verifyUnsubscribe(token)).toEqual(named);
    expect(verifyUnsubscribe(signUnsubscribe({ ...named, kind: "digest" }))?.kind).toBe("digest");
    const bytes = Buffer.from(token, "base64url");
    // Another person's id under the same signature.
    bytes[20] = (bytes[20] as number) ^ 1;
    expect(verifyUnsubscribe(bytes.toString("base64url"))).toBeNull();
    expect(verifyUnsubscribe(`${token.slice(0, -2)}AA`)).toBeNull();
    expect(verifyUnsubscribe("not-a-token")).toBeNull();
    expect(verifyUnsubscribe("")).toBeNull();
  });

  test("one-click (RFC 8058) works signed out, without a CSRF token or cookie; the page asks first", async () => {
    const parent = await freshParent();
    const path = `/unsubscribe/${signUnsubscribe({ centreId: centre.id, userId: parent.id, kind: "absence" })}`;
    const page = await send(app, "GET", path, anonymousCredentials());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="${path}"`);
    expect(html).toContain("Absences");
    expect((await emailChoices(db, parent.centreId, parent.id)).absence).toBe("immediate");

    // What a mail provider sends: no cookie, no Origin, no CSRF field.
    const oneClick = await app.handle(
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    );
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain("You will no longer get emails about “Absences”.");
    const choices = await emailChoices(db, parent.centreId, parent.id);
    expect(choices.absence).toBe("off");
    expect(choices.homework_marked).toBe("immediate");

    // Unsubscribed, the kind sends nothing.
    const key = `test:${crypto.randomUUID()}`;
    expect(await email(parent.id, "absence", key)).toBe("off");
    expect(await mailByKey(key)).toBeUndefined();
  });

  test("the digest's link turns off what was going to the digest; multipart one-click works too", async () => {
    const parent = await freshParent();
    await saveEmailChoices(db, parent.centreId, parent.id, { absence: "digest" });
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const token = signUnsubscribe({ centreId: centre.id, userId: parent.id, kind: "digest" });
    const response = await app.handle(new Request(`http://localhost/unsubscribe/${token}`, { method: "POST", body }));
    expect(response.status).toBe(200);
    const choices = await emailChoices(db, parent.centreId, parent.id);
    expect(choices.absence).toBe("off");
    expect(choices.badge_earned).toBe("off");
    expect(choices.homework_marked).toBe("immediate");
  });

  test("a forged or altered link is refused with a 403 and changes nothing", async () => {
    const parent = await freshParent();
    const token = signUnsubscribe({ centreId: centre.id, userId: parent.id, kind: "homework_marked" });
    const bytes = Buffer.from(token, "base64url");
    bytes[34] = (bytes[34] as number) ^ 0xff;
    for (const forged of [bytes.toString("base64url"), "not-a-token", crypto.randomUUID()]) {
      const get = await send(app, "GET", `/unsubscribe/${forged}`, anonymousCredentials());
      expect(get.status).toBe(403);
      expect(await get.text()).toContain("This unsubscribe link is not valid.");
      const post = await app.handle(
        new Request(`http://localhost/unsubscribe/${forged}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        }),
      );
      expect(post.status).toBe(403);
    }
    // Signed for a person of another centre: the signature holds but nobody by that id is there.
    const other = await createCentre({ label: "email-other" });
    const crossed = signUnsubscribe({ centreId: other.id, userId: parent.id, kind: "homework_marked" });
    expect((await send(app, "GET", `/unsubscribe/${crossed}`, anonymousCredentials())).status).toBe(403);
    expect((await emailChoices(db, parent.centreId, parent.id)).homework_marked).toBe("immediate");
  });
});

describe("email settings page", () => {
  test("a parent sees every kind and saves choices; a bad choice is a 422 with a message", async () => {
    const parent = await freshParent();
    const who = await signedInAs(parent);
    const page = await send(app, "GET", "/notifications/email", who);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const kind of ["homework_marked", "redo_requested", "absence", "homework_overdue", "badge_earned"])
      expect(html).toContain(`name="${kind}"`);
    const saved = await send(app, "POST", "/notifications/email", who, {
      body: { homework_marked: "digest", absence: "off", badge_earned: "immediate" },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/notifications/email?saved=1");
    const choices = await emailChoices(db, parent.centreId, parent.id);
    expect([choices.homework_marked, choices.absence, choices.badge_earned]).toEqual(["digest", "off", "immediate"]);

    const bad = await send(app, "POST", "/notifications/email", who, { body: { absence: "hourly" } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose straight away, in the daily summary, or off.");
  });

  test("staff choose only announcements and messages; the family kinds are not theirs to set", async () => {
    const who = await signedInAs(centre.people.tutor);
    const html = await (await send(app, "GET", "/notifications/email", who)).text();
    expect(html).toContain('name="announcement"');
    expect(html).not.toContain('name="absence"');
    await send(app, "POST", "/notifications/email", who, { body: { absence: "off", message: "digest" } });
    const choices = await emailChoices(db, centre.id, centre.people.tutor.id);
    expect(choices.absence).toBe("immediate");
    expect(choices.message).toBe("digest");
  });
});

let nextEventId = 9_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

/** An event as the events worker hands it to its handlers (ids far above the test outbox's). */
function event<T extends EventType>(type: T, payload: Extract<DomainEvent, { type: T }>["payload"]): DomainEvent {
  nextEventId += 1;
  return {
    id: String(nextEventId),
    type,
    centreId: centre.id,
    payload,
    createdAt: new Date().toISOString(),
  } as DomainEvent;
}

async function runHandlers(domainEvent: DomainEvent): Promise<void> {
  const data: EventJobData = { ...domainEvent, eventId: domainEvent.id };
  await eventHandlers().process({ data } as Job<EventJobData>);
}

describe("family news", () => {
  test("an absence is told to each parent once, with the class and the centre's day; presence is not", async () => {
    const parent = await freshParent();
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Álgebra 7" });
    const startsAt = "2026-03-02T23:30:00Z"; // 3 March in Tokyo
    const absent = event("attendance.checked_in", {
      sessionId: crypto.randomUUID(),
      classId,
      studentId: centre.people.student.id,
      status: "absent",
      method: "tutor",
      startsAt,
    });
    await runHandlers(absent);
    await runHandlers(absent);
    await runHandlers(
      event("attendance.checked_in", {
        sessionId: crypto.randomUUID(),
        classId,
        studentId: centre.people.student.id,
        status: "present",
        method: "kiosk",
        startsAt,
      }),
    );
    const mails = await db
      .selectFrom("mail_messages")
      .select(["template", "key"])
      .where("recipient_id", "=", parent.id)
      .execute();
    expect(mails).toEqual([{ template: "notifications.absence", key: `absence:${absent.id}:${parent.id}` }]);
    const notes = await db
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("user_id", "=", parent.id)
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.params).toMatchObject({ className: "Álgebra 7", date: "2026-03-03" });
    const row = notes[0] as { kind: string; params: Record<string, string> };
    const spanish = withLocalisation({ locale: "es", timeZone: ZONE }, () => renderNotification({ ...row, text: "" }));
    expect(spanish).toBe(`${centre.people.student.name} faltó a Álgebra 7 el 3 mar 2026.`);
  });

  test("a badge goes to the parents' digest by default, named in the reader's language; redo requests reach the student too", async () => {
    const parent = await freshParent();
    await runHandlers(event("badge.earned", { studentId: centre.people.student.id, badge: "perfect_score" }));
    const line = await db
      .selectFrom("digest_items")
      .select(["note_kind", "params", "text"])
      .where("user_id", "=", parent.id)
      .executeTakeFirstOrThrow();
    expect(line.note_kind).toBe("child_badge_earned");
    expect(line.text).toBe(`${centre.people.student.name} earned the badge “Perfect score”.`);
    const spanish = withLocalisation({ locale: "es", timeZone: ZONE }, () =>
      renderNotification({ kind: line.note_kind, params: line.params, text: line.text }),
    );
    expect(spanish).toContain("«Nota perfecta»");

    const returned = event("submission.returned", {
      submissionId: crypto.randomUUID(),
      homeworkId: crypto.randomUUID(),
      studentId: centre.people.student.id,
      markerId: centre.people.tutor.id,
      title: "Redo me",
    });
    await runHandlers(returned);
    expect(await mailByKey(`redo_requested:${returned.id}:${parent.id}`)).toBeDefined();
    const studentNote = await db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", centre.people.student.id)
      .where("kind", "=", "homework_returned")
      .execute();
    expect(studentNote.length).toBeGreaterThanOrEqual(1);
  });
});

describe("overdue homework", () => {
  test("24 hours after the due time, work not handed in is told to the parents once", async () => {
    const parent = await freshParent();
    const title = `Overdue ${crypto.randomUUID().slice(0, 8)}`;
    const dueAt = new Date(Date.now() - 25 * 3_600_000);
    const homework = await db
      .insertInto("homework")
      .values({ centre_id: centre.id, title, kind: "worksheet", set_by: centre.people.tutor.id, due_at: dueAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("submissions")
      .values([
        { centre_id: centre.id, homework_id: homework.id, student_id: centre.people.student.id },
        // Handed in: nobody is told.
        {
          centre_id: centre.id,
          homework_id: homework.id,
          student_id: centre.youngStudent.id,
          status: "submitted",
          submitted_at: new Date(),
        },
      ])
      .execute();

    const noticed = async () =>
      (
        await db
          .selectFrom("homework_overdue_notices")
          .select("student_id")
          .where("homework_id", "=", homework.id)
          .execute()
      ).map((row) => row.student_id);
    // 23 hours after the due time it is too early.
    await noticeOverdueHomework(new Date(dueAt.getTime() + 23 * 3_600_000));
    expect(await noticed()).toEqual([]);
    await noticeOverdueHomework();
    expect(await noticed()).toEqual([centre.people.student.id]);
    await noticeOverdueHomework();
    const events = await db
      .selectFrom("outbox_events")
      .select("payload")
      .where("centre_id", "=", centre.id)
      .where("type", "=", "homework.overdue")
      .execute();
    expect(events.filter((event) => (event.payload as { homeworkId: string }).homeworkId === homework.id)).toHaveLength(
      1,
    );

    await handleOutbox("homework.overdue");
    await handleOutbox("homework.overdue");
    const emails = await db
      .selectFrom("mail_messages")
      .select(["template"])
      .where("recipient_id", "=", parent.id)
      .where("key", "like", "homework_overdue:%")
      .execute();
    expect(emails).toEqual([{ template: "notifications.homework-overdue" }]);
    const inApp = await db
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("user_id", "=", parent.id)
      .where("kind", "=", "child_homework_overdue")
      .execute();
    expect(inApp).toHaveLength(1);
    expect(inApp[0]?.params?.title).toBe(title);
  });
});
