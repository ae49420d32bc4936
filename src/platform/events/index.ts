export { drainBatch, type EventRelay, eventJobId, startOutboxDrainer } from "./drainer";
export { type EventHandlerEntry, EventHandlers, eventHandler, handleOnce, onceClaim, runOnce } from "./handlers";
export { type AnyNewEvent, publishEvent, publishEvents, publishEventsWith } from "./publish";
export type { DomainEvent, EventPayloads, EventType } from "./types";
