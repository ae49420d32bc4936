import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
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
import { freePort, startWorker, waitFor } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { lastHeartbeat } from "../../platform/heartbeat";
import { redis } from "../../platform/redis";

/**
 * Acceptance 5 (announcements): a post to a class reaches exactly that class's parents — in the
 * app and by email through the real worker and a real SMTP server — and not another class's or
 * another centre's; its read count moves when a parent reads it.
 */

const ROOT = join(import.meta.dir, "../../..");
const app = createApp();
let sinkDir: string;
let sink: Subprocess | null = null;
let worker: ReturnType<typeof startWorker>;
let centre: Centre;
let other: Centre;
let classA: ClassFamilies;
let classB: ClassFamilies;
let otherClass: ClassFamilies;

/**
 * The SMTP server scripts/test.sh runs (MAIL_SINK_DIR) when it runs one; else one of the test's
 * own, from the same script the mail core's tests use.
 */
async function smtpServer(): Promise<string> {
  const shared = process.env.MAIL_SINK_DIR;
  if (shared && process.env.SMTP_URL) {
    sinkDir = shared;
    return process.env.SMTP_URL;
  }
  sinkDir = mkdtempSync(join(tmpdir(), "announcement-mail-"));
  const port = freePort();
  const started = spawn(
    ["/usr/bin/python3", join(ROOT, "tests/support/smtp-sink.py"), "--port", String(port), "--dir", sinkDir],
    { stdout: "pipe", stderr: "inherit" },
  );
  sink = started;
  const { value } = await started.stdout.getReader().read();
  expect(new TextDecoder().decode(value)).toContain("listening");
  return `smtp://127.0.0.1:${port}`;
}

beforeAll(async () => {
  const smtpUrl = await smtpServer();
  [centre, other] = await Promise.all([createCentre({ label: "news-mail" }), createCentre({ label: "news-mail-x" })]);
  classA = await classWithFamilies(centre, { size: 3, name: "Class A" });
  classB = await classWithFamilies(centre, { name: "Class B" });
  otherClass = await classWithFamilies(other, { name: "Class A" });
  worker = startWorker({ SMTP_URL: smtpUrl });
  // Timed from a running worker, not from one still starting.
  const pid = worker.process.pid;
  await waitFor(async () => (await lastHeartbeat(redis))?.pid === pid, 30_000, "the worker's first heartbeat");
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  sink?.kill();
});

/** The messages the server accepted for one address, as raw text (envelope lines first). */
function mailTo(address: string): string[] {
  return readdirSync(sinkDir)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => readFileSync(join(sinkDir, name), "utf8"))
    .filter((raw) => raw.startsWith(`X-Envelope-From:`) && raw.includes(`X-Envelope-To: ${address}\r\n`));
}

/** The plain-text part of a message, its transfer encoding undone. */
function textPart(raw: string): string {
  const start = raw.search(/Content-Type: text\/plain/i);
  const part = raw.slice(start);
  const headerEnd = part.indexOf("\r\n\r\n");
  const headers = part.slice(0, headerEnd);
  const body = part.slice(headerEnd + 4).split(/\r\n--/)[0] ?? "";
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body, "base64").toString("utf8");
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(headers)) return body;
  const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
}

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
    await waitFor(
      async () => expected.every((person) => mailTo(person.email).length > 0),
      20_000,
      "the announcement emails",
    );
    const seconds = (performance.now() - posted) / 1000;
    const rows = await mailRows(id);
    expect(rows.map((row) => row.recipient_id).sort()).toEqual(expected.map((person) => person.id).sort());
    await waitFor(async () => (await mailRows(id)).every((row) => row.status === "sent"), 10_000, "all sent");

    for (const person of expected) {
      const mails = mailTo(person.email);
      expect(mails).toHaveLength(1);
      const raw = mails[0] as string;
      expect(raw).toContain("Subject: Announcement: Class A trip");
      expect(raw).toMatch(/List-Unsubscribe:\s+<http[^>]+\/unsubscribe\//);
      const text = textPart(raw);
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
    expect(mailTo(onDigest.email)).toHaveLength(0);
    expect(mailTo(unsubscribed.email)).toHaveLength(0);
    for (const parent of [onDigest, unsubscribed]) {
      const home = await (await send(app, "GET", "/home", await signedInAs(parent))).text();
      expect(home).toContain("Class A trip");
    }

    // Nobody outside the class, in this centre or another, is emailed or shown it.
    const outsiders: Person[] = [...classB.parents, ...otherClass.parents, centre.people.parent, other.people.parent];
    for (const outsider of outsiders) {
      expect(outsider.kind === "password" ? mailTo(outsider.email) : []).toHaveLength(0);
      const home = await (await send(app, "GET", "/home", await signedInAs(outsider))).text();
      expect(home).not.toContain("Class A trip");
    }
    // The author wrote it: not emailed. Students have no address: they see it in the app only.
    expect(mailTo(centre.people.head_tutor.email)).toHaveLength(0);
    const student = await (await send(app, "GET", "/home", await signedInAs(classA.students[0] as Person))).text();
    expect(student).toContain("Class A trip");

    // Read counts: 3 students, 3 parents and the tutor were reached; a parent follows the email's link.
    const counts = async () =>
      (await (await send(app, "GET", `/announcements/${id}`, author)).text()).match(
        /data-read="(\d+)" data-reached="(\d+)"/,
      );
    expect((await counts())?.slice(1)).toEqual(["0", "7"]);
    const [first] = immediate as [PasswordPerson];
    const link = /https?:\/\/\S+\/announcements\/[0-9a-f-]{36}/.exec(textPart(mailTo(first.email)[0] as string))?.[0];
    expect(link).toBeDefined();
    const opened = await send(app, "GET", new URL(link as string).pathname, await signedInAs(first));
    expect(opened.status).toBe(200);
    expect((await counts())?.slice(1)).toEqual(["1", "7"]);
    console.log(`announcement emails at the SMTP server ${seconds.toFixed(2)} s after posting`);
  }, 60_000);
});
