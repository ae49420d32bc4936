import type { HealthRow, QueueRow, SystemHealthPage, Verdict } from "../../../views/platform/health";
import type { SystemHealth } from "./system-health";

const OPERATION_LABELS = { "offsite-backup": "Off-site backup", "restore-drill": "Restore drill" } as const;

function utc(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never";
}

function bytes(value: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function ago(seconds: number): string {
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function worst(verdicts: Verdict[]): Verdict {
  return verdicts.includes("error") ? "error" : verdicts.includes("warning") ? "warning" : "ok";
}

export function presentSystemHealth(health: SystemHealth): SystemHealthPage {
  const { worker, disk, replication } = health;
  const processes: HealthRow[] = [
    {
      label: "Worker heartbeat",
      verdict: worker.verdict,
      value: worker.ageSeconds === null ? "none in the last hour" : ago(worker.ageSeconds),
      detail:
        worker.pid === null
          ? "No worker is consuming jobs."
          : `last beat from process ${worker.pid} at ${utc(worker.lastBeatAt)}`,
    },
  ];
  if (disk) {
    processes.push({
      label: "Disk (data folder)",
      verdict: disk.verdict,
      value: `${bytes(disk.usedBytes)} of ${bytes(disk.totalBytes)} used (${Math.round((disk.usedBytes / Math.max(disk.totalBytes, 1)) * 100)}%)`,
      detail: disk.path,
    });
  }
  const dependencies: HealthRow[] = health.dependencies.map((dependency) => ({
    label: dependency.name,
    verdict: dependency.verdict,
    value: `${dependency.latencyMs} ms`,
    detail: dependency.detail ?? "",
  }));
  if (replication) {
    dependencies.push({
      label: "Read replica",
      verdict: replication.verdict,
      value:
        replication.lagSeconds === null
          ? `${replication.latencyMs} ms`
          : `${replication.lagSeconds} s behind · ${replication.latencyMs} ms`,
      detail: replication.detail,
    });
  }
  const operations: HealthRow[] = health.operations.map((operation) => ({
    label: OPERATION_LABELS[operation.kind],
    verdict: operation.verdict,
    value: `last success ${utc(operation.lastSuccessAt)}`,
    detail: operation.finishedAt ? `last run ${utc(operation.finishedAt)}: ${operation.detail}` : operation.detail,
  }));
  const queues: QueueRow[] = health.queues.map((queue) => ({
    queue: queue.queue,
    waiting: String(queue.waiting),
    active: String(queue.active),
    delayed: String(queue.delayed),
    failed: String(queue.failed),
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
