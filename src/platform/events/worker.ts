import { createQueue, createWorker, QUEUES } from "../queue";
import { startOutboxDrainer } from "./drainer";
import { processEventJob } from "./handlers";
import type { EventJobData } from "./types";

/** The events queue's consumer plus this process's outbox drainer. Handlers must be registered first. */
export async function startEventsWorker(): Promise<{ close(): Promise<void> }> {
  const queue = createQueue(QUEUES.events);
  const drainer = await startOutboxDrainer(queue);
  const worker = createWorker<EventJobData, { ran: string[] }>(QUEUES.events, processEventJob);
  return {
    async close() {
      await drainer.close();
      await worker.close();
      await queue.close();
    },
  };
}
