import type { Queue } from "bullmq";
import { createQueue, QUEUES } from "../../platform/queue";

export const FILE_JOBS = {
  uploaded: "file.uploaded",
  cleanup: "orphan-cleanup",
} as const;

export interface FileUploadedJob {
  centreId: string;
  fileId: string;
}

let queue: Queue | undefined;

/** Opened on first use, so a web process that never uploads holds no queue connection. */
export function filesQueue(): Queue {
  queue ??= createQueue(QUEUES.files);
  return queue;
}

export async function enqueueDerivatives(job: FileUploadedJob): Promise<void> {
  // One job per file: a repeated confirmation does not make the images twice.
  await filesQueue().add(FILE_JOBS.uploaded, job, { jobId: `derive-${job.fileId}` });
}

export async function closeFilesQueue(): Promise<void> {
  await queue?.close();
  queue = undefined;
}
