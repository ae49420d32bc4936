import type Redis from "ioredis";

/**
 * Ending open streams when what they were opened with ends. Every stream names its credential
 * (the session or the kiosk it was authorised as); signing out or revoking publishes those names
 * here, and every web process closes its streams that carry one. Not a live channel: no page can
 * follow it, and its messages are names, never fragments.
 */
export const LIVE_END_CHANNEL = "live-end";

export const streamCredential = {
  session: (sessionId: string) => `session:${sessionId}`,
  kiosk: (kioskId: string) => `kiosk:${kioskId}`,
};

export async function endLiveStreams(redis: Redis, credentials: readonly string[]): Promise<void> {
  if (credentials.length > 0) await redis.publish(LIVE_END_CHANNEL, JSON.stringify(credentials));
}

/** The credentials an end message names; anything malformed names none. */
export function endedCredentials(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}
