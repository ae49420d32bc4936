import { type Job, UnrecoverableError } from "bullmq";
import { sql } from "kysely";
import { config } from "../../config";
import { db } from "../db";
import { indexedValues } from "../db/partial-index";
import type { MailStatus } from "../db/schema";
import { type Locale, withLocalisation } from "../i18n";
import { log } from "../log";
import { mailSends } from "../metrics/registry";
import { createQueue, createWorker, QUEUES } from "../queue";
import { MAIL_JOB_OPTIONS, mailJobId } from "./jobs";
import { openMailParams } from "./queue-mail";
import type { MailContent, MailTemplates } from "./template";
import { type MailTransport, parseSender, smtpTransport } from "./transport";

/** The person an email is for, as the module that keeps people finds them (the address opened here only). */
export interface MailRecipientDetails {
  name: string;
  /** Null: no address (or it could not be opened); the email is skipped. */
  address: string | null;
  /** False for archived or never-activated accounts that may not receive mail. */
  reachable: boolean;
  locale: Locale;
  timeZone: string;
  centreName: string | null;
  /** The centre's logo, a full link, shown above its name; null without one. */
  centreLogoUrl?: string | null;
}

/** What the layout needs besides the content: the centre it speaks for and how to unsubscribe. */
export interface MailFrame {
  centreName: string | null;
  centreLogoUrl?: string | null;
  unsubscribeUrl: string | null;
}

export interface MailWorkerParts {
  templates: MailTemplates;
  findRecipient: (userId: string) => Promise<MailRecipientDetails | null>;
  /** The layout: both parts of the email from its content (views/emails). Runs localised. */
  render: (content: MailContent, frame: MailFrame) => { text: string; html: string };
  transport?: MailTransport;
}

/** centreId is on top so the queues panel shows a centre's admins their own failed mail. */
export interface MailJobData {
  mailId: string;
  centreId: string | null;
}

const ERROR_KEPT_CHARS = 500;

async function setStatus(mailId: string, status: MailStatus, extra: { last_error?: string | null } = {}) {
  await db
    .updateTable("mail_messages") // platform-wide: the row is the job's own, found by its id
    .set({ status, updated_at: new Date(), ...extra })
    .where("id", "=", mailId)
    .execute();
}

/**
 * Sends one queued email, or finds that it needs no sending. The row is marked `sending` (an
 * attempt counted) before the server is spoken to and `sent` right after it accepts; a worker
 * killed between the two sends again on retry, under the same Message-ID, so the mailbox keeps
 * one copy. Throws to let the queue retry with back-off; the last attempt leaves `failed`.
 */
export async function sendQueuedMail(
  parts: MailWorkerParts & { transport: MailTransport },
  mailId: string,
  lastAttempt: boolean,
): Promise<MailStatus> {
  const row = await db
    .selectFrom("mail_messages") // platform-wide: the row is the job's own, found by its id
    .select(["id", "status", "recipient_id", "template", "params_encrypted", "unsubscribe_url", "message_id"])
    .where("id", "=", mailId)
    .executeTakeFirst();
  if (!row || row.status === "sent" || row.status === "skipped") return row?.status ?? "skipped";
  const recipient = await parts.findRecipient(row.recipient_id);
  if (!recipient?.address || !recipient.reachable || !row.params_encrypted) {
    await setStatus(mailId, "skipped", { last_error: recipient?.address ? "recipient not reachable" : "no address" });
    return "skipped";
  }
  const address = recipient.address;
  const params = openMailParams(row.id, row.params_encrypted);
  const frame = {
    centreName: recipient.centreName,
    centreLogoUrl: recipient.centreLogoUrl ?? null,
    unsubscribeUrl: row.unsubscribe_url,
  };
  const composed = withLocalisation({ locale: recipient.locale, timeZone: recipient.timeZone }, () => {
    const content = parts.templates.compose(row.template, params, {
      userId: row.recipient_id,
      name: recipient.name,
      centreName: recipient.centreName,
    });
    return content && { subject: content.subject, ...parts.render(content, frame) };
  });
  if (!composed) {
    await setStatus(mailId, "failed", { last_error: `no mail template named ${row.template}` });
    throw new UnrecoverableError(`No mail template named ${row.template}`);
  }
  const sender = parseSender(config.MAIL_FROM);
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  if (row.unsubscribe_url) {
    headers["List-Unsubscribe"] = `<${row.unsubscribe_url}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  await db
    .updateTable("mail_messages") // platform-wide: the row is the job's own
    .set({ status: "sending", attempts: sql`attempts + 1`, updated_at: new Date() })
    .where("id", "=", mailId)
    .execute();
  try {
    const { response } = await parts.transport.send({
      from: { name: recipient.centreName ?? sender.name, address: sender.address },
      to: { name: recipient.name, address },
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      messageId: row.message_id,
      headers,
    });
    await db
      .updateTable("mail_messages") // platform-wide: the row is the job's own
      .set({
        status: "sent",
        sent_at: new Date(),
        updated_at: new Date(),
        provider_response: response.slice(0, ERROR_KEPT_CHARS),
        last_error: null,
        // The parameters may hold a one-time link: not kept once it is in the recipient's hands.
        params_encrypted: null,
      })
      .where("id", "=", mailId)
      .execute();
    mailSends.inc({ outcome: "sent" });
    return "sent";
  } catch (error) {
    mailSends.inc({ outcome: "failed" });
    const message = error instanceof Error ? error.message : String(error);
    await setStatus(mailId, lastAttempt ? "failed" : "queued", { last_error: message.slice(0, ERROR_KEPT_CHARS) });
    throw error;
  }
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

const REQUEUE_AFTER_MINUTES = 10;

/**
 * Emails whose job went missing (Redis lost it, or a retry was cleared) are handed to the queue
 * again. The job id is the email's own, so one still in the queue is not added twice.
 */
export async function requeueStrandedMail(): Promise<number> {
  const stranded = await db
    .selectFrom("mail_messages") // platform-wide: housekeeping over every centre's queue
    .select(["id", "centre_id"])
    .where("status", "in", indexedValues(["queued", "sending"] as const))
    .where("updated_at", "<", new Date(Date.now() - REQUEUE_AFTER_MINUTES * 60_000))
    .limit(1000)
    .execute();
  if (stranded.length === 0) return 0;
  const queue = createQueue(QUEUES.mail);
  try {
    await queue.addBulk(
      stranded.map((row) => ({
        name: "send",
        data: { mailId: row.id, centreId: row.centre_id },
        opts: { ...MAIL_JOB_OPTIONS, jobId: mailJobId(row.id) },
      })),
    );
  } finally {
    await queue.close();
  }
  return stranded.length;
}

/** The mail queue's consumer. */
export function startMailWorker(parts: MailWorkerParts): { close(): Promise<void> } {
  const transport = parts.transport ?? smtpTransport();
  const withTransport = { ...parts, transport };
  const worker = createWorker<MailJobData, MailStatus>(QUEUES.mail, (job) =>
    sendQueuedMail(withTransport, job.data.mailId, isLastAttempt(job)),
  );
  log.info({ smtp: config.SMTP_URL ? "configured" : "not configured" }, "mail worker started");
  return {
    async close() {
      await worker.close();
      transport.close();
    },
  };
}
