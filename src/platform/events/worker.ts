import { createQueue, createWorker, QUEUES } from "../queue";
import { type EventRelay, startOutboxDrainer } from "./drainer";
import type { EventHandlers } from "./handlers";
import type { EventJobData } from "./types";

/** The events queue's consumer, running the given handlers, plus this process's outbox drainer. */
export async function startEventsWorker(
  handlers: EventHandlers,
  relays: readonly EventRelay[] = [],
): Promise<{ close(): Promise<void> }> {
  const queue = createQueue(QUEUES.events);
  const drainer = await startOutboxDrainer(queue, relays);
  const worker = createWorker<EventJobData, { ran: string[] }>(QUEUES.events, (job) => handlers.process(job));
  return {
    async close() {
      await drainer.close();
      await worker.close();
      await handlers.flushRecords();
      await queue.close();
      for (const relay of relays) await relay.queue.close();
    },
  };
}
