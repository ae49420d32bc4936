import type Redis from "ioredis";
import { config } from "../../config";
import { log } from "../log";
import { sseConnections } from "../metrics/registry";
import { createRedis, redis } from "../redis";
import { type LiveChannel, liveChannelOf, redisChannelOf } from "./channels";
import { renewConnections } from "./connections";
import { endedCredentials, LIVE_END_CHANNEL } from "./ends";
import { sseFrame, type WireMessage } from "./message";

export const HEARTBEAT_MS = config.SSE_HEARTBEAT_SECONDS * 1000;
const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

/** One open stream as the hub sees it. */
export interface LiveClient {
  readonly id: string;
  /** Whose connection slot it holds (user:<id>, kiosk:<id>). */
  readonly subject: string;
  /** What the stream was authorised as (see ends.ts): ending it elsewhere closes the stream. */
  readonly credential: string;
  /** Whether that credential still holds (the session still exists, the kiosk is not revoked). */
  stillValid(): Promise<boolean>;
  /** Writes bytes to the stream; returns false when the stream is gone or too far behind. */
  write(bytes: Uint8Array): boolean;
  close(): void;
}

interface Subscription {
  clients: Set<Member>;
  ready: Promise<unknown>;
}

/** A client plus what the hub tracks for it: replay ordering and the highest event id delivered. */
interface Member {
  client: LiveClient;
  lastId: bigint | null;
  /** Messages that arrived while the stream was replaying, delivered once the replay is done. */
  backlog: WireMessage[] | null;
}

function newer(member: Member, id: string | undefined): boolean {
  if (!id) return true;
  const value = BigInt(id);
  if (member.lastId !== null && value <= member.lastId) return false;
  member.lastId = value;
  return true;
}

/**
 * This process's side of live updates: ONE Redis subscriber connection, subscribed on demand to
 * the channels its open streams need, fanning every message out to those streams. No state here
 * is shared between processes; Redis carries everything between them.
 */
class LiveHub {
  private subscriber: Redis | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly members = new Map<string, Member>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  /** The subscription to LIVE_END_CHANNEL, made with the connection and kept while it lives. */
  private ends: Promise<unknown> | null = null;
  private checking = false;

  get size(): number {
    return this.members.size;
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // A subscription is set up once per channel and shared by many streams: give it longer than
    // the request-time fail-fast second, so a burst of connections does not time it out.
    const subscriber = createRedis({
      connectTimeout: 2_000,
      commandTimeout: 5_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    subscriber.on("message", (channel: string, text: string) => this.deliver(channel, text));
    this.subscriber = subscriber;
    return subscriber;
  }

  /** Every stream relies on hearing about sign-outs and revocations; a failed SUBSCRIBE is retried by the next join. */
  private endsSubscription(): Promise<unknown> {
    if (!this.ends) {
      this.ends = this.connection()
        .subscribe(LIVE_END_CHANNEL)
        .catch((error) => {
          this.ends = null;
          throw error;
        });
    }
    return this.ends;
  }

  /** Adds a stream to its channels; resolves once Redis confirmed every subscription. */
  async join(client: LiveClient, channels: readonly LiveChannel[], afterId: string | null): Promise<void> {
    const member: Member = { client, lastId: afterId ? BigInt(afterId) : null, backlog: [] };
    this.members.set(client.id, member);
    sseConnections.set(this.members.size);
    this.startHeartbeat();
    const waits = channels.map((channel) => {
      const key = redisChannelOf(channel);
      let subscription = this.subscriptions.get(key);
      if (!subscription) subscription = this.subscribe(key);
      subscription.clients.add(member);
      return subscription.ready;
    });
    await Promise.all([this.endsSubscription(), ...waits]);
  }

  private subscribe(key: string): Subscription {
    const subscription: Subscription = { clients: new Set(), ready: Promise.resolve() };
    // A failed SUBSCRIBE must not poison the channel for the next stream: forget it and let that one try again.
    subscription.ready = this.connection()
      .subscribe(key)
      .catch((error) => {
        if (this.subscriptions.get(key) === subscription) this.subscriptions.delete(key);
        throw error;
      });
    this.subscriptions.set(key, subscription);
    return subscription;
  }

  /** Sends messages the stream must see first (current counts, replayed notifications), then what queued meanwhile. */
  start(clientId: string, initial: readonly WireMessage[]): void {
    const member = this.members.get(clientId);
    if (!member) return;
    const queued = member.backlog ?? [];
    member.backlog = null;
    for (const message of [...initial, ...queued]) {
      if (newer(member, message.id)) this.write(member, encoder.encode(sseFrame(message)));
    }
  }

  leave(clientId: string): void {
    const member = this.members.get(clientId);
    if (!member) return;
    this.members.delete(clientId);
    sseConnections.set(this.members.size);
    for (const [key, subscription] of this.subscriptions) {
      if (!subscription.clients.delete(member) || subscription.clients.size > 0) continue;
      this.subscriptions.delete(key);
      this.subscriber?.unsubscribe(key).catch((error) => log.warn({ err: error, key }, "live unsubscribe failed"));
    }
    if (this.members.size === 0) this.stopHeartbeat();
  }

  private deliver(channel: string, text: string): void {
    if (channel === LIVE_END_CHANNEL) {
      this.end(new Set(endedCredentials(text)));
      return;
    }
    const subscription = this.subscriptions.get(channel);
    if (!subscription || !liveChannelOf(channel)) return;
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
    } catch {
      log.warn({ channel }, "ignored a malformed live message");
      return;
    }
    // Framed and encoded once, however many streams receive it.
    const bytes = encoder.encode(sseFrame(message));
    for (const member of subscription.clients) {
      if (member.backlog) member.backlog.push(message);
      else if (newer(member, message.id)) this.write(member, bytes);
    }
  }

  /** Closes this process's streams opened with any of these credentials. */
  private end(credentials: ReadonlySet<string>): void {
    for (const member of [...this.members.values()]) {
      if (credentials.has(member.client.credential)) member.client.close();
    }
  }

  /**
   * The backstop for credentials that end without an announcement (a session's idle or absolute
   * expiry) or whose announcement was missed: each heartbeat asks every stream whether its own
   * still holds. A check that cannot be made (Redis briefly away) leaves the stream open.
   */
  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const clients = [...this.members.values()].map((member) => member.client);
      const verdicts = await Promise.allSettled(clients.map((client) => client.stillValid()));
      verdicts.forEach((verdict, index) => {
        if (verdict.status === "fulfilled" && !verdict.value) clients[index]?.close();
        if (verdict.status === "rejected") log.warn({ err: verdict.reason }, "could not re-check a live stream");
      });
    } finally {
      this.checking = false;
    }
  }

  private write(member: Member, bytes: Uint8Array): void {
    if (!member.client.write(bytes)) member.client.close();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** A comment line keeps proxies from timing the stream out; the same tick renews leases and re-checks credentials. */
  private beat(): void {
    const open = [...this.members.values()].map((member) => member.client);
    for (const member of this.members.values()) this.write(member, HEARTBEAT);
    renewConnections(redis, open).catch((error) => log.warn({ err: error }, "renewing live connection leases failed"));
    void this.recheck();
  }

  async close(): Promise<void> {
    for (const member of [...this.members.values()]) member.client.close();
    this.stopHeartbeat();
    await this.subscriber?.quit().catch(() => undefined);
    this.subscriber = null;
    this.ends = null;
  }
}

export const liveHub = new LiveHub();
