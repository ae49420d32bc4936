import client from "prom-client";
import { lastHeartbeat } from "../heartbeat";
import { OPS_STATUS_KINDS, readOpsStatus } from "../ops-status";
import { createQueue, QUEUES, type QueueName } from "../queue";
import { redis } from "../redis";
import { registry } from "./registry";

const SCRAPE_BUDGET_MS = 1000;
const JOB_STATES = ["waiting", "active", "delayed", "failed", "prioritized", "waiting-children"] as const;

/** A scrape must answer even when Redis is down: a slow source is skipped, not waited for. */
function withinBudget<T>(work: Promise<T>): Promise<T | null> {
  let timer: Timer | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SCRAPE_BUDGET_MS);
  });
  return Promise.race([work.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}

const queues = new Map<QueueName, ReturnType<typeof createQueue>>();
function queueFor(name: QueueName) {
  let queue = queues.get(name);
  if (!queue) {
    queue = createQueue(name);
    queues.set(name, queue);
  }
  return queue;
}

new client.Gauge({
  name: "aetherlearn_queue_jobs",
  help: "Jobs in each BullMQ queue by state (failed jobs are parked for an admin to retry)",
  labelNames: ["queue", "state"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const name of Object.values(QUEUES)) {
      const counts = await withinBudget(queueFor(name).getJobCounts(...JOB_STATES));
      if (!counts) continue;
      for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
    }
  },
});

function infoField(info: string, field: string): number | null {
  const match = info.match(new RegExp(`^${field}:(\\d+)`, "m"));
  return match ? Number(match[1]) : null;
}

new client.Gauge({
  name: "aetherlearn_redis_memory_bytes",
  help: "Redis memory: used, and the maxmemory limit (0 when unlimited)",
  labelNames: ["kind"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const info = await withinBudget(redis.info("memory"));
    if (!info) return;
    const used = infoField(info, "used_memory");
    const max = infoField(info, "maxmemory");
    if (used !== null) this.set({ kind: "used" }, used);
    if (max !== null) this.set({ kind: "max" }, max);
  },
});

export async function closeCollectors(): Promise<void> {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
}

new client.Gauge({
  name: "aetherlearn_worker_heartbeat_timestamp_seconds",
  help: "When a worker last ran the housekeeping heartbeat job (0 when none has in the last hour)",
  registers: [registry],
  async collect() {
    const heartbeat = await withinBudget(lastHeartbeat(redis));
    // Unknown (Redis slow or down) is left out rather than reported as a dead worker.
    if (heartbeat === null && !(await withinBudget(redis.ping()))) return;
    this.set(heartbeat ? Date.parse(heartbeat.at) / 1000 : 0);
  },
});

new client.Gauge({
  name: "aetherlearn_ops_last_success_timestamp_seconds",
  help: "When the off-site backup and the restore drill last succeeded (0 when never)",
  labelNames: ["job"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const kind of OPS_STATUS_KINDS) {
      const status = await readOpsStatus(kind);
      this.set({ job: kind }, (status?.lastSuccessAt?.getTime() ?? 0) / 1000);
    }
  },
});

new client.Gauge({
  name: "aetherlearn_ops_last_run_ok",
  help: "Whether the last run of the off-site backup and of the restore drill succeeded (1) or failed (0)",
  labelNames: ["job"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const kind of OPS_STATUS_KINDS) {
      const status = await readOpsStatus(kind);
      if (status) this.set({ job: kind }, status.ok ? 1 : 0);
    }
  },
});
