import type { Server } from "bun";
import { config } from "../../config";
import { TooManyRequestsError } from "../errors";
import { t } from "../i18n";
import { log } from "../log";
import { redis } from "../redis";
import type { LiveChannel } from "./channels";
import { claimConnection, releaseConnection } from "./connections";
import { type LiveClient, liveHub } from "./hub";
import type { WireMessage } from "./message";

/** A stream this far behind its socket (a stalled client) is dropped; it reconnects and replays what matters. */
const MAX_BUFFERED_BYTES = 512 * 1024;
/** The browser waits this long before reconnecting after the stream ends. */
const RETRY_MS = 3_000;
const encoder = new TextEncoder();

export interface LiveStreamOptions {
  request: Request;
  server: Server<unknown> | null;
  /** Whose connection slot this is: `user:<id>` or `kiosk:<id>`. */
  subject: string;
  /** What the stream is authorised as (streamCredential in ends.ts); its end ends the stream. */
  credential: string;
  /**
   * The Redis key whose presence keeps the stream open (the session's record; null for a kiosk):
   * checked with the slot claim, and for every stream in one batch at each heartbeat.
   */
  aliveKey: string | null;
  /** When the credential ends whatever happens (a session's absolute lifetime), ms since the epoch. */
  endsAt: number | null;
  /** Anything else that must still hold, asked at every heartbeat (topics, a kiosk's enrolment); null: nothing. */
  stillValid: (() => Promise<boolean>) | null;
  channels: readonly LiveChannel[];
  /** The Last-Event-ID the client resumed from, already validated. */
  afterId: string | null;
  /** Messages to send first, read after subscribing so nothing published meanwhile is lost. */
  initial: () => Promise<WireMessage[]>;
}

/**
 * A stream that could not be opened this time (Redis or the database briefly away, a SUBSCRIBE
 * that timed out on a loaded machine). Still 503, but as an event stream that ends at once: the
 * htmx SSE extension takes over any text/event-stream answer and reconnects when it ends, with its
 * backoff, so the page gets its live updates once the cause is gone. An HTML 503 here was final:
 * the page stayed without live updates until reloaded.
 */
export function retryLater(): Response {
  return new Response(`retry: ${RETRY_MS}\n: live updates are briefly unavailable\n\n`, {
    status: 503,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "retry-after": String(Math.ceil(RETRY_MS / 1000)),
    },
  });
}

/** Only clients that ask for an event stream get one (htmx's SSE extension and EventSource both do). */
export function acceptsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/event-stream");
}

/** A valid Last-Event-ID: our ids are positive integers. */
export function lastEventIdOf(request: Request): string | null {
  const value = request.headers.get("last-event-id")?.trim() ?? "";
  return /^[1-9][0-9]{0,17}$/.test(value) ? value : null;
}

const CONNECTED = encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`);
const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  // nginx must pass events through at once (its /events/ location also turns buffering off).
  "x-accel-buffering": "no",
};

/** Bun's controller of a direct stream: bytes go to the socket as they are written, with no queue of our own. */
type DirectController = ReadableStreamDirectController;

/**
 * One open stream. A Bun direct stream (`type: "direct"`): each write goes to the response's
 * socket at once, without a ReadableStream queue, its promises and a pull per chunk — less memory
 * per stream and one event reaches 10,000 streams in one synchronous loop. State lives in fields
 * and methods on the prototype, so an open stream holds one object and two small closures.
 *
 * Bun calls the source's `pull` once, when it starts sending the body; what is written before that
 * (the replay, counts) waits in `pending`. A write Bun cannot pass to the socket yet returns a
 * promise: the bytes waiting that way are counted, and a stream more than MAX_BUFFERED_BYTES behind
 * is dropped, as a stalled client must be.
 */
class LiveStream implements LiveClient {
  private controller: DirectController | null = null;
  private pending: Uint8Array[] | null = [CONNECTED];
  private behind = 0;
  private closed = false;

  constructor(
    readonly id: string,
    readonly subject: string,
    readonly credential: string,
    readonly aliveKey: string | null,
    readonly endsAt: number | null,
    readonly stillValid: (() => Promise<boolean>) | null,
  ) {}

  body(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      type: "direct",
      pull: (controller) => this.attach(controller),
      cancel: () => this.close(),
    });
  }

  private attach(controller: DirectController): void {
    this.controller = controller;
    for (const bytes of this.pending ?? []) controller.write(bytes);
    this.pending = null;
    controller.flush();
    // Ended while it was opening (a sign-out heard meanwhile): the client gets `retry` and reconnects.
    if (this.closed) controller.close();
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    const controller = this.controller;
    if (!controller) {
      this.pending?.push(bytes);
      return true;
    }
    if (this.behind + bytes.byteLength > MAX_BUFFERED_BYTES) return false;
    try {
      const written = controller.write(bytes);
      if (written instanceof Promise) {
        this.behind += bytes.byteLength;
        written.then(
          () => {
            this.behind -= bytes.byteLength;
          },
          () => this.close(),
        );
      }
      controller.flush();
    } catch {
      return false;
    }
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    liveHub.leave(this.id);
    releaseConnection(redis, this.subject, this.id).catch((error) =>
      log.warn({ err: error }, "freeing a live slot failed"),
    );
    try {
      this.controller?.close();
    } catch {
      // Already closed by the client going away.
    }
  }
}

/**
 * Opens a Server-Sent Events stream fed by the given live channels: joins the hub (subscribing),
 * then claims one of the subject's connection slots in the same Redis step that checks its session
 * still exists (429 when all slots are taken), sends the initial messages, and on disconnect
 * unsubscribes and frees the slot. The stream ends when its credential does. When it cannot be
 * opened for now, the answer tells the client to try again (retryLater).
 */
export async function openLiveStream(options: LiveStreamOptions): Promise<Response> {
  const { subject, aliveKey } = options;
  const stream = new LiveStream(
    crypto.randomUUID(),
    subject,
    options.credential,
    aliveKey,
    options.endsAt,
    options.stillValid,
  );
  // Bun cancels the body when the client goes away, but only once it has the body: a client gone
  // while the stream was still joining is heard here.
  options.request.signal.addEventListener("abort", () => stream.close(), { once: true });
  // Bun closes connections idle for 10 s by default; a stream is quiet between heartbeats.
  options.server?.timeout(options.request, 0);

  try {
    // Joined first, so a sign-out or revocation announced from here on is heard; the claim below
    // then checks the session still stood until now.
    await liveHub.join(stream, options.channels, options.afterId);
    // A claim is safe to repeat (the same stream id is the same member), so one that timed out in
    // an opening burst — the request client gives Redis a second — is asked again before refusing.
    const claimSlot = () => claimConnection(redis, subject, stream.id, config.SSE_MAX_CONNECTIONS_PER_USER, aliveKey);
    const claim = await claimSlot().catch(claimSlot);
    if (claim === "full") {
      stream.close();
      throw new TooManyRequestsError(Math.ceil(RETRY_MS / 1000), t("common.live.tooManyWindows"));
    }
    // A credential without an alive key (a kiosk's enrolment) is asked again here instead; the
    // topics were authorised just now, so they wait for the heartbeat.
    const ended = claim === "ended" || (aliveKey === null && options.stillValid && !(await options.stillValid()));
    if (ended) stream.close();
    else liveHub.start(stream.id, await options.initial());
  } catch (error) {
    stream.close();
    if (error instanceof TooManyRequestsError) throw error;
    log.warn({ err: error }, "could not open a live stream");
    return retryLater();
  }
  return new Response(stream.body(), { headers: HEADERS });
}
