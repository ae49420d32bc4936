/**
 * Issue 13, acceptance 4: kill -9 the worker during a batch of 200 emails and restart it; every
 * email arrives exactly once, counted at the SMTP server.
 *
 * Exactly once over SMTP rests on two halves: the worker sends every attempt of one email under
 * the same Message-ID, and the receiving store keeps one copy per Message-ID (as mail stores do;
 * the test server files a resend under duplicates/ and logs every transaction). The server here
 * is slow on purpose: it keeps each message, then waits before its 250, so the kill lands while
 * messages are kept but not yet known to the worker as sent — the window a resend comes from.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import type { Subprocess } from "bun";
import { db } from "../../src/platform/db";
import { mailJobId, queueMail } from "../../src/platform/mail";
import { QUEUES } from "../../src/platform/queue";
import { createQueueConnection } from "../../src/platform/redis";
import { type Centre, createCentre } from "../support/fixtures";
import { batchMail, MAIL_TEST_WORKER } from "../support/mail-worker";
import { type RunningSmtpSink, startSmtpSink } from "../support/mailbox";
import { startWorker, waitFor } from "../support/processes";

const EMAILS = 200;
/** Jobs one worker runs at once (createWorker's concurrency), and so the most a kill can leave mid-send. */
const MAIL_CONCURRENCY = 4;
const REPLY_DELAY_MS = 100;

const running: Subprocess[] = [];
let centre: Centre;
let dir: string;
let sink: RunningSmtpSink;

/** The real worker process, sending to the test's slow server; 1 s job locks so a killed worker's jobs come back fast. */
function startMailWorker(): Subprocess {
  const { process: child } = startWorker({ SMTP_URL: sink.url, QUEUE_LOCK_SECONDS: "1" }, MAIL_TEST_WORKER);
  running.push(child);
  return child;
}

async function rows(keys: string[]) {
  return db
    .selectFrom("mail_messages")
    .select(["id", "key", "status", "attempts", "message_id", "params_encrypted"])
    .where("key", "in", keys)
    .execute();
}

/** Emails the server has kept whose row still says `sending`: the worker has not recorded them sent. */
async function keptButNotRecorded(keys: string[], address: string): Promise<string[]> {
  const kept = new Set((await sink.mailbox.mailTo(address)).map((mail) => mail.messageId));
  return (await rows(keys)).filter((row) => row.status === "sending" && kept.has(row.message_id)).map((row) => row.id);
}

beforeAll(async () => {
  centre = await createCentre({ label: "mail-batch" });
  dir = await mkdtemp(join(tmpdir(), "mail-batch-"));
  sink = await startSmtpSink(dir, { replyDelayMs: REPLY_DELAY_MS });
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(running.map((child) => child.exited));
  await sink?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the mail queue survives kill -9 of the worker", () => {
  test("every one of 200 emails arrives exactly once; resends are only the ones in flight", async () => {
    const parent = centre.people.parent;
    const batch = crypto.randomUUID().slice(0, 8);
    const keys = Array.from({ length: EMAILS }, (_, n) => `test.batch:${batch}:${n}`);
    await db.transaction().execute(async (trx) => {
      for (const [n, key] of keys.entries()) {
        await queueMail(trx, batchMail, {
          key,
          centreId: centre.id,
          recipientId: parent.id,
          params: { n, link: `https://learn.example.org/batch/${n}` },
        });
      }
    });

    const first = startMailWorker();
    await waitFor(
      async () =>
        (await sink.mailbox.mailTo(parent.email)).length >= 40 &&
        (await keptButNotRecorded(keys, parent.email)).length > 0,
      60_000,
      "40 emails at the server and some kept but not yet recorded as sent",
    );
    first.kill("SIGKILL");
    await first.exited;
    // An UPDATE the worker sent just before it died still commits: let PostgreSQL finish it before reading.
    await Bun.sleep(500);
    const arrivedAtKill = (await sink.mailbox.mailTo(parent.email)).length;
    const inFlight = await keptButNotRecorded(keys, parent.email);
    expect(arrivedAtKill).toBeLessThan(EMAILS);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThanOrEqual(MAIL_CONCURRENCY);

    startMailWorker();
    await waitFor(
      async () => (await rows(keys)).every((row) => row.status === "sent"),
      90_000,
      "every email recorded as sent",
    );
    // Nothing still queued or retrying may send again after the count.
    const queue = new Queue(QUEUES.mail, { connection: createQueueConnection() });
    const sent = await rows(keys);
    await waitFor(
      async () => {
        const states = await Promise.all(sent.map(async (row) => (await queue.getJob(mailJobId(row.id)))?.getState()));
        return states.every((state) => state === "completed");
      },
      15_000,
      "every mail job completed",
    );
    await queue.close();

    // At the server: each email once in the mailbox, nothing else for this parent.
    const mailbox = await sink.mailbox.mailTo(parent.email);
    const perMessageId = new Map<string, number>();
    for (const mail of mailbox) perMessageId.set(mail.messageId, (perMessageId.get(mail.messageId) ?? 0) + 1);
    expect(mailbox).toHaveLength(EMAILS);
    expect(sent.every((row) => perMessageId.get(row.message_id) === 1)).toBe(true);
    expect(new Set(mailbox.map((mail) => mail.subject)).size).toBe(EMAILS);

    // Every SMTP transaction: the resends are exactly the emails that were in flight at the kill.
    const transactions = (await sink.mailbox.transactions()).filter((entry) => entry.to.includes(parent.email));
    const resent = transactions.filter((entry) => entry.outcome === "duplicate");
    const inFlightIds = new Set(sent.filter((row) => inFlight.includes(row.id)).map((row) => row.message_id));
    console.log(
      `mail kill -9: ${arrivedAtKill} of ${EMAILS} at the server when killed, ${inFlight.length} in flight; ` +
        `${transactions.length} SMTP transactions, ${resent.length} resends (filed as duplicates), ${mailbox.length} in the mailbox`,
    );
    expect(transactions).toHaveLength(EMAILS + resent.length);
    expect(new Set(resent.map((entry) => entry.messageId))).toEqual(inFlightIds);
    expect(resent.length).toBeLessThanOrEqual(MAIL_CONCURRENCY);

    // The log: every email sent, its one-time parameters gone, attempts counted (the in-flight ones twice).
    expect(sent.every((row) => row.status === "sent" && row.params_encrypted === null)).toBe(true);
    const attempts = Object.fromEntries(sent.map((row) => [row.id, row.attempts]));
    for (const id of inFlight) expect({ id, attempts: attempts[id] }).toEqual({ id, attempts: 2 });
    expect(sent.filter((row) => !inFlight.includes(row.id)).every((row) => row.attempts >= 1)).toBe(true);
  }, 180_000);
});
