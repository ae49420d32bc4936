import type { HealthRow, QueueRow, SystemHealthPage, Verdict } from "../../../views/platform/health";
import { formatDateParts, formatNumber, formatPercent, type MessageKey, t } from "../../platform/i18n";
import type { DependencyHealth, SystemHealth } from "./system-health";

const OPERATION_LABELS = {
  "offsite-backup": "platform.health.offsiteBackup",
  "restore-drill": "platform.health.restoreDrill",
} as const satisfies Record<SystemHealth["operations"][number]["kind"], MessageKey>;

/**
 * A moment on the platform's clock: the platform admin works in no centre, and the servers, logs
 * and alerts all speak UTC, so the zone is named beside the time.
 */
function utc(date: Date | null): string {
  if (!date) return t("platform.health.never");
  return formatDateParts(
    date,
    { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
    "UTC",
  );
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

function bytes(value: number): string {
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < BYTE_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return formatNumber(size, {
    style: "unit",
    unit: BYTE_UNITS[unit],
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function milliseconds(value: number): string {
  return formatNumber(value, { style: "unit", unit: "millisecond", maximumFractionDigits: 1 });
}

function ago(seconds: number): string {
  if (seconds < 120) return t("platform.health.secondsAgo", { seconds });
  if (seconds < 7200) return t("platform.health.minutesAgo", { minutes: Math.round(seconds / 60) });
  return t("platform.health.hoursAgo", { hours: Math.round(seconds / 3600) });
}

function worst(verdicts: Verdict[]): Verdict {
  return verdicts.includes("error") ? "error" : verdicts.includes("warning") ? "warning" : "ok";
}

/** Product names stay as they are; object storage says which driver serves it. */
function dependencyLabel(dependency: DependencyHealth): string {
  if (dependency.kind === "database") return "PostgreSQL";
  if (dependency.kind === "redis") return "Redis";
  return t("platform.health.objectStorage", { driver: dependency.driver ?? "" });
}

export function presentSystemHealth(health: SystemHealth): SystemHealthPage {
  const { worker, disk, replication } = health;
  const processes: HealthRow[] = [
    {
      label: t("platform.health.workerHeartbeat"),
      verdict: worker.verdict,
      value: worker.ageSeconds === null ? t("platform.health.noBeat") : ago(worker.ageSeconds),
      detail:
        worker.pid === null
          ? t("platform.health.noWorker")
          : // A process id is an identifier, not a quantity: no digit grouping.
            t("platform.health.lastBeat", { pid: String(worker.pid), at: utc(worker.lastBeatAt) }),
    },
  ];
  if (disk) {
    processes.push({
      label: t("platform.health.disk"),
      verdict: disk.verdict,
      value: t("platform.health.diskUsed", {
        used: bytes(disk.usedBytes),
        total: bytes(disk.totalBytes),
        percent: formatPercent(disk.usedBytes / Math.max(disk.totalBytes, 1)),
      }),
      detail: disk.path,
    });
  }
  const dependencies: HealthRow[] = health.dependencies.map((dependency) => ({
    label: dependencyLabel(dependency),
    verdict: dependency.verdict,
    value: milliseconds(dependency.latencyMs),
    detail: dependency.detail ?? "",
  }));
  if (replication) {
    dependencies.push({
      label: t("platform.health.replica"),
      verdict: replication.verdict,
      value:
        replication.lagSeconds === null
          ? milliseconds(replication.latencyMs)
          : t("platform.health.replicaBehind", {
              seconds: replication.lagSeconds,
              latency: milliseconds(replication.latencyMs),
            }),
      detail: replication.detail,
    });
  }
  const operations: HealthRow[] = health.operations.map((operation) => ({
    label: t(OPERATION_LABELS[operation.kind]),
    verdict: operation.verdict,
    value: t("platform.health.lastSuccess", { at: utc(operation.lastSuccessAt) }),
    detail: operation.finishedAt
      ? t("platform.health.lastRun", { at: utc(operation.finishedAt), detail: operation.detail })
      : operation.detail,
  }));
  const queues: QueueRow[] = health.queues.map((queue) => ({
    queue: queue.queue,
    waiting: formatNumber(queue.waiting),
    active: formatNumber(queue.active),
    delayed: formatNumber(queue.delayed),
    failed: formatNumber(queue.failed),
    verdict: queue.failed > 0 ? "warning" : "ok",
  }));
  return {
    checkedAt: utc(health.checkedAt),
    overall: worst([...dependencies, ...processes, ...operations].map((row) => row.verdict)),
    dependencies,
    processes,
    queues,
    recentFailures: health.recentFailures.map((failure) => ({ ...failure, failedAt: utc(failure.failedAt) })),
    operations,
  };
}
