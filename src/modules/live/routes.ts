import { Elysia } from "elysia";
import { z } from "zod";
import { AppError, ForbiddenError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { acceptsEventStream, type LiveChannel, lastEventIdOf, liveChannel, openLiveStream } from "../../platform/live";
import { streamCredential } from "../../platform/live/ends";
import type { WireMessage } from "../../platform/live/message";
import type { UserPrincipal } from "../../platform/principal";
import { sessionEndsAt, sessionKey } from "../../platform/session/store";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { missedNotifications } from "../notifications";
import { liveTopics } from "./topics";

const liveQuery = z.object({ topic: z.array(z.string().max(100)).max(20, { error: lazy("live.tooManyTopics") }) });

/** Every `topic` of the address: Elysia's parsed query keeps only one value of a repeated key. */
function requestedTopics(request: Request) {
  return parseInput(liveQuery, { topic: new URL(request.url).searchParams.getAll("topic") }).topic;
}

class NotAcceptableError extends AppError {
  constructor() {
    super(406, t("live.notAcceptable"));
  }
}

/** Nothing centre-wide is joined by default: what a centre shares live names children, so it is a topic. */
async function channelsFor(principal: UserPrincipal, topics: string[]): Promise<LiveChannel[]> {
  const own = [liveChannel.user(principal.userId)];
  if (principal.centreId === null) return own;
  const viewer = { userId: principal.userId, role: principal.role, centreId: principal.centreId };
  return [...own, ...(await liveTopics.channelsFor(viewer, topics))];
}

/**
 * Topics are re-authorised at every heartbeat: a student who left the class stops following its
 * board. A stream without topics has nothing to ask (its session is checked in the hub's batch).
 */
function stillFollows(principal: UserPrincipal, topics: string[]): (() => Promise<boolean>) | null {
  const centreId = principal.centreId;
  if (centreId === null || topics.length === 0) return null;
  const viewer = { userId: principal.userId, role: principal.role, centreId };
  return () => liveTopics.allows(viewer, topics);
}

/**
 * GET /events/live: the signed-in person's stream. Always their own channel; `?topic=kind:id`
 * adds channels a page needs (authorised here, per subscriber, on connect). Notifications carry
 * ids, so a reconnect with Last-Event-ID replays what was missed. The stream ends when its session
 * does (signed out: at once; idle or past its lifetime: at the next heartbeat), or when a topic it
 * follows is no longer the person's (checked at every heartbeat).
 */
export const liveRoutes = new Elysia({ name: "live-routes" }).use(guard).get(
  "/events/live",
  async ({ request, principal, server }) => {
    if (!acceptsEventStream(request)) throw new NotAcceptableError();
    const topic = requestedTopics(request);
    if (principal.kind !== "user") throw new ForbiddenError(t("live.signedInOnly"));
    const channels = await channelsFor(principal, topic);
    const afterId = lastEventIdOf(request);
    return openLiveStream({
      request,
      server,
      subject: `user:${principal.userId}`,
      credential: streamCredential.session(principal.session.id),
      // The session's record expires when it is idle too long; its absolute lifetime is known now.
      aliveKey: sessionKey(principal.session.id),
      endsAt: sessionEndsAt(principal.session),
      stillValid: stillFollows(principal, topic),
      channels,
      afterId,
      initial: async (): Promise<WireMessage[]> =>
        principal.centreId === null ? [] : missedNotifications(principal.centreId, principal.userId, afterId),
    });
  },
  { permission: "notification.read" },
);
