/**
 * Live channels: where a fragment is published and who receives it. A person's stream always
 * follows their own user channel; everything else is a topic (see topics.ts), authorised per
 * subscriber on connect. A kiosk's stream follows its own channel and its centre's board channels.
 */
export type LiveChannel =
  | `user:${string}`
  | `arrivals:${string}`
  | `leaderboard:${string}`
  | `class:${string}`
  | `attendance:${string}`
  | `marking:${string}`
  | `kiosk:${string}`
  | `export:${string}`
  | `scan:${string}`
  | `thread:${string}`;

export const liveChannel = {
  user: (userId: string): LiveChannel => `user:${userId}`,
  /** A centre's arrivals today (children's names): its staff and its kiosks only. */
  arrivals: (centreId: string): LiveChannel => `arrivals:${centreId}`,
  /** A centre's leaderboards (first names and initials): its students, staff and kiosks. */
  leaderboard: (centreId: string): LiveChannel => `leaderboard:${centreId}`,
  class: (classId: string): LiveChannel => `class:${classId}`,
  /** One session's register, for those who take its attendance. */
  attendance: (sessionId: string): LiveChannel => `attendance:${sessionId}`,
  /** One tutor's marking-queue count. */
  marking: (tutorId: string): LiveChannel => `marking:${tutorId}`,
  kiosk: (kioskId: string): LiveChannel => `kiosk:${kioskId}`,
  export: (exportId: string): LiveChannel => `export:${exportId}`,
  /** One batch scan import's progress. */
  scan: (importId: string): LiveChannel => `scan:${importId}`,
  /** One message thread: its new messages and whether it is open, for those who may read it. */
  thread: (threadId: string): LiveChannel => `thread:${threadId}`,
};

/** Redis pub/sub key of a channel; the prefix keeps live traffic apart from anything else on the server. */
export function redisChannelOf(channel: LiveChannel): string {
  return `live:${channel}`;
}

export function liveChannelOf(redisChannel: string): LiveChannel | null {
  return redisChannel.startsWith("live:") ? (redisChannel.slice(5) as LiveChannel) : null;
}
