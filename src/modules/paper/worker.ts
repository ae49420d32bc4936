import { type Job, UnrecoverableError } from "bullmq";
import { log } from "../../platform/log";
import { createWorker, QUEUES } from "../../platform/queue";
import { trustedCentreId } from "../../platform/tenancy";
import { finish, processImport } from "./imports";
import { type ImportScansJob, PAPER_JOBS, paperQueue } from "./jobs";
import { publishImportProgress } from "./live";
import { UnreadablePdfError } from "./scan-pages";

async function processPaperJob(job: Job) {
  if (job.name !== PAPER_JOBS.importScans) throw new Error(`Unknown paper job: ${job.name}`);
  const { importId } = job.data as ImportScansJob;
  // The centre id was written by our own service when it queued the job.
  const centreId = trustedCentreId((job.data as ImportScansJob).centreId);
  const progress = () =>
    publishImportProgress(centreId, importId).catch((error: unknown) =>
      log.warn({ err: error, importId }, "could not publish import progress"),
    );
  try {
    await processImport(centreId, importId, progress);
  } catch (error) {
    const unreadable = error instanceof UnreadablePdfError;
    if (unreadable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await finish(centreId, importId, "failed");
      await progress();
    }
    throw unreadable ? new UnrecoverableError(error.message) : error;
  }
  return { importId };
}

/** Batch scan imports: one job per uploaded batch. */
export function startPaperWorker(): { close(): Promise<void> } {
  const worker = createWorker(QUEUES.paper, processPaperJob);
  return {
    async close() {
      await worker.close();
      await paperQueue().close();
    },
  };
}
