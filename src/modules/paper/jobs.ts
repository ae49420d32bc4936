import type { Queue } from "bullmq";
import { createQueue, QUEUES } from "../../platform/queue";

export const PAPER_JOBS = { importScans: "scan.import" } as const;

export interface ImportScansJob {
  centreId: string;
  importId: string;
}

let queue: Queue | undefined;

/** Opened on first use, so a web process that never imports holds no queue connection. */
export function paperQueue(): Queue {
  queue ??= createQueue(QUEUES.paper);
  return queue;
}

export async function enqueueImport(job: ImportScansJob): Promise<void> {
  await paperQueue().add(PAPER_JOBS.importScans, job, { jobId: `import-${job.importId}` });
}

export async function closePaperQueue(): Promise<void> {
  await queue?.close();
  queue = undefined;
}
