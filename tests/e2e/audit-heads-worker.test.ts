import { afterAll, expect, test } from "bun:test";
import { Queue } from "bullmq";
import {
  AUDIT_HEADS_BUCKET,
  AUDIT_HEADS_PREFIX,
  AUDIT_HEADS_PUBLISH_EVERY_MINUTES,
  recordAudit,
} from "../../src/platform/audit";
import { db } from "../../src/platform/db";
import { QUEUES } from "../../src/platform/queue";
import { createQueueConnection } from "../../src/platform/redis";
import { storage } from "../../src/platform/storage";
import { createCentre } from "../support/fixtures";
import { startWorker, waitFor } from "../support/processes";

let worker: { stop(): Promise<void> } | undefined;
const queue = new Queue(QUEUES.housekeeping, { connection: createQueueConnection() });

afterAll(async () => {
  await worker?.stop();
  await queue.close();
});

async function publishedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(AUDIT_HEADS_BUCKET, AUDIT_HEADS_PREFIX)) keys.push(object.key);
  return keys;
}

test("the worker publishes audit chain heads on a repeatable job, every 10 minutes", async () => {
  const { id: centreId } = await createCentre({ label: "heads-e2e" });
  const { hash } = await recordAudit(db, {
    centreId,
    actor: { id: null, role: "centre_admin" },
    action: "class.member_add",
    request: { ip: "192.0.2.50", userAgent: null, requestId: "req-heads-e2e" },
  });
  const before = new Set(await publishedKeys());
  // A worker started earlier in the suite may have registered the scheduler already, and then its
  // next run is up to 10 minutes away: start from no scheduler, as a fresh installation does.
  await queue.removeJobScheduler("audit-heads");
  worker = startWorker();

  await waitFor(
    async () => (await queue.getJobSchedulers()).some((scheduler) => scheduler.key === "audit-heads"),
    30_000,
    "the audit-heads job scheduler",
  );
  const scheduler = (await queue.getJobSchedulers()).find((entry) => entry.key === "audit-heads");
  expect(Number(scheduler?.every)).toBe(AUDIT_HEADS_PUBLISH_EVERY_MINUTES * 60_000);

  // The first run comes at once, and carries this centre's head.
  let published = "";
  await waitFor(
    async () => {
      for (const key of await publishedKeys()) {
        if (before.has(key)) continue;
        const object = await storage.get(AUDIT_HEADS_BUCKET, key);
        if (object && new TextDecoder().decode(object.bytes).includes(hash)) published = key;
      }
      return published !== "";
    },
    30_000,
    "a published object with the new chain head",
  );
  expect(published).toStartWith(AUDIT_HEADS_PREFIX);
}, 90_000);
