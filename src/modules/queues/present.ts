import type { FailedJob, QueueCounts } from "./service";

export const JOB_STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const STATE_LABELS: Record<JobState, string> = {
  waiting: "Waiting",
  prioritized: "Waiting (priority)",
  active: "Running",
  delayed: "Retrying later",
  completed: "Done",
  failed: "Failed",
};

export interface FailedJobItem {
  queue: string;
  id: string;
  name: string;
  centreId: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
  retryAction: string;
}

export function toFailedJobItem(job: FailedJob, basePath: string): FailedJobItem {
  return {
    queue: job.queue,
    id: job.id,
    name: job.name,
    centreId: job.centreId,
    reason: job.reason || "No reason recorded",
    attempts: job.attempts,
    failedAt: job.failedAt ? `${job.failedAt.toISOString().slice(0, 19).replace("T", " ")} UTC` : "—",
    retryAction: `${basePath}/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`,
  };
}

export type { QueueCounts };
