import { Elysia } from "elysia";
import { z } from "zod";
import { AppError, ForbiddenError } from "../../platform/errors";
import { guard } from "../../platform/http/guard";
import { acceptsEventStream, type LiveChannel, lastEventIdOf, liveChannel, openLiveStream } from "../../platform/live";
import type { WireMessage } from "../../platform/live/message";
import type { Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { missedNotifications } from "../notifications/replay";
import { liveTopics } from "./topics";

const liveQuery = z.object({
  topic: z
    .union([z.string().max(100), z.array(z.string().max(100)).max(20)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});

class NotAcceptableError extends AppError {
  constructor() {
    super(406, "This address streams live updates (text/event-stream); open a page instead.");
  }
}

async function channelsFor(principal: Principal, topics: string[]): Promise<LiveChannel[]> {
  if (principal.kind !== "user") return [];
  const own = [liveChannel.user(principal.userId)];
  if (principal.centreId === null) return own;
  const viewer = { userId: principal.userId, role: principal.role, centreId: principal.centreId };
  return [...own, liveChannel.centre(principal.centreId), ...(await liveTopics.channelsFor(viewer, topics))];
}

/**
 * GET /events/live: the signed-in person's stream. Always their own channel and their centre's;
 * `?topic=kind:id` adds channels a page needs (authorised here, on connect). Notifications carry
 * ids, so a reconnect with Last-Event-ID replays what was missed.
 */
export const liveRoutes = new Elysia({ name: "live-routes" }).use(guard).get(
  "/events/live",
  async ({ request, query, principal, server }) => {
    if (!acceptsEventStream(request)) throw new NotAcceptableError();
    const { topic } = parseInput(liveQuery, query);
    if (principal.kind !== "user") throw new ForbiddenError("Live updates are for signed-in people.");
    const channels = await channelsFor(principal, topic);
    const afterId = lastEventIdOf(request);
    return openLiveStream({
      request,
      server,
      subject: `user:${principal.userId}`,
      channels,
      afterId,
      initial: async (): Promise<WireMessage[]> =>
        principal.centreId === null ? [] : missedNotifications(principal.centreId, principal.userId, afterId),
    });
  },
  { permission: "notification.read" },
);
