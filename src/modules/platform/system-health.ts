import { statfs } from "node:fs/promises";
import { sql } from "kysely";
import type { Verdict } from "../../../views/platform/health";
import { config } from "../../config";
import { dbRead } from "../../platform/db";
import { lastHeartbeat } from "../../platform/heartbeat";
import { t } from "../../platform/i18n";
import { OPS_STATUS_KINDS, type OpsStatusKind, readOpsStatus } from "../../platform/ops-status";
import { redis } from "../../platform/redis";
import { healthReport } from "../health";
import { failedJobs, queueCounts } from "../queues";

/** The worker beats every 30 s; after four missed beats it counts as stopped (as WorkerHeartbeatStale does). */
const HEARTBEAT_STALE_SECONDS = 120;
/** The off-site backup runs daily and the drill weekly; older than this is a problem (the alert rules agree). */
const STALE_AFTER_SECONDS: Record<OpsStatusKind, number> = { "offsite-backup": 26 * 3600, "restore-drill": 8 * 86400 };
const DISK_WARN_RATIO = 0.85;

export interface DependencyHealth {
  /** Which dependency; object storage also says its driver (disk or s3). */
  kind: "database" | "redis" | "storage";
  driver?: string;
  verdict: Verdict;
  latencyMs: number;
  detail: string | null;
}

export interface QueueHealth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface SystemHealth {
  checkedAt: Date;
  dependencies: DependencyHealth[];
  queues: QueueHealth[];
  recentFailures: { queue: string; name: string; reason: string; failedAt: Date | null }[];
  worker: { verdict: Verdict; lastBeatAt: Date | null; ageSeconds: number | null; pid: number | null };
  disk: { verdict: Verdict; path: string; usedBytes: number; totalBytes: number } | null;
  operations: {
    kind: OpsStatusKind;
    verdict: Verdict;
    finishedAt: Date | null;
    lastSuccessAt: Date | null;
    detail: string;
  }[];
  replication: { verdict: Verdict; lagSeconds: number | null; latencyMs: number; detail: string } | null;
}

async function dependencies(): Promise<DependencyHealth[]> {
  const { checks } = await healthReport();
  return [
    { kind: "database" as const, ...checks.database },
    { kind: "redis" as const, ...checks.redis },
    { kind: "storage" as const, ...checks.storage },
  ].map(({ kind, status, latency_ms, error, ...rest }) => ({
    kind,
    driver: "driver" in rest ? rest.driver : undefined,
    verdict: status === "ok" ? "ok" : "error",
    latencyMs: latency_ms,
    detail: error ?? null,
  }));
}

async function queues(): Promise<Pick<SystemHealth, "queues" | "recentFailures">> {
  const [counts, failed] = await Promise.all([queueCounts(), failedJobs(null)]);
  return {
    queues: counts.map(({ queue, counts }) => ({
      queue,
      waiting: counts.waiting + counts.prioritized,
      active: counts.active,
      delayed: counts.delayed,
      failed: counts.failed,
    })),
    recentFailures: failed.slice(0, 5).map(({ queue, name, reason, failedAt }) => ({ queue, name, reason, failedAt })),
  };
}

async function worker(now: Date): Promise<SystemHealth["worker"]> {
  const beat = await lastHeartbeat(redis);
  if (!beat) return { verdict: "error", lastBeatAt: null, ageSeconds: null, pid: null };
  const lastBeatAt = new Date(beat.at);
  const ageSeconds = Math.max(0, Math.round((now.getTime() - lastBeatAt.getTime()) / 1000));
  return { verdict: ageSeconds > HEARTBEAT_STALE_SECONDS ? "error" : "ok", lastBeatAt, ageSeconds, pid: beat.pid };
}

async function disk(): Promise<SystemHealth["disk"]> {
  try {
    const stats = await statfs(config.DATA_DIR);
    const totalBytes = stats.blocks * stats.bsize;
    const usedBytes = totalBytes - stats.bavail * stats.bsize;
    const verdict = totalBytes > 0 && usedBytes / totalBytes > DISK_WARN_RATIO ? "warning" : "ok";
    return { verdict, path: config.DATA_DIR, usedBytes, totalBytes };
  } catch {
    return null;
  }
}

async function operations(now: Date): Promise<SystemHealth["operations"]> {
  return Promise.all(
    OPS_STATUS_KINDS.map(async (kind) => {
      const status = await readOpsStatus(kind);
      if (!status)
        return {
          kind,
          verdict: "warning" as const,
          finishedAt: null,
          lastSuccessAt: null,
          detail: t("platform.health.neverRun"),
        };
      const age = status.lastSuccessAt ? (now.getTime() - status.lastSuccessAt.getTime()) / 1000 : Infinity;
      const verdict: Verdict = !status.ok ? "error" : age > STALE_AFTER_SECONDS[kind] ? "warning" : "ok";
      return {
        kind,
        verdict,
        finishedAt: status.finishedAt,
        lastSuccessAt: status.lastSuccessAt,
        detail: status.detail,
      };
    }),
  );
}

/** Only when a replica is configured: how far its replay trails the primary. */
async function replication(): Promise<SystemHealth["replication"]> {
  if (!config.DATABASE_REPLICA_URL) return null;
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const { rows } = await sql<{ standby: boolean; lag: string | null }>`
      select pg_is_in_recovery() as standby,
             extract(epoch from now() - pg_last_xact_replay_timestamp())::text as lag`.execute(dbRead);
    const row = rows[0];
    if (!row?.standby) {
      return {
        verdict: "warning",
        lagSeconds: null,
        latencyMs: latencyMs(),
        detail: t("platform.health.notStandby"),
      };
    }
    const lagSeconds = row.lag === null ? null : Math.max(0, Math.round(Number(row.lag)));
    const verdict: Verdict = lagSeconds !== null && lagSeconds > 60 ? "warning" : "ok";
    return {
      verdict,
      lagSeconds,
      latencyMs: latencyMs(),
      detail: lagSeconds === null ? t("platform.health.nothingReplayed") : "",
    };
  } catch (error) {
    return {
      verdict: "error",
      lagSeconds: null,
      latencyMs: latencyMs(),
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Everything the platform admin's system health page shows, gathered at once. */
export async function systemHealth(now: Date = new Date()): Promise<SystemHealth> {
  const [deps, queueHealth, workerHealth, diskHealth, ops, replica] = await Promise.all([
    dependencies(),
    queues().catch(() => ({ queues: [], recentFailures: [] })),
    worker(now).catch(() => ({ verdict: "error" as const, lastBeatAt: null, ageSeconds: null, pid: null })),
    disk(),
    operations(now),
    replication(),
  ]);
  return {
    checkedAt: now,
    dependencies: deps,
    ...queueHealth,
    worker: workerHealth,
    disk: diskHealth,
    operations: ops,
    replication: replica,
  };
}
