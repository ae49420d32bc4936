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

/**
 * Which of these channels some stream follows now, on any web process (PUBSUB NUMSUB, one round
 * trip): a publisher whose fragment is costly to render (a board) renders only for those. A
 * stream that subscribes just after this misses that one fragment, as any stream not connected
 * at the moment of a publish does; its page read the current state. Redis unreachable: all of them.
 */
export async function listenedChannels(channels: readonly LiveChannel[]): Promise<Set<LiveChannel>> {
  if (channels.length === 0) return new Set();
  try {
    const counts = (await redis.call("PUBSUB", "NUMSUB", ...channels.map(redisChannelOf))) as (string | number)[];
    const listened = new Set<LiveChannel>();
    channels.forEach((channel, index) => {
      if (Number(counts[index * 2 + 1]) > 0) listened.add(channel);
    });
    return listened;
  } catch {
    return new Set(channels);
  }
}
