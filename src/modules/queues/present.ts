import type { FailedJobItem } from "../../../views/admin/queues";
import { formatDateParts, t } from "../../platform/i18n";
import type { FailedJob } from "./service";

/** With the zone named: the platform's panel belongs to no centre, so its clock is UTC. */
const FAILED_AT: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
};

export function toFailedJobItem(job: FailedJob, basePath: string): FailedJobItem {
  return {
    queue: job.queue,
    id: job.id,
    name: job.name,
    centreId: job.centreId,
    reason: job.reason || t("queues.noReason"),
    attempts: job.attempts,
    failedAt: job.failedAt ? formatDateParts(job.failedAt, FAILED_AT) : "—",
    retryAction: `${basePath}/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`,
  };
}
