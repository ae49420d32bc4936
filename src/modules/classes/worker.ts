import type { Job } from "bullmq";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { log } from "../../platform/log";
import { createQueue, createWorker, QUEUES } from "../../platform/queue";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { syncSessions } from "./generate";
import { activeSlots } from "./queries";

export const EXTEND_SESSIONS_JOB = "extend-sessions";
/** Daily at 02:15 UTC: the window only needs to grow by a day at a time. */
const EXTEND_SESSIONS_PATTERN = "15 2 * * *";

/** Keeps every active class of one centre supplied with sessions for the rolling window. */
export async function extendCentreWindows(centreId: CentreId, now = new Date()): Promise<number> {
  const centre = await loadCentreContext(centreId);
  if (!centre) return 0;
  let written = 0;
  for (const klass of await activeSlots(db, centreId)) {
    written += (await syncSessions(db, centre, klass.id, { now })).written;
  }
  return written;
}

async function extendAllWindows(): Promise<{ centres: number; written: number }> {
  const centres = await db.selectFrom("centres").select("id").orderBy("id").execute();
  let written = 0;
  // Each centre id comes from the centres table itself, not from a request.
  for (const centre of centres) written += await extendCentreWindows(trustedCentreId(centre.id));
  if (written > 0) log.info({ centres: centres.length, written }, "extended class sessions");
  return { centres: centres.length, written };
}

async function processClassesJob(job: Job) {
  if (job.name === EXTEND_SESSIONS_JOB) return extendAllWindows();
  throw new Error(`Unknown classes job: ${job.name}`);
}

/** The daily job that rolls every class's window of dated sessions forward. */
export async function startClassesWorker(): Promise<{ close(): Promise<void> }> {
  const queue = createQueue(QUEUES.classes);
  // One scheduler entry however many workers start: BullMQ upserts it by id.
  await queue.upsertJobScheduler(
    EXTEND_SESSIONS_JOB,
    { pattern: EXTEND_SESSIONS_PATTERN, tz: "UTC" },
    { name: EXTEND_SESSIONS_JOB },
  );
  const worker = createWorker(QUEUES.classes, processClassesJob);
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
