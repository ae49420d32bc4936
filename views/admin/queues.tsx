import { formatNumber, type MessageKey, t } from "../../src/platform/i18n";
import type { QueueName } from "../../src/platform/queue";
import { CsrfField, Notice } from "../components/form";

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

/** The job states the panel counts, in column order. */
export const JOB_STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

const STATE_LABELS: Record<JobState, MessageKey> = {
  waiting: "queues.state.waiting",
  prioritized: "queues.state.prioritized",
  active: "queues.state.active",
  delayed: "queues.state.delayed",
  completed: "queues.state.completed",
  failed: "queues.state.failed",
};

export interface QueueCounts {
  queue: QueueName;
  counts: Record<JobState, number>;
}

export interface QueuesViewProps {
  heading: string;
  counts: QueueCounts[];
  failed: FailedJobItem[];
  /** The platform view shows each job's centre; a centre admin sees only their own. */
  showCentre: boolean;
  canRetry: boolean;
  csrfToken: string;
  retried: boolean;
}

function CountsTable({ counts }: { counts: QueueCounts[] }) {
  return (
    <table>
      <caption>{t("queues.counts.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("queues.column.queue")}</th>
          {JOB_STATES.map((state) => (
            <th scope="col">{t(STATE_LABELS[state])}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row) => (
          <tr>
            <th scope="row">{row.queue}</th>
            {JOB_STATES.map((state) => (
              <td>{formatNumber(row.counts[state])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FailedRow({ job, showCentre, canRetry, csrfToken }: { job: FailedJobItem } & Omit<FailedProps, "jobs">) {
  return (
    <tr>
      <td>{job.queue}</td>
      <td>
        {job.name} <span class="muted">#{job.id}</span>
      </td>
      {showCentre && <td>{job.centreId ?? "—"}</td>}
      <td>{job.reason}</td>
      <td>{formatNumber(job.attempts)}</td>
      <td>{job.failedAt}</td>
      {canRetry && (
        <td>
          <form method="post" action={job.retryAction} class="inline-form">
            <CsrfField token={csrfToken} />
            <button type="submit">
              {t("queues.retry")}
              <span class="visually-hidden"> {t("queues.retryJob", { id: job.id })}</span>
            </button>
          </form>
        </td>
      )}
    </tr>
  );
}

interface FailedProps {
  jobs: FailedJobItem[];
  showCentre: boolean;
  canRetry: boolean;
  csrfToken: string;
}

function FailedTable({ jobs, showCentre, canRetry, csrfToken }: FailedProps) {
  if (jobs.length === 0) return <p class="muted">{t("queues.failed.none")}</p>;
  return (
    <table>
      <caption>{t("queues.failed.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("queues.column.queue")}</th>
          <th scope="col">{t("queues.column.job")}</th>
          {showCentre && <th scope="col">{t("queues.column.centre")}</th>}
          <th scope="col">{t("queues.column.reason")}</th>
          <th scope="col">{t("queues.column.attempts")}</th>
          <th scope="col">{t("queues.column.failedAt")}</th>
          {canRetry && <th scope="col">{t("queues.column.action")}</th>}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <FailedRow job={job} showCentre={showCentre} canRetry={canRetry} csrfToken={csrfToken} />
        ))}
      </tbody>
    </table>
  );
}

export function QueuesView(props: QueuesViewProps) {
  return (
    <section>
      <h1>{props.heading}</h1>
      {props.retried && <Notice kind="ok">{t("queues.retried")}</Notice>}
      <h2>{t("queues.queues")}</h2>
      <CountsTable counts={props.counts} />
      <h2>{t("queues.failed")}</h2>
      <p class="muted">{t("queues.failed.intro")}</p>
      <FailedTable
        jobs={props.failed}
        showCentre={props.showCentre}
        canRetry={props.canRetry}
        csrfToken={props.csrfToken}
      />
    </section>
  );
}
