import type { Role } from "../db/schema";
import { ForbiddenError, ValidationError } from "../errors";
import { t } from "../i18n";
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

/**
 * A kind of channel a page may ask its live stream to follow ("kind:uuid"), with the rule that
 * decides, per subscriber and on connect, whether they may. The module that owns the data defines it.
 */
export interface LiveTopic {
  readonly kind: string;
  readonly authorise: TopicAuthoriser;
}

export const MAX_TOPICS = 5;
const KIND = /^[a-z]{2,20}$/;
const TOPIC = /^([a-z]{2,20}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function defineLiveTopic(kind: string, authorise: TopicAuthoriser): LiveTopic {
  if (!KIND.test(kind)) throw new Error(`Invalid live topic kind: ${kind}`);
  return { kind, authorise };
}

/** Every topic a stream may follow, by kind; listed once by the root (src/modules/live/topics.ts). */
export class LiveTopics {
  private readonly byKind = new Map<string, LiveTopic>();

  constructor(topics: readonly LiveTopic[]) {
    for (const topic of topics) {
      if (this.byKind.has(topic.kind)) throw new Error(`Live topic ${topic.kind} is defined twice`);
      this.byKind.set(topic.kind, topic);
    }
  }

  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** The channels the requested topics stand for; 422 for a malformed or unknown topic, 403 for one not theirs. */
  async channelsFor(viewer: TopicViewer, requested: readonly string[]): Promise<LiveChannel[]> {
    if (requested.length > MAX_TOPICS)
      throw new ValidationError({ topic: t("common.live.tooManyTopics", { max: MAX_TOPICS }) });
    const channels: LiveChannel[] = [];
    for (const topic of requested) {
      const match = TOPIC.exec(topic);
      const known = match ? this.byKind.get(match[1] as string) : undefined;
      if (!match || !known) throw new ValidationError({ topic: t("common.live.unknownTopic") });
      const channel = await known.authorise(viewer, match[2] as string);
      if (!channel) throw new ForbiddenError(t("common.live.forbidden"));
      channels.push(channel);
    }
    return channels;
  }

  /** Whether the viewer may still follow every one of these topics (an open stream asks at each heartbeat). */
  async allows(viewer: TopicViewer, requested: readonly string[]): Promise<boolean> {
    try {
      await this.channelsFor(viewer, requested);
      return true;
    } catch (error) {
      if (error instanceof ForbiddenError) return false;
      throw error;
    }
  }
}
