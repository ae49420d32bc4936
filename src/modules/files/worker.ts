import type { Job } from "bullmq";
import { log } from "../../platform/log";
import { createWorker, QUEUES } from "../../platform/queue";
import { trustedCentreId } from "../../platform/tenancy";
import { FILE_JOBS, type FileUploadedJob, filesQueue } from "./jobs";
import { cleanUpOrphans, storeDerivedImages } from "./service";

const CLEANUP_EVERY_MS = 60 * 60 * 1000;

async function processFilesJob(job: Job) {
  if (job.name === FILE_JOBS.uploaded) {
    const { centreId, fileId } = job.data as FileUploadedJob;
    // The centre id was written by our own service when it queued the job.
    const rows = await storeDerivedImages(trustedCentreId(centreId), fileId);
    return { derived: rows.map((row) => row.variant) };
  }
  if (job.name === FILE_JOBS.cleanup) {
    const result = await cleanUpOrphans();
    if (result.staleUploads + result.orphanObjects > 0) log.info(result, "removed orphan files");
    return result;
  }
  throw new Error(`Unknown files job: ${job.name}`);
}

/** Image derivatives on upload, and the hourly orphan cleanup. */
export async function startFilesWorker(): Promise<{ close(): Promise<void> }> {
  // One scheduler entry however many workers start: BullMQ upserts it by id.
  await filesQueue().upsertJobScheduler(FILE_JOBS.cleanup, { every: CLEANUP_EVERY_MS }, { name: FILE_JOBS.cleanup });
  const worker = createWorker(QUEUES.files, processFilesJob);
  return {
    async close() {
      await worker.close();
      await filesQueue().close();
    },
  };
}
