import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  createPlatformAdmin,
  messageThread,
  type PasswordPerson,
  type Person,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { mailTemplates } from "../../registry";
import { saveEmailChoices } from "../notifications/preferences";
import { wantsNudge } from "./nudge";

const app = createApp();
let centre: Centre;
let other: Centre;
let otherTutor: PasswordPerson;
let platformAdmin: PasswordPerson;
let thread: { threadId: string; messageId: string };

beforeAll(async () => {
  [centre, other, platformAdmin] = await Promise.all([
    createCentre({ label: "messages" }),
    createCentre({ label: "messages-other" }),
    createPlatformAdmin(),
  ]);
  // The centre's tutor teaches the student; a second tutor teaches someone else.
  otherTutor = await addPerson(centre, "tutor");
  const someoneElse = await addPerson(centre, "student");
  await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student] });
  await classWith(centre, { tutor: otherTutor, members: [someoneElse] });
  thread = await messageThread(centre, { subject: "Fractions", body: "Is the homework due Friday?" });
});

const as = (person: Person) => signedInAs(person);
const get = async (path: string, who: Credentials) => send(app, "GET", path, who);
const post = (path: string, who: Credentials, body: Record<string, string> = {}) =>
  send(app, "POST", path, who, { body });

async function participantsOf(threadId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("message_participants")
    .select("user_id")
    .where("thread_id", "=", threadId)
    .execute();
  return rows.map((row) => row.user_id).sort();
}

describe("who is in a thread and who reads it", () => {
  test("a parent's thread is between them and the student's tutors; both read it", async () => {
    expect(await participantsOf(thread.threadId)).toEqual([centre.people.parent.id, centre.people.tutor.id].sort());
    for (const person of [centre.people.parent, centre.people.tutor]) {
      const page = await get(`/messages/${thread.threadId}`, await as(person));
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Is the homework due Friday?");
      // The page follows the thread's live topic.
      expect(html).toContain(`topic=${encodeURIComponent(`thread:${thread.threadId}`)}`);
    }
    const list = await (await get("/messages", await as(centre.people.tutor))).text();
    expect(list).toContain("Fractions");
  });

  test("a tutor who does not teach the student, and a head tutor outside it, get 404", async () => {
    for (const person of [otherTutor, centre.people.head_tutor]) {
      const who = await as(person);
      expect((await get(`/messages/${thread.threadId}`, who)).status).toBe(404);
      expect((await get(`/messages/${thread.threadId}/messages/${thread.messageId}`, who)).status).toBe(404);
      expect((await post(`/messages/${thread.threadId}/replies`, who, { body: "hello" })).status).toBe(404);
      expect(await (await get("/messages", who)).text()).not.toContain("Fractions");
    }
  });

  test("the centre's admins read every thread and list them all", async () => {
    for (const who of [
      await as(centre.people.centre_admin),
      await as(centre.people.centre_owner),
      await signedInAs(platformAdmin, { actingIn: centre.id }),
    ]) {
      const page = await get(`/messages/${thread.threadId}`, who);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Is the homework due Friday?");
      expect(await (await get("/messages/all", who)).text()).toContain("Fractions");
    }
    expect((await get("/messages/all", await as(centre.people.tutor))).status).toBe(403);
  });

  test("a student is refused every messages page and action", async () => {
    const who = await as(centre.people.student);
    const paths = [
      ["GET", "/messages"],
      ["GET", "/messages/all"],
      ["GET", "/messages/new"],
      ["GET", "/messages/unread"],
      ["POST", "/messages"],
      ["GET", `/messages/${thread.threadId}`],
      ["GET", `/messages/${thread.threadId}/reply`],
      ["GET", `/messages/${thread.threadId}/messages/${thread.messageId}`],
      ["POST", `/messages/${thread.threadId}/replies`],
      ["POST", `/messages/${thread.threadId}/close`],
      ["POST", `/messages/${thread.threadId}/reopen`],
    ] as const;
    for (const [method, path] of paths)
      expect(`${method} ${path}: ${(await send(app, method, path, who, { body: { body: "hi" } })).status}`).toBe(
        `${method} ${path}: 403`,
      );
  });

  test("another centre's parent and staff get 404 on the thread's ids", async () => {
    for (const person of [other.people.parent, other.people.tutor, other.people.centre_admin]) {
      const who = await as(person);
      expect((await get(`/messages/${thread.threadId}`, who)).status).toBe(404);
      expect((await get(`/messages/${thread.threadId}/reply`, who)).status).toBe(404);
      expect((await post(`/messages/${thread.threadId}/replies`, who, { body: "hello" })).status).toBe(404);
      expect((await post(`/messages/${thread.threadId}/close`, who)).status).toBe(404);
      expect(await (await get("/messages/all", who)).text()).not.toContain("Fractions");
    }
  });
});

describe("opening a thread", () => {
  test("a parent cannot open a thread about a child not theirs", async () => {
    const who = await as(centre.people.parent);
    const notTheirs = await addPerson(centre, "student");
    for (const about of [notTheirs.id, other.people.student.id]) {
      const response = await post("/messages", who, { about, subject: "Hello", body: "A question" });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain("Choose one of the students (and parents) offered here.");
    }
  });

  test("a tutor opens a thread with the parent of a student they teach, not of one they do not", async () => {
    const tutor = await as(centre.people.tutor);
    const about = `${centre.people.student.id}:${centre.people.parent.id}`;
    const opened = await post("/messages", tutor, { about, subject: "Great progress", body: "Well done this week." });
    expect(opened.status).toBe(303);
    const threadId = (opened.headers.get("location") ?? "").split("/").pop() as string;
    expect(await participantsOf(threadId)).toEqual([centre.people.parent.id, centre.people.tutor.id].sort());
    const audit = await db.selectFrom("audit_events").select("action").where("target_id", "=", threadId).execute();
    expect(audit.map((row) => row.action)).toEqual(["message.thread_open"]);

    const refused = await post("/messages", await as(otherTutor), { about, subject: "Hi", body: "Hello" });
    expect(refused.status).toBe(422);
  });

  test("bad input gets a clear message and a 422", async () => {
    const who = await as(centre.people.parent);
    const cases: [Record<string, string>, string][] = [
      [{ about: centre.people.student.id, subject: "", body: "x" }, "Give the conversation a subject."],
      [{ about: centre.people.student.id, subject: "Hi", body: "   " }, "Write a message."],
      [{ about: centre.people.student.id, subject: "Hi", body: "x".repeat(4001) }, "at most 4,000 characters"],
      [{ about: "not-an-id", subject: "Hi", body: "x" }, "Choose who the conversation is about."],
    ];
    for (const [body, message] of cases) {
      const response = await post("/messages", who, body);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(message);
    }
  });

  test("a thread needs a parent: staff cannot open one with no parent named", async () => {
    const response = await post("/messages", await as(centre.people.centre_admin), {
      about: centre.people.student.id,
      subject: "Hi",
      body: "Hello",
    });
    expect(response.status).toBe(422);
  });
});

describe("replies, closing and keeping every message", () => {
  test("a reply from staff joins them to the thread; closing stops replies; staff reopen", async () => {
    const { threadId } = await messageThread(centre, { subject: "Closing" });
    const admin = await as(centre.people.centre_admin);
    expect((await post(`/messages/${threadId}/replies`, admin, { body: "The office here." })).status).toBe(303);
    expect(await participantsOf(threadId)).toContain(centre.people.centre_admin.id);

    const parent = await as(centre.people.parent);
    expect((await post(`/messages/${threadId}/close`, parent)).status).toBe(303);
    const refused = await post(`/messages/${threadId}/replies`, parent, { body: "One more thing" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("It takes no new messages.");
    expect((await post(`/messages/${threadId}/reopen`, parent)).status).toBe(403);

    expect((await post(`/messages/${threadId}/reopen`, await as(centre.people.tutor))).status).toBe(303);
    expect((await post(`/messages/${threadId}/replies`, parent, { body: "One more thing" })).status).toBe(303);
    const actions = await db
      .selectFrom("audit_events")
      .select("action")
      .where("target_id", "=", threadId)
      .orderBy("id")
      .execute();
    expect(actions.map((row) => row.action)).toEqual([
      "message.thread_open",
      "message.thread_close",
      "message.thread_reopen",
    ]);
  });

  test("messages cannot be changed or deleted, even by the database owner of the app", async () => {
    await expect(
      db.updateTable("thread_messages").set({ body: "edited" }).where("id", "=", thread.messageId).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("thread_messages").where("id", "=", thread.messageId).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  test("the unread count follows reading", async () => {
    const tutor = await as(centre.people.tutor);
    const unread = async () => {
      const html = await (await get("/messages/unread", tutor)).text();
      return Number(/class="badge">(\d+)/.exec(html)?.[1] ?? 0);
    };
    const before = await unread();
    const { threadId } = await messageThread(centre, { subject: "Unread" });
    expect(await unread()).toBe(before + 1);
    await get(`/messages/${threadId}`, tutor);
    expect(await unread()).toBe(before);
  });
});

describe("email nudges do not flood", () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes));
  test("nudged once per unread stretch: again only after reading since the last nudge", () => {
    expect(wantsNudge({ userId: "a", lastReadAt: null, nudgedAt: null })).toBe(true);
    expect(wantsNudge({ userId: "a", lastReadAt: null, nudgedAt: at(0) })).toBe(false);
    expect(wantsNudge({ userId: "a", lastReadAt: at(1), nudgedAt: at(0) })).toBe(true);
    expect(wantsNudge({ userId: "a", lastReadAt: at(0), nudgedAt: at(5) })).toBe(false);
  });
});

describe("email nudges", () => {
  async function mailsFor(threadId: string, userId: string) {
    return db
      .selectFrom("mail_messages")
      .select(["key", "template", "recipient_id"])
      .where("key", "like", `message:${threadId}:%`)
      .where("recipient_id", "=", userId)
      .orderBy("id")
      .execute();
  }

  test("the other side is emailed once per unread stretch; the author never", async () => {
    const { threadId } = await messageThread(centre, { subject: "Nudges" });
    const parent = await as(centre.people.parent);
    const tutor = await as(centre.people.tutor);
    // Opening the thread nudged the tutor; not the parent who wrote.
    expect(await mailsFor(threadId, centre.people.tutor.id)).toHaveLength(1);
    expect(await mailsFor(threadId, centre.people.parent.id)).toHaveLength(0);
    // Two more messages while the tutor has not read: no more email.
    await post(`/messages/${threadId}/replies`, parent, { body: "Also, the spelling list." });
    await post(`/messages/${threadId}/replies`, parent, { body: "And the trip form." });
    expect(await mailsFor(threadId, centre.people.tutor.id)).toHaveLength(1);
    // The tutor reads and replies: the parent is nudged once; the next parent message nudges the tutor again.
    await get(`/messages/${threadId}`, tutor);
    await post(`/messages/${threadId}/replies`, tutor, { body: "Thank you, noted." });
    expect(await mailsFor(threadId, centre.people.parent.id)).toHaveLength(1);
    await post(`/messages/${threadId}/replies`, parent, { body: "Thanks!" });
    const tutorMails = await mailsFor(threadId, centre.people.tutor.id);
    expect(tutorMails).toHaveLength(2);
    expect(tutorMails.every((mail) => mail.template === "messages.message-received")).toBe(true);
  });

  test("a recipient who turned message emails off gets none; one on the digest gets a line", async () => {
    await saveEmailChoices(db, centre.id, centre.people.tutor.id, { message: "off" });
    const quiet = await messageThread(centre, { subject: "Quiet" });
    expect(await mailsFor(quiet.threadId, centre.people.tutor.id)).toHaveLength(0);
    await saveEmailChoices(db, centre.id, centre.people.tutor.id, { message: "digest" });
    const later = await messageThread(centre, { subject: "Later" });
    expect(await mailsFor(later.threadId, centre.people.tutor.id)).toHaveLength(0);
    const lines = await db
      .selectFrom("digest_items")
      .select(["note_kind", "link"])
      .where("user_id", "=", centre.people.tutor.id)
      .where("key", "like", `message:${later.threadId}:%`)
      .execute();
    expect(lines).toEqual([{ note_kind: "message_received", link: `/messages/${later.threadId}` }]);
    await saveEmailChoices(db, centre.id, centre.people.tutor.id, { message: "immediate" });
  });

  test("the email says who wrote about which student and links to the thread, never the message", () => {
    const threadId = crypto.randomUUID();
    const content = withLocalisation({ locale: "en-GB", timeZone: "UTC" }, () =>
      mailTemplates().compose(
        "messages.message-received",
        { from: "Paula Parent", student: "Sam Student", threadId },
        { userId: centre.people.tutor.id, name: "Tom Tutor", centreName: centre.name },
      ),
    );
    expect(content?.subject).toBe("Paula Parent wrote about Sam Student");
    expect(content?.paragraphs.join(" ")).toContain("Paula Parent wrote a new message about Sam Student");
    expect(content?.action?.url).toEndWith(`/messages/${threadId}`);
    const es = withLocalisation({ locale: "es", timeZone: "UTC" }, () =>
      mailTemplates().compose(
        "messages.message-received",
        { from: "Paula", student: "Sam", threadId },
        { userId: centre.people.tutor.id, name: "Tom", centreName: centre.name },
      ),
    );
    expect(es?.subject).toBe("Paula escribió sobre Sam");
  });
});
