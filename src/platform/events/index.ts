export { drainBatch, eventJobId, startOutboxDrainer } from "./drainer";
export { handleOnce, handlersFor, onEvent, processEventJob, runOnce } from "./handlers";
export { publishEvent } from "./publish";
export type { DomainEvent, EventPayloads, EventType } from "./types";
