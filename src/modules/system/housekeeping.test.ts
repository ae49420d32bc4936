import { afterAll, describe, expect, test } from "bun:test";
import { startWorker, waitFor } from "../../../tests/support/processes";
import { createQueue, QUEUES } from "../../platform/queue";
import { createRedis } from "../../platform/redis";
import { lastHeartbeat } from "./housekeeping";

const redis = createRedis();
const queue = createQueue(QUEUES.housekeeping);

afterAll(async () => {
  await queue.close();
  redis.disconnect();
});

describe("the worker process", () => {
  test("consumes a housekeeping job from BullMQ and records its heartbeat", async () => {
    await redis.del("aetherlearn:worker:heartbeat");
    const worker = startWorker();
    try {
      const job = await queue.add("heartbeat", {});
      await waitFor(async () => (await job.isCompleted()) === true, 15_000, "the heartbeat job to complete");
      const heartbeat = await lastHeartbeat(redis);
      expect(heartbeat?.pid).toBe(worker.process.pid);
      expect(Date.now() - Date.parse(heartbeat?.at ?? "")).toBeLessThan(15_000);
    } finally {
      await worker.stop();
    }
  });

  test("an unknown housekeeping job fails and is kept for an admin to see", async () => {
    const worker = startWorker();
    try {
      const job = await queue.add("no-such-job", {}, { attempts: 1 });
      await waitFor(async () => (await job.isFailed()) === true, 15_000, "the job to fail");
      const failed = await queue.getJob(job.id as string);
      expect(failed?.failedReason).toContain("Unknown housekeeping job");
    } finally {
      await worker.stop();
    }
  });
});
