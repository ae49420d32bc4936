import { type MessageKey, t } from "../../src/platform/i18n";

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

const VERDICT_LABELS: Record<Verdict, MessageKey> = {
  ok: "platform.health.verdict.ok",
  warning: "platform.health.verdict.warning",
  error: "platform.health.verdict.error",
};

function VerdictCell({ verdict }: { verdict: Verdict }) {
  return <td data-verdict={verdict}>{t(VERDICT_LABELS[verdict])}</td>;
}

function ChecksTable({ caption, rows }: { caption: string; rows: HealthRow[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("platform.health.check")}</th>
          <th scope="col">{t("platform.health.status")}</th>
          <th scope="col">{t("platform.health.figure")}</th>
          <th scope="col">{t("platform.health.detail")}</th>
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
      <caption>{t("platform.health.queueDepths")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("platform.health.queue")}</th>
          <th scope="col">{t("platform.health.waiting")}</th>
          <th scope="col">{t("platform.health.active")}</th>
          <th scope="col">{t("platform.health.delayed")}</th>
          <th scope="col">{t("platform.health.failed")}</th>
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
      <h1>{t("platform.health.heading")}</h1>
      <p>
        {t("platform.health.overall")}{" "}
        <strong data-overall={health.overall}>{t(VERDICT_LABELS[health.overall])}</strong>{" "}
        <span class="muted">· {t("platform.health.checkedAt", { at: health.checkedAt })}</span> ·{" "}
        <a href="/platform/health">{t("platform.health.checkAgain")}</a> ·{" "}
        <a href="/platform/queues">{t("platform.health.queuesLink")}</a>
      </p>
      <ChecksTable caption={t("platform.health.dependencies")} rows={health.dependencies} />
      <ChecksTable caption={t("platform.health.processes")} rows={health.processes} />
      <QueuesTable rows={health.queues} />
      {health.recentFailures.length > 0 && (
        <section aria-labelledby="failures-heading">
          <h2 id="failures-heading">{t("platform.health.latestFailures")}</h2>
          <ul>
            {health.recentFailures.map((failure) => (
              <li>
                {t("platform.health.failure", { queue: failure.queue, name: failure.name, at: failure.failedAt })}{" "}
                <span class="muted">{failure.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ChecksTable caption={t("platform.health.operations")} rows={health.operations} />
    </div>
  );
}
