export type Verdict = "ok" | "warning" | "error";

/** One line of the system health page: what, how it is, the figure, and why when it is not well. */
export interface HealthRow {
  label: string;
  verdict: Verdict;
  value: string;
  detail: string;
}

export interface QueueRow {
  queue: string;
  waiting: string;
  active: string;
  delayed: string;
  failed: string;
  verdict: Verdict;
}

export interface SystemHealthPage {
  checkedAt: string;
  overall: Verdict;
  dependencies: HealthRow[];
  processes: HealthRow[];
  queues: QueueRow[];
  recentFailures: { queue: string; name: string; reason: string; failedAt: string }[];
  operations: HealthRow[];
}

const VERDICT_LABELS: Record<Verdict, string> = { ok: "OK", warning: "Attention", error: "Failing" };

function VerdictCell({ verdict }: { verdict: Verdict }) {
  return <td data-verdict={verdict}>{VERDICT_LABELS[verdict]}</td>;
}

function ChecksTable({ caption, rows }: { caption: string; rows: HealthRow[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Status</th>
          <th scope="col">Figure</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr data-check={row.label}>
            <th scope="row">{row.label}</th>
            <VerdictCell verdict={row.verdict} />
            <td>{row.value}</td>
            <td class="muted">{row.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QueuesTable({ rows }: { rows: QueueRow[] }) {
  return (
    <table>
      <caption>Queue depths</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Waiting</th>
          <th scope="col">Active</th>
          <th scope="col">Delayed</th>
          <th scope="col">Failed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr data-queue={row.queue} data-verdict={row.verdict}>
            <th scope="row">{row.queue}</th>
            <td>{row.waiting}</td>
            <td>{row.active}</td>
            <td>{row.delayed}</td>
            <td>{row.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SystemHealthView({ health }: { health: SystemHealthPage }) {
  return (
    <div class="stack">
      <h1>System health</h1>
      <p>
        Overall: <strong data-overall={health.overall}>{VERDICT_LABELS[health.overall]}</strong>{" "}
        <span class="muted">· checked {health.checkedAt}</span> · <a href="/platform/health">Check again</a> ·{" "}
        <a href="/platform/queues">Queues and failed jobs</a>
      </p>
      <ChecksTable caption="Dependencies" rows={health.dependencies} />
      <ChecksTable caption="Worker and disk" rows={health.processes} />
      <QueuesTable rows={health.queues} />
      {health.recentFailures.length > 0 && (
        <section aria-labelledby="failures-heading">
          <h2 id="failures-heading">Latest failed jobs</h2>
          <ul>
            {health.recentFailures.map((failure) => (
              <li>
                {failure.queue} · {failure.name} · {failure.failedAt}: <span class="muted">{failure.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ChecksTable caption="Backups and restore drill" rows={health.operations} />
    </div>
  );
}
