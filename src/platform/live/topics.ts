import type { Role } from "../db/schema";
import { ForbiddenError, ValidationError } from "../errors";
import type { CentreId } from "../tenancy";
import type { LiveChannel } from "./channels";

/** Who is asking to follow a topic. */
export interface TopicViewer {
  userId: string;
  role: Role;
  centreId: CentreId;
}

/** Returns the channel to join, or null when this viewer may not follow it (or it does not exist). */
export type TopicAuthoriser = (viewer: TopicViewer, id: string) => Promise<LiveChannel | null>;

const authorisers = new Map<string, TopicAuthoriser>();
export const MAX_TOPICS = 5;
const TOPIC = /^([a-z]{2,20}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * A page may ask its live stream to follow extra channels ("kind:uuid" topics). Each kind is
 * authorised on connect by the module that owns it, e.g. the classes module for "class:<id>".
 */
export function defineLiveTopic(kind: string, authorise: TopicAuthoriser): void {
  if (authorisers.has(kind)) throw new Error(`Live topic ${kind} is defined twice`);
  authorisers.set(kind, authorise);
}

/** The channels the requested topics stand for; 422 for a malformed or unknown topic, 403 for one not theirs. */
export async function channelsForTopics(viewer: TopicViewer, topics: readonly string[]): Promise<LiveChannel[]> {
  if (topics.length > MAX_TOPICS) throw new ValidationError({ topic: `Follow at most ${MAX_TOPICS} topics` });
  const channels: LiveChannel[] = [];
  for (const topic of topics) {
    const match = TOPIC.exec(topic);
    const authorise = match ? authorisers.get(match[1] as string) : undefined;
    if (!match || !authorise) throw new ValidationError({ topic: "That live topic is not known" });
    const channel = await authorise(viewer, match[2] as string);
    if (!channel) throw new ForbiddenError("You cannot follow those live updates.");
    channels.push(channel);
  }
  return channels;
}
