import type { FailedJobItem } from "../../../views/admin/queues";
import type { FailedJob } from "./service";

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
