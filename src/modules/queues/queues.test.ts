import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Queue, Worker } from "bullmq";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, createPlatformAdmin, signedInAs } from "../../../tests/support/fixtures";
import { waitFor } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { QUEUES } from "../../platform/queue";
import { createQueueConnection } from "../../platform/redis";

const app = createApp();
const connection = () => createQueueConnection();
const queue = new Queue(QUEUES.events, { connection: connection() });
let home: Centre;
let other: Centre;
const failedIds: Record<string, string> = {};

/** Fails one job per centre in the events queue, with a throwaway worker of this test. */
async function failJobFor(centreId: string): Promise<string> {
  const job = await queue.add("test.failing", { centreId, eventId: "0" }, { attempts: 1 });
  return String(job.id);
}

beforeAll(async () => {
  [home, other] = await Promise.all([createCentre({ label: "queues" }), createCentre({ label: "queues-other" })]);
  failedIds.home = await failJobFor(home.id);
  failedIds.other = await failJobFor(other.id);
  const worker = new Worker(
    QUEUES.events,
    async (job) => {
      throw new Error(`boom for ${job.data.centreId}`);
    },
    { connection: connection() },
  );
  await waitFor(async () => (await queue.getJob(failedIds.other as string))?.failedReason !== undefined, 10_000);
  await waitFor(async () => (await queue.getJob(failedIds.home as string))?.failedReason !== undefined, 10_000);
  await worker.close();
});

afterAll(async () => {
  for (const id of Object.values(failedIds)) await (await queue.getJob(id))?.remove();
  await queue.close();
});

describe("failed jobs panel", () => {
  test("a centre admin sees every queue's counts and only their own centre's failed jobs", async () => {
    const who = await signedInAs(home.people.centre_admin);
    const html = await (await send(app, "GET", "/admin/queues", who)).text();
    expect(html).toContain("Jobs per queue and state");
    for (const name of Object.values(QUEUES)) expect(html).toContain(`<th scope="row">${name}</th>`);
    expect(html).toContain(`boom for ${home.id}`);
    expect(html).not.toContain(other.id);
  });

  test("another centre's job cannot be retried; their own can, and it is audited", async () => {
    const who = await signedInAs(home.people.centre_admin);
    const foreign = await send(app, "POST", `/admin/queues/events/${failedIds.other}/retry`, who);
    expect(foreign.status).toBe(404);
    expect(await (await queue.getJob(failedIds.other as string))?.getState()).toBe("failed");

    const own = await send(app, "POST", `/admin/queues/events/${failedIds.home}/retry`, who);
    expect(own.status).toBe(303);
    expect(await (await queue.getJob(failedIds.home as string))?.getState()).toBe("waiting");
    const audit = await db
      .selectFrom("audit_events")
      .select(["action", "target_id"])
      .where("centre_id", "=", home.id)
      .where("action", "=", "queue.retry")
      .execute();
    expect(audit).toEqual([{ action: "queue.retry", target_id: `events/${failedIds.home}` }]);
    expect((await send(app, "POST", `/admin/queues/events/${failedIds.home}/retry`, who)).status).toBe(404);
  });

  test("the platform admin sees every centre's failed jobs and retries any", async () => {
    const admin = await createPlatformAdmin();
    const who = await signedInAs(admin);
    const html = await (await send(app, "GET", "/platform/queues", who)).text();
    expect(html).toContain(`boom for ${other.id}`);
    const retried = await send(app, "POST", `/platform/queues/events/${failedIds.other}/retry`, who);
    expect(retried.status).toBe(303);
    expect(await (await queue.getJob(failedIds.other as string))?.getState()).toBe("waiting");
  });
});
