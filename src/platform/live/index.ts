export { type LiveChannel, liveChannel } from "./channels";
export type { LiveMessage, LivePart, LiveSwap } from "./message";
export { listenedChannels, publishLive, publishLiveParts } from "./publish";
export { acceptsEventStream, lastEventIdOf, openLiveStream, retryLater as liveRetryLater } from "./stream";
