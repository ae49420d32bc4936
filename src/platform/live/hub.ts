import type Redis from "ioredis";
import { config } from "../../config";
import { log } from "../log";
import { sseConnections } from "../metrics/registry";
import { createSubscriber, redis } from "../redis";
import { type LiveChannel, liveChannelOf, redisChannelOf } from "./channels";
import { missingKeys, renewConnections } from "./connections";
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
  /**
   * The Redis key whose presence keeps the stream open (the session's record, which expires when
   * the session is idle too long): every stream's is checked in one batch per heartbeat.
   */
  readonly aliveKey: string | null;
  /** When the credential ends whatever happens (a session's absolute lifetime), ms since the epoch. */
  readonly endsAt: number | null;
  /** Anything else that must still hold (topics still theirs, the kiosk still enrolled), asked per stream; absent when nothing is. */
  readonly stillValid: (() => Promise<boolean>) | null;
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
  /** The Redis channels it joined: leaving visits only these, not every subscription of the process. */
  keys: string[];
}

/** A message's id as the hub compares it: parsed once per message, not once per stream it reaches. */
function idOf(message: WireMessage): bigint | null {
  return message.id ? BigInt(message.id) : null;
}

function newer(member: Member, id: bigint | null): boolean {
  if (id === null) return true;
  if (member.lastId !== null && id <= member.lastId) return false;
  member.lastId = id;
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
    const subscriber = createSubscriber();
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
    const keys = channels.map(redisChannelOf);
    const member: Member = { client, lastId: afterId ? BigInt(afterId) : null, backlog: [], keys };
    this.members.set(client.id, member);
    sseConnections.set(this.members.size);
    this.startHeartbeat();
    const waits = keys.map((key) => {
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
      if (newer(member, idOf(message))) this.write(member, encoder.encode(sseFrame(message)));
    }
  }

  leave(clientId: string): void {
    const member = this.members.get(clientId);
    if (!member) return;
    this.members.delete(clientId);
    sseConnections.set(this.members.size);
    for (const key of member.keys) {
      const subscription = this.subscriptions.get(key);
      if (!subscription?.clients.delete(member) || subscription.clients.size > 0) continue;
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
    const id = idOf(message);
    for (const member of subscription.clients) {
      if (member.backlog) member.backlog.push(message);
      else if (newer(member, id)) this.write(member, bytes);
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
   * expiry) or whose announcement was missed. At each heartbeat: a stream past its credential's
   * absolute end closes; every stream's alive key (its session) is checked in one script per
   * thousand streams, not one command each; the few streams with further checks (topics, kiosks)
   * ask them. A check that cannot be made (Redis briefly away) leaves the stream open.
   */
  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = Date.now();
      const keyed: LiveClient[] = [];
      const asking: LiveClient[] = [];
      for (const { client } of this.members.values()) {
        if (client.endsAt !== null && now > client.endsAt) {
          client.close();
          continue;
        }
        if (client.aliveKey !== null) keyed.push(client);
        else if (client.stillValid) asking.push(client);
      }
      if (keyed.length > 0) {
        try {
          const missing = await missingKeys(
            redis,
            keyed.map((client) => client.aliveKey as string),
          );
          keyed.forEach((client, index) => {
            if (missing.has(index)) client.close();
            else if (client.stillValid) asking.push(client);
          });
        } catch (error) {
          log.warn({ err: error }, "could not re-check live streams' sessions");
        }
      }
      const verdicts = await Promise.allSettled(
        asking.map((client) => (client.stillValid as () => Promise<boolean>)()),
      );
      verdicts.forEach((verdict, index) => {
        if (verdict.status === "fulfilled" && !verdict.value) asking[index]?.close();
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
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /**
   * A comment line keeps proxies from timing the stream out; the same tick renews leases and
   * re-checks credentials. Called by the heartbeat timer (and by tests, which await the re-check).
   */
  beat(): Promise<void> {
    const open: LiveClient[] = [];
    for (const member of this.members.values()) {
      open.push(member.client);
      this.write(member, HEARTBEAT);
    }
    renewConnections(redis, open).catch((error) => log.warn({ err: error }, "renewing live connection leases failed"));
    return this.recheck();
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
