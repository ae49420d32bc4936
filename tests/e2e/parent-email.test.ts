import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { gradeSubmission, returnSubmission } from "../../src/modules/homework/grading";
import { saveAnswer, submitHomework } from "../../src/modules/homework/service";
import { sendDueDigests } from "../../src/modules/notifications/digest";
import { familyMails } from "../../src/modules/notifications/mail";
import { saveEmailChoices } from "../../src/modules/notifications/preferences";
import { signUnsubscribe } from "../../src/modules/notifications/unsubscribe-token";
import { addDays, nowIn, zonedInstant } from "../../src/platform/calendar";
import { db } from "../../src/platform/db";
import { queueMail } from "../../src/platform/mail";
import {
  actorFor,
  addPerson,
  type Centre,
  createCentre,
  type DemoWork,
  demoCourse,
  type PasswordPerson,
  setHomework,
} from "../support/fixtures";
import { type Mail, mailTo, waitForMail } from "../support/mailbox";
import { startWorker, waitFor } from "../support/processes";

/**
 * Acceptance 3 of issue 13 through the real worker and a real SMTP server: a tutor marks homework
 * and the parent who chose "immediately" has one email within 5 s; a parent on the daily digest
 * gets one digest with all of the day's items at 17:00 centre time (the clock injected into the
 * digest job); a parent who unsubscribed from marks gets nothing.
 */
const ZONE = "Europe/London";
const app = createApp();

let centre: Centre;
let work: DemoWork;
let worker: { stop(): Promise<void> };
let digestParent: PasswordPerson;
let offParent: PasswordPerson;

async function linkedParent(): Promise<PasswordPerson> {
  const parent = await addPerson(centre, "parent");
  await db
    .insertInto("guardianships")
    .values({ centre_id: centre.id, parent_id: parent.id, student_id: centre.people.student.id })
    .execute();
  return parent;
}

/** Homework set to the student and handed in, waiting in the tutor's queue; returns the submission. */
async function handedIn(title: string): Promise<string> {
  const homeworkId = await setHomework(centre, work, title);
  const student = await actorFor(centre.people.student);
  for (const exerciseId of work.exerciseIds) await saveAnswer(student, homeworkId, exerciseId, "Because 2/4 = 1/2.");
  expect(await submitHomework(student, homeworkId)).toBe("submitted");
  const row = await db
    .selectFrom("submissions")
    .select("id")
    .where("homework_id", "=", homeworkId)
    .where("student_id", "=", centre.people.student.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  centre = await createCentre({ label: "parent-email", timeZone: ZONE });
  work = await demoCourse(centre);
  digestParent = await linkedParent();
  await saveEmailChoices(db, centre.id, digestParent.id, { homework_marked: "digest", redo_requested: "digest" });
  offParent = await linkedParent();
  // Unsubscribed from marks the way a mail client does it: one-click POST, signed out.
  const token = signUnsubscribe({ centreId: centre.id, userId: offParent.id, kind: "homework_marked" });
  const unsubscribed = await app.handle(
    new Request(`http://localhost/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );
  expect(unsubscribed.status).toBe(200);

  // The SMTP server scripts/test.sh started (SMTP_URL, MAIL_SINK_DIR).
  worker = startWorker();
  // The worker is ready when an email queued now arrives: the 5 s below measure delivery, not start-up.
  const warmUp = familyMails.absence;
  await db.transaction().execute((trx) =>
    queueMail(trx, warmUp, {
      key: `warm-up:${crypto.randomUUID()}`,
      centreId: centre.id,
      recipientId: centre.people.tutor.id,
      params: { kind: "child_absent", params: { student: "Sam", className: "Warm-up", date: "2026-12-01" } },
    }),
  );
  await waitForMail({ to: centre.people.tutor.email, timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
});

describe("parent notifications by email (acceptance 3)", () => {
  test("a tutor marks homework: the parent on 'immediately' has one email within 5 s; the unsubscribed parent none", async () => {
    const submissionId = await handedIn("Fractions e2e");
    const tutor = await actorFor(centre.people.tutor);
    const markedAt = Date.now();
    await gradeSubmission(tutor, submissionId, {
      answers: Object.fromEntries(work.exerciseIds.map((id) => [id, { points: "1", feedback: "" }])),
      overall: "",
      feedback: "Well explained.",
    });
    const parent = centre.people.parent;
    await waitForMail({ to: parent.email, timeoutMs: 5_000 });
    const elapsed = Date.now() - markedAt;
    console.log(`mark → parent's email in the SMTP server: ${elapsed} ms`);

    // Nothing more arrives for it, and nothing for the parent who unsubscribed from marks.
    await Bun.sleep(1_500);
    const mails = await mailTo(parent.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as Mail;
    expect(mail.subject).toBe(`${centre.people.student.name}'s homework was marked`);
    expect(mail.text).toContain(`${centre.people.student.name}'s homework “Fractions e2e” was marked:`);
    expect(mail.text).toContain(`/children/${centre.people.student.id}/progress`);
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<http[^>]+\/unsubscribe\/[A-Za-z0-9_-]+>$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(await mailTo(offParent.email)).toHaveLength(0);
    const offMail = await db
      .selectFrom("mail_messages")
      .select("id")
      .where("recipient_id", "=", offParent.id)
      .execute();
    expect(offMail).toHaveLength(0);
    // The in-app notification keeps working for everyone.
    const inApp = await db
      .selectFrom("notifications")
      .select("user_id")
      .where("centre_id", "=", centre.id)
      .where("kind", "=", "child_homework_marked_score")
      .execute();
    expect(inApp.map((row) => row.user_id).sort()).toEqual([parent.id, digestParent.id, offParent.id].sort());
  }, 30_000);

  test("a parent on the daily digest has one digest with all of the day's items at 17:00 centre time", async () => {
    const submissionId = await handedIn("Decimals e2e");
    await returnSubmission(await actorFor(centre.people.tutor), submissionId, "Show your working.");
    // The mark (first test) and the redo request wait for the digest.
    await waitFor(
      async () =>
        (await db.selectFrom("digest_items").select("id").where("user_id", "=", digestParent.id).execute()).length ===
        2,
      15_000,
      "both lines in the digest",
    );
    expect(await mailTo(digestParent.email)).toHaveLength(0);

    const local = nowIn(ZONE);
    const date = local.time < "17:00" ? local.date : addDays(local.date, 1);
    const fivePm = zonedInstant(date, "17:00", ZONE);
    await sendDueDigests(new Date(fivePm.getTime() - 60_000));
    await sendDueDigests(new Date(fivePm.getTime() + 60_000));
    await sendDueDigests(new Date(fivePm.getTime() + 6 * 60_000));
    await waitForMail({ to: digestParent.email, subject: "Your daily summary for " });
    await Bun.sleep(1_500);
    const digests = await mailTo(digestParent.email);
    expect(digests).toHaveLength(1);
    const digest = digests[0] as Mail;
    expect(digest.subject).toStartWith("Your daily summary for ");
    expect(digest.text).toContain("“Fractions e2e” was marked");
    expect(digest.text).toContain("“Decimals e2e” was sent back to redo");
    expect(digest.headers["list-unsubscribe"]).toMatch(/^<[^>]+\/unsubscribe\/[A-Za-z0-9_-]+>$/);
  }, 60_000);
});
