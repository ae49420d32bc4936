import { renderMail } from "../views/emails/mail";
import { config } from "./config";
import { startClassesWorker } from "./modules/classes";
import { startFilesWorker } from "./modules/files";
import { DIGEST_EVERY_MS, noticeOverdueHomework, sendDueDigests } from "./modules/notifications";
import { startPaperWorker } from "./modules/paper";
import { mailRecipientOf } from "./modules/people";
import { recordHeartbeat } from "./modules/system";
import { AUDIT_HEADS_PUBLISH_EVERY_MINUTES, auditHeadsPublisher } from "./platform/audit";
import { db } from "./platform/db";
import type { EventHandlerEntry } from "./platform/events";
import { startEventsWorker } from "./platform/events/worker";
import { log } from "./platform/log";
import { type AnyMailTemplate, mailRelay, requeueStrandedMail, startMailWorker } from "./platform/mail";
import { startMetricsServer } from "./platform/metrics/server";
import { createQueue, createWorker, QUEUES } from "./platform/queue";
import { redis } from "./platform/redis";
import { storage } from "./platform/storage";
import { eventHandlers, mailTemplates } from "./registry";

const HEARTBEAT_EVERY_MS = 30_000;
const MAIL_REQUEUE_EVERY_MS = 5 * 60_000;

/** Housekeeping on a schedule: the worker's heartbeat, the audit chain heads, stranded mail, digests, overdue homework. */
async function startHousekeeping(): Promise<{ close(): Promise<void> }> {
  const queue = createQueue(QUEUES.housekeeping);
  // One scheduler entry however many workers start: BullMQ upserts it by id.
  await queue.upsertJobScheduler("heartbeat", { every: HEARTBEAT_EVERY_MS }, { name: "heartbeat" });
  // Audit chain heads go to object storage, so truncating or re-hashing the log shows (audit:verify).
  await queue.upsertJobScheduler(
    "audit-heads",
    { every: AUDIT_HEADS_PUBLISH_EVERY_MINUTES * 60_000 },
    { name: "audit-heads" },
  );
  // Emails whose job Redis lost are handed back to the mail queue.
  await queue.upsertJobScheduler("mail-requeue", { every: MAIL_REQUEUE_EVERY_MS }, { name: "mail-requeue" });
  // Daily digests go out at 17:00 centre time; homework a day overdue is told to parents once.
  await queue.upsertJobScheduler("email-digests", { every: DIGEST_EVERY_MS }, { name: "email-digests" });
  await queue.upsertJobScheduler("homework-overdue", { every: DIGEST_EVERY_MS }, { name: "homework-overdue" });
  const publishAuditHeads = auditHeadsPublisher(db, storage);
  const worker = createWorker(QUEUES.housekeeping, async (job) => {
    if (job.name === "heartbeat") return recordHeartbeat(redis, process.pid);
    if (job.name === "audit-heads") return publishAuditHeads();
    if (job.name === "mail-requeue") return requeueStrandedMail();
    if (job.name === "email-digests") return sendDueDigests();
    if (job.name === "homework-overdue") return noticeOverdueHomework();
    throw new Error(`Unknown housekeeping job: ${job.name}`);
  });
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

/**
 * The worker process: every queue consumer, listed here (hexpm's `children(:worker)`). Tests
 * start it with extra event handlers of their own.
 */
export async function startWorkerProcess(
  extraEventHandlers: readonly EventHandlerEntry[] = [],
  extraMailTemplates: readonly AnyMailTemplate[] = [],
): Promise<void> {
  const running = [
    await startHousekeeping(),
    await startFilesWorker(),
    startPaperWorker(),
    await startClassesWorker(),
    await startEventsWorker(eventHandlers(extraEventHandlers), [mailRelay()]),
    startMailWorker({
      templates: mailTemplates(extraMailTemplates),
      findRecipient: mailRecipientOf,
      render: renderMail,
    }),
  ];
  log.info({ queues: Object.values(QUEUES) }, "worker started");
  if (config.METRICS_PORT) startMetricsServer(config.METRICS_HOST, config.METRICS_PORT);

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, async () => {
      log.info({ signal }, "worker stopping");
      for (const consumer of running) await consumer.close();
      process.exit(0);
    });
  }
}

if (import.meta.main) await startWorkerProcess();
