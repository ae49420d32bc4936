process.env.AETHERLEARN_PROCESS ??= "worker";

import { config } from "./config";
import "./event-handlers";
import { startClassesWorker } from "./modules/classes";
import { startFilesWorker } from "./modules/files";
import { startPaperWorker } from "./modules/paper";
import { recordHeartbeat } from "./modules/system";
import { AUDIT_HEADS_PUBLISH_EVERY_MINUTES, auditHeadsPublisher } from "./platform/audit";
import { db } from "./platform/db";
import { startEventsWorker } from "./platform/events/worker";
import { log } from "./platform/log";
import { startMetricsServer } from "./platform/metrics/server";
import { createQueue, createWorker, QUEUES } from "./platform/queue";
import { redis } from "./platform/redis";
import { storage } from "./platform/storage";

const HEARTBEAT_EVERY_MS = 30_000;

const housekeepingQueue = createQueue(QUEUES.housekeeping);
// One scheduler entry however many workers start: BullMQ upserts it by id.
await housekeepingQueue.upsertJobScheduler("heartbeat", { every: HEARTBEAT_EVERY_MS }, { name: "heartbeat" });
// Audit chain heads go to object storage, so truncating or re-hashing the log shows (audit:verify).
await housekeepingQueue.upsertJobScheduler(
  "audit-heads",
  { every: AUDIT_HEADS_PUBLISH_EVERY_MINUTES * 60_000 },
  { name: "audit-heads" },
);
const publishAuditHeads = auditHeadsPublisher(db, storage);

const housekeeping = createWorker(QUEUES.housekeeping, async (job) => {
  if (job.name === "heartbeat") return recordHeartbeat(redis, process.pid);
  if (job.name === "audit-heads") return publishAuditHeads();
  throw new Error(`Unknown housekeeping job: ${job.name}`);
});

const files = await startFilesWorker();
const paper = startPaperWorker();
const classes = await startClassesWorker();
const events = await startEventsWorker();

log.info({ queues: Object.values(QUEUES) }, "worker started");
if (config.METRICS_PORT) startMetricsServer(config.METRICS_HOST, config.METRICS_PORT);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    log.info({ signal }, "worker stopping");
    await housekeeping.close();
    await files.close();
    await paper.close();
    await classes.close();
    await events.close();
    await housekeepingQueue.close();
    process.exit(0);
  });
}
