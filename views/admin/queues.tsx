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

const STATE_LABELS: Record<JobState, string> = {
  waiting: "Waiting",
  prioritized: "Waiting (priority)",
  active: "Running",
  delayed: "Retrying later",
  completed: "Done",
  failed: "Failed",
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
      <caption>Jobs per queue and state</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          {JOB_STATES.map((state) => (
            <th scope="col">{STATE_LABELS[state]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row) => (
          <tr>
            <th scope="row">{row.queue}</th>
            {JOB_STATES.map((state) => (
              <td>{String(row.counts[state])}</td>
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
      <td>{String(job.attempts)}</td>
      <td>{job.failedAt}</td>
      {canRetry && (
        <td>
          <form method="post" action={job.retryAction} class="inline-form">
            <CsrfField token={csrfToken} />
            <button type="submit">
              Retry<span class="visually-hidden"> job {job.id}</span>
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
  if (jobs.length === 0) return <p class="muted">No failed jobs. Everything that failed has been retried or fixed.</p>;
  return (
    <table>
      <caption>Failed jobs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Job</th>
          {showCentre && <th scope="col">Centre</th>}
          <th scope="col">Why it failed</th>
          <th scope="col">Attempts</th>
          <th scope="col">Failed at</th>
          {canRetry && <th scope="col">Action</th>}
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
      {props.retried && <Notice kind="ok">The job is queued again.</Notice>}
      <h2>Queues</h2>
      <CountsTable counts={props.counts} />
      <h2>Failed jobs</h2>
      <p class="muted">
        Jobs retry by themselves with growing pauses; those that still fail stop here until someone retries them.
      </p>
      <FailedTable
        jobs={props.failed}
        showCentre={props.showCentre}
        canRetry={props.canRetry}
        csrfToken={props.csrfToken}
      />
    </section>
  );
}
