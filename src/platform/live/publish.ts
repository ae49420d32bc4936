import { redis } from "../redis";
import { type LiveChannel, redisChannelOf } from "./channels";
import { type LiveMessage, type LivePart, renderParts, type WireMessage } from "./message";

/**
 * Sends a rendered fragment to every stream on the channel, on every web process (Redis pub/sub).
 * Call it after the change is committed; a stream that is not connected at that moment misses it,
 * except notifications, which a reconnecting stream replays by id.
 */
export async function publishLive(channel: LiveChannel, message: LiveMessage): Promise<void> {
  await publishLiveParts(channel, [message], message.id);
}

/** Several regions in one message (e.g. a new notification and the unread count together). */
export async function publishLiveParts(channel: LiveChannel, parts: LivePart[], id?: string): Promise<void> {
  const wire: WireMessage = { data: renderParts(parts), ...(id ? { id } : {}) };
  await redis.publish(redisChannelOf(channel), JSON.stringify(wire));
}
