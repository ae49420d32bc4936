import type { Job, Queue } from "bullmq";
import { JOB_STATES, type JobState, type QueueCounts } from "../../../views/admin/queues";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { AuditRequest } from "../../platform/principal";
import { createQueue, QUEUES, type QueueName } from "../../platform/queue";

/** Failed jobs are read newest first, at most this many per queue (they are kept until retried). */
export const FAILED_SCAN = 500;
export const FAILED_SHOWN = 50;

const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];
const queues = new Map<QueueName, Queue>();

/** Opened on first use: a web process that never shows the panel holds no queue connections. */
function queueNamed(name: QueueName): Queue {
  let queue = queues.get(name);
  if (!queue) {
    queue = createQueue(name);
    queues.set(name, queue);
  }
  return queue;
}

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as string[]).includes(value);
}

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  centreId: string | null;
  reason: string;
  attempts: number;
  failedAt: Date | null;
}

export async function queueCounts(): Promise<QueueCounts[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const counts = await queueNamed(queue).getJobCounts(...JOB_STATES);
      const byState = Object.fromEntries(JOB_STATES.map((state) => [state, counts[state] ?? 0]));
      return { queue, counts: byState as Record<JobState, number> };
    }),
  );
}

function centreOf(job: Job): string | null {
  const data = job.data as { centreId?: unknown } | null;
  return typeof data?.centreId === "string" ? data.centreId : null;
}

function toFailed(queue: QueueName, job: Job): FailedJob {
  return {
    queue,
    id: String(job.id),
    name: job.name,
    centreId: centreOf(job),
    reason: (job.failedReason ?? "").slice(0, 500),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/** The newest failed jobs of every queue; with a centre, only jobs whose data names that centre. */
export async function failedJobs(centreId: string | null): Promise<FailedJob[]> {
  const lists = await Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const jobs = (await queueNamed(queue).getFailed(0, FAILED_SCAN - 1)).filter(Boolean) as Job[];
      const visible = centreId === null ? jobs : jobs.filter((job) => centreOf(job) === centreId);
      return visible.slice(0, FAILED_SHOWN).map((job) => toFailed(queue, job));
    }),
  );
  return lists.flat().sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
}

export interface RetryBy {
  userId: string;
  role: string;
  /** The centre whose jobs the person may retry; null for a platform admin (any job). */
  centreId: string | null;
  request: AuditRequest;
}

/** Puts a failed job back in its queue. Another centre's job, or one that is not failed, is "not found". */
export async function retryFailedJob(by: RetryBy, queue: string, jobId: string): Promise<void> {
  if (!isQueueName(queue)) throw new NotFoundError(t("queues.queueNotFound"));
  const job = (await queueNamed(queue).getJob(jobId)) as Job | undefined;
  if (!job || (by.centreId !== null && centreOf(job) !== by.centreId) || (await job.getState()) !== "failed") {
    throw new NotFoundError(t("queues.jobNotFound"));
  }
  await job.retry("failed");
  await recordAudit(db, {
    centreId: by.centreId ?? centreOf(job),
    actor: { id: by.userId, role: by.role },
    action: "queue.retry",
    target: { type: "job", id: `${queue}/${jobId}` },
    after: { name: job.name, attemptsMade: job.attemptsMade },
    request: by.request,
  });
}
