import { sql } from "kysely";
import { appVersion, config } from "../../config";
import { db } from "../../platform/db";
import { redis } from "../../platform/redis";
import { storage } from "../../platform/storage";

export interface CheckResult {
  status: "ok" | "error";
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "error";
  timestamp: string;
  version: string;
  uptime: number;
  checks: { database: CheckResult; redis: CheckResult; storage: CheckResult & { driver: string } };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one dependency check; a dependency that hangs counts as down after the timeout. */
async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await withTimeout(probe(), config.HEALTH_CHECK_TIMEOUT_MS);
    return { status: "ok", latency_ms: latency() };
  } catch (error) {
    return { status: "error", latency_ms: latency(), error: error instanceof Error ? error.message : String(error) };
  }
}

export async function healthReport(): Promise<HealthReport> {
  const [database, redisCheck, storageCheck] = await Promise.all([
    check(() => sql`select 1`.execute(db)),
    check(() => redis.ping()),
    check(() => storage.checkBuckets()),
  ]);
  const checks = { database, redis: redisCheck, storage: { ...storageCheck, driver: storage.driver } };
  const healthy = Object.values(checks).every((result) => result.status === "ok");
  return {
    status: healthy ? "ok" : "error",
    timestamp: new Date().toISOString(),
    version: appVersion,
    uptime: Math.round(process.uptime()),
    checks,
  };
}

/** What anyone may see: the overall status and each check's name and status, nothing more. */
export interface PublicHealthReport {
  status: HealthReport["status"];
  checks: Record<keyof HealthReport["checks"], { status: CheckResult["status"] }>;
}

export function publicHealthReport(report: HealthReport): PublicHealthReport {
  const { database, redis: redisCheck, storage: storageCheck } = report.checks;
  return {
    status: report.status,
    checks: {
      database: { status: database.status },
      redis: { status: redisCheck.status },
      storage: { status: storageCheck.status },
    },
  };
}
