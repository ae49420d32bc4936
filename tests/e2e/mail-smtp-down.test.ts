/**
 * Issue 13, acceptance 6: with the SMTP server stopped, mail jobs retry and keep their email,
 * the web process is unaffected (/api/health is 200: mail is not a health dependency), the
 * centre's admin sees the email waiting and why on the sent-email log, the mail
 * queue's depth and the failed sends are on the worker's /metrics (the MailDeliveryFailing rule
 * reads them; its promtool test is in ops/prometheus/alerts.test.yml), and once the server is
 * started the email arrives.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { db } from "../../src/platform/db";
import { queueMail } from "../../src/platform/mail";
import { type Centre, createCentre, signedInAs } from "../support/fixtures";
import { batchMail, MAIL_TEST_WORKER } from "../support/mail-worker";
import { type RunningSmtpSink, startSmtpSink } from "../support/mailbox";
import { freePort, type RunningProcess, startWebServer, startWorker, waitFor } from "../support/processes";

let centre: Centre;
let dir: string;
/** Nothing listens here until the test starts the server on it. */
let smtpPort: number;
let metricsUrl: string;
let web: RunningProcess;
let worker: { stop(): Promise<void> };
let sink: RunningSmtpSink | undefined;
let mailId: string;

beforeAll(async () => {
  [centre, dir] = await Promise.all([createCentre({ label: "smtp-down" }), mkdtemp(join(tmpdir(), "smtp-down-"))]);
  smtpPort = freePort();
  const metricsPort = freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const smtp = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
  web = await startWebServer(smtp);
  worker = startWorker({ ...smtp, METRICS_PORT: String(metricsPort), PUBLIC_URL: web.url }, MAIL_TEST_WORKER);
}, 30_000);

afterAll(async () => {
  await Promise.all([worker?.stop(), web?.stop(), sink?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function row() {
  return db
    .selectFrom("mail_messages")
    .select(["status", "attempts", "last_error", "sent_at", "params_encrypted"])
    .where("id", "=", mailId)
    .executeTakeFirstOrThrow();
}

function metric(text: string, pattern: RegExp): number {
  return Number(text.match(pattern)?.[1] ?? Number.NaN);
}

describe("mail while the SMTP server is stopped", () => {
  test("the job retries with its error recorded, and the email stays queued", async () => {
    const key = `test.smtp-down:${crypto.randomUUID()}`;
    await db.transaction().execute(async (trx) => {
      await queueMail(trx, batchMail, {
        key,
        centreId: centre.id,
        recipientId: centre.people.parent.id,
        params: { n: 1, link: `${web.url}/` },
      });
    });
    mailId = (await db.selectFrom("mail_messages").select("id").where("key", "=", key).executeTakeFirstOrThrow()).id;
    // The first attempt at once, the second 5 s later (MAIL_JOB_OPTIONS' back-off).
    await waitFor(async () => (await row()).attempts >= 2, 30_000, "a second attempt");
    const waiting = await row();
    expect(waiting.status).toBe("queued");
    expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.params_encrypted).not.toBeNull();
    expect(waiting.sent_at).toBeNull();
  }, 40_000);

  test("the web process answers as usual and /api/health stays 200: mail is not a health dependency", async () => {
    const health = await fetch(`${web.url}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe("ok");
    expect(Object.keys(body.checks).filter((name) => /mail|smtp/i.test(name))).toEqual([]);
    expect((await fetch(`${web.url}/`)).status).toBe(200);
  });

  test("the centre's admin sees the email waiting, with the reason, in the sent-email log", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const page = await fetch(`${web.url}/admin/mail`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("1 email is waiting to be sent.");
    expect(html).toContain(centre.people.parent.name);
    expect(html).toMatch(/The last attempt failed and it will be tried again: [^<]*(ECONNREFUSED|connect)/i);
  });

  test("the worker's /metrics shows the mail waiting in its queue and the failed sends", async () => {
    let text = "";
    await waitFor(
      async () => {
        text = await (await fetch(metricsUrl)).text();
        return metric(text, /^aetherlearn_queue_jobs\{queue="mail",state="delayed"\} (\d+)/m) >= 1;
      },
      15_000,
      "the mail job waiting for its next attempt on /metrics",
    );
    expect(metric(text, /^aetherlearn_mail_sends_total\{outcome="failed"\} (\d+)/m)).toBeGreaterThanOrEqual(2);
    expect(text).not.toMatch(/^aetherlearn_mail_sends_total\{outcome="sent"\} [1-9]/m);
  });

  test("once the SMTP server is started, the email arrives at its next attempt", async () => {
    sink = await startSmtpSink(dir, { port: smtpPort });
    const mail = await sink.mailbox.waitForMail({
      to: centre.people.parent.email,
      subject: "Batch email 1",
      timeoutMs: 40_000,
    });
    expect(mail.text).toContain("This is email number 1 of a batch.");
    await waitFor(async () => (await row()).status === "sent", 10_000, "the email recorded as sent");
    const sent = await row();
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    expect(sent.last_error).toBeNull();
    expect(sent.params_encrypted).toBeNull();
    expect(await sink.mailbox.mailTo(centre.people.parent.email)).toHaveLength(1);
    const text = await (await fetch(metricsUrl)).text();
    expect(metric(text, /^aetherlearn_mail_sends_total\{outcome="sent"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
