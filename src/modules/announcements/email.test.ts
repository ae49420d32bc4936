import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  type Centre,
  type ClassFamilies,
  classWithFamilies,
  createCentre,
  type PasswordPerson,
  type Person,
  signedInAs,
} from "../../../tests/support/fixtures";
import { linksIn, mailTo, waitForMail } from "../../../tests/support/mailbox";
import { startWorker, waitFor } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { lastHeartbeat } from "../../platform/heartbeat";
import { redis } from "../../platform/redis";

/**
 * Acceptance 5 (announcements): a post to a class reaches exactly that class's parents — in the
 * app and by email through the real worker and the SMTP server scripts/test.sh runs — and not
 * another class's or another centre's; its read count moves when a parent reads it.
 */

const app = createApp();
let worker: ReturnType<typeof startWorker>;
let centre: Centre;
let other: Centre;
let classA: ClassFamilies;
let classB: ClassFamilies;
let otherClass: ClassFamilies;

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "news-mail" }), createCentre({ label: "news-mail-x" })]);
  classA = await classWithFamilies(centre, { size: 3, name: "Class A" });
  classB = await classWithFamilies(centre, { name: "Class B" });
  otherClass = await classWithFamilies(other, { name: "Class A" });
  worker = startWorker();
  // Timed from a running worker, not from one still starting.
  const pid = worker.process.pid;
  await waitFor(async () => (await lastHeartbeat(redis))?.pid === pid, 30_000, "the worker's first heartbeat");
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

async function mailRows(announcementId: string) {
  return db
    .selectFrom("mail_messages")
    .select(["recipient_id", "status", "key"])
    .where("key", "like", `announcement:${announcementId}:%`)
    .execute();
}

describe("an announcement to a class, by email through the real worker and SMTP server", () => {
  test("reaches exactly that class's parents and tutor, as each chose; read counts move as parents read", async () => {
    const [onDigest, unsubscribed, ...immediate] = classA.parents as [PasswordPerson, PasswordPerson, PasswordPerson];
    await db
      .insertInto("email_preferences")
      .values([
        { centre_id: centre.id, user_id: onDigest.id, kind: "announcement", choice: "digest" },
        { centre_id: centre.id, user_id: unsubscribed.id, kind: "announcement", choice: "off" },
      ])
      .execute();
    const author = await signedInAs(centre.people.head_tutor);
    const posted = performance.now();
    const response = await send(app, "POST", "/announcements", author, {
      body: {
        title: "Class A trip",
        body: "We visit the science museum on Tuesday.\n\nBring a packed lunch and a coat.",
        audience: `class:${classA.classId}`,
      },
    });
    expect(response.status).toBe(303);
    const id = /\/announcements\/([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1] as string;

    // Emailed now: the parents on "immediately" (the default) and the class's tutor.
    const tutor = centre.people.tutor;
    const expected = [...immediate, tutor];
    for (const person of expected)
      await waitForMail({ to: person.email, subject: "Announcement: Class A trip", timeoutMs: 20_000 });
    const seconds = (performance.now() - posted) / 1000;
    const rows = await mailRows(id);
    expect(rows.map((row) => row.recipient_id).sort()).toEqual(expected.map((person) => person.id).sort());
    await waitFor(async () => (await mailRows(id)).every((row) => row.status === "sent"), 10_000, "all sent");

    for (const person of expected) {
      const mails = await mailTo(person.email);
      expect(mails).toHaveLength(1);
      const mail = mails[0] as Awaited<ReturnType<typeof mailTo>>[number];
      expect(mail.subject).toBe("Announcement: Class A trip");
      expect(mail.headers["list-unsubscribe"]).toMatch(/^<http[^>]+\/unsubscribe\//);
      expect(mail.html).toContain("We visit the science museum on Tuesday.");
      const { text } = mail;
      expect(text).toContain(`Hello ${person.name},`);
      expect(text).toContain("We visit the science museum on Tuesday.");
      expect(text).toContain("Bring a packed lunch and a coat.");
      expect(text).toContain(`/announcements/${id}`);
    }
    // The parent on a digest gets a line in it, the unsubscribed parent nothing; both see it in the app.
    const digest = await db
      .selectFrom("digest_items")
      .select(["user_id", "note_kind"])
      .where("key", "like", `announcement:${id}:%`)
      .execute();
    expect(digest).toEqual([{ user_id: onDigest.id, note_kind: "announcement_posted" }]);
    expect(await mailTo(onDigest.email)).toHaveLength(0);
    expect(await mailTo(unsubscribed.email)).toHaveLength(0);
    for (const parent of [onDigest, unsubscribed]) {
      const home = await (await send(app, "GET", "/home", await signedInAs(parent))).text();
      expect(home).toContain("Class A trip");
    }

    // Nobody outside the class, in this centre or another, is emailed or shown it.
    const outsiders: Person[] = [...classB.parents, ...otherClass.parents, centre.people.parent, other.people.parent];
    for (const outsider of outsiders) {
      expect(outsider.kind === "password" ? await mailTo(outsider.email) : []).toHaveLength(0);
      const home = await (await send(app, "GET", "/home", await signedInAs(outsider))).text();
      expect(home).not.toContain("Class A trip");
    }
    // The author wrote it: not emailed. Students have no address: they see it in the app only.
    expect(await mailTo(centre.people.head_tutor.email)).toHaveLength(0);
    const student = await (await send(app, "GET", "/home", await signedInAs(classA.students[0] as Person))).text();
    expect(student).toContain("Class A trip");

    // Read counts: 3 students, 3 parents and the tutor were reached; a parent follows the email's link.
    const counts = async () =>
      (await (await send(app, "GET", `/announcements/${id}`, author)).text()).match(
        /data-read="(\d+)" data-reached="(\d+)"/,
      );
    expect((await counts())?.slice(1)).toEqual(["0", "7"]);
    const [first] = immediate as [PasswordPerson];
    const [mail] = await mailTo(first.email);
    const link = linksIn(mail as NonNullable<typeof mail>).find((url) => url.includes(`/announcements/${id}`));
    expect(link).toBeDefined();
    const opened = await send(app, "GET", new URL(link as string).pathname, await signedInAs(first));
    expect(opened.status).toBe(200);
    expect((await counts())?.slice(1)).toEqual(["1", "7"]);
    console.log(`announcement emails at the SMTP server ${seconds.toFixed(2)} s after posting`);
  }, 60_000);
});
