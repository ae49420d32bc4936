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

/** A stream this far behind (a stalled client) is dropped; it reconnects and replays what matters. */
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
  /** Whether that credential still holds; asked at every heartbeat. */
  stillValid: () => Promise<boolean>;
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
function retryLater(): Response {
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

/**
 * Opens a Server-Sent Events stream fed by the given live channels. Claims one of the subject's
 * connection slots (429 when all are taken), subscribes, sends the initial messages, and on
 * disconnect unsubscribes and frees the slot. The stream ends when its credential does. When it
 * cannot be opened for now, the answer tells the client to try again (retryLater).
 */
export async function openLiveStream(options: LiveStreamOptions): Promise<Response> {
  const id = crypto.randomUUID();
  // Only what the open stream needs is kept in its closures (the options, with the request, are not).
  const { subject, credential, stillValid } = options;
  const claimed = await claimConnection(redis, subject, id, config.SSE_MAX_CONNECTIONS_PER_USER).catch((error) => {
    log.warn({ err: error }, "could not claim a live connection slot");
    return null;
  });
  if (claimed === null) return retryLater();
  if (!claimed) {
    throw new TooManyRequestsError(Math.ceil(RETRY_MS / 1000), t("common.live.tooManyWindows"));
  }

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    liveHub.leave(id);
    releaseConnection(redis, subject, id).catch((error) => log.warn({ err: error }, "freeing a live slot failed"));
    try {
      controller.close();
    } catch {
      // Already closed by the client going away.
    }
  };
  const client: LiveClient = {
    id,
    subject,
    credential,
    stillValid,
    write(bytes) {
      if (closed) return false;
      if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) return false;
      controller.enqueue(bytes);
      return true;
    },
    close,
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        streamController.enqueue(encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`));
      },
      cancel: close,
    },
    // Nothing is buffered ahead of the socket: a high-water mark here was ~4 KB of memory per stream.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
  // Bun cancels the body when the client goes away, but only once it has the body: a client gone
  // while the stream was still joining is heard here.
  options.request.signal.addEventListener("abort", close, { once: true });
  // Bun closes connections idle for 10 s by default; a stream is quiet between heartbeats.
  options.server?.timeout(options.request, 0);

  try {
    await liveHub.join(client, options.channels, options.afterId);
    // A sign-out or revocation between authorising this request and joining the hub was not heard.
    if (!(await stillValid())) close();
    liveHub.start(id, await options.initial());
  } catch (error) {
    close();
    log.warn({ err: error }, "could not open a live stream");
    return retryLater();
  }
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      // nginx must pass events through at once (its /events/ location also turns buffering off).
      "x-accel-buffering": "no",
    },
  });
}
