import type { Redis } from "ioredis";

const HEARTBEAT_KEY = "aetherlearn:worker:heartbeat";

export interface WorkerHeartbeat {
  pid: number;
  at: string;
}

/** The housekeeping job: proves a worker is alive and consuming jobs; exported as a metric with an alert rule. */
export async function recordHeartbeat(redis: Redis, pid: number, now: Date = new Date()): Promise<WorkerHeartbeat> {
  const heartbeat = { pid, at: now.toISOString() };
  await redis.set(HEARTBEAT_KEY, JSON.stringify(heartbeat), "EX", 3600);
  return heartbeat;
}

export async function lastHeartbeat(redis: Redis): Promise<WorkerHeartbeat | null> {
  const value = await redis.get(HEARTBEAT_KEY);
  return value ? (JSON.parse(value) as WorkerHeartbeat) : null;
}
