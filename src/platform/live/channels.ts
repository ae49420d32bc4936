/**
 * Live channels: where a fragment is published and who receives it. Centre and user channels
 * are joined by every signed-in stream; the others by topic (see topics.ts), authorised on connect.
 */
export type LiveChannel =
  | `centre:${string}`
  | `user:${string}`
  | `class:${string}`
  | `attendance:${string}`
  | `marking:${string}`
  | `kiosk:${string}`
  | `export:${string}`
  | `scan:${string}`;

export const liveChannel = {
  centre: (centreId: string): LiveChannel => `centre:${centreId}`,
  user: (userId: string): LiveChannel => `user:${userId}`,
  class: (classId: string): LiveChannel => `class:${classId}`,
  /** One session's register, for those who take its attendance. */
  attendance: (sessionId: string): LiveChannel => `attendance:${sessionId}`,
  /** One tutor's marking-queue count. */
  marking: (tutorId: string): LiveChannel => `marking:${tutorId}`,
  kiosk: (kioskId: string): LiveChannel => `kiosk:${kioskId}`,
  export: (exportId: string): LiveChannel => `export:${exportId}`,
  /** One batch scan import's progress. */
  scan: (importId: string): LiveChannel => `scan:${importId}`,
};

/** Redis pub/sub key of a channel; the prefix keeps live traffic apart from anything else on the server. */
export function redisChannelOf(channel: LiveChannel): string {
  return `live:${channel}`;
}

export function liveChannelOf(redisChannel: string): LiveChannel | null {
  return redisChannel.startsWith("live:") ? (redisChannel.slice(5) as LiveChannel) : null;
}
