import { appVersion, config } from "../config";
import { log } from "./log";

/**
 * Error reports to Sentry (or anything speaking its envelope protocol), without the SDK: one
 * HTTP POST per unexpected error, fire-and-forget, so a slow or absent Sentry never slows a
 * request. With no SENTRY_DSN it does nothing.
 */
export interface ErrorContext {
  requestId: string;
  method: string;
  url: string;
  userId?: string;
  centreId?: string | null;
}

export type ErrorReporter = (error: unknown, context: ErrorContext) => void;

interface Dsn {
  envelopeUrl: string;
  publicKey: string;
  raw: string;
}

/** https://KEY@HOST[/PATH]/PROJECT → where envelopes go and the key that authenticates them. */
export function parseDsn(dsn: string): Dsn {
  const url = new URL(dsn);
  const project = url.pathname.split("/").filter(Boolean).at(-1);
  if (!url.username || !project) throw new Error("SENTRY_DSN must look like https://KEY@HOST/PROJECT_ID");
  const prefix = url.pathname.slice(0, url.pathname.lastIndexOf("/"));
  return {
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${project}/envelope/`,
    publicKey: decodeURIComponent(url.username),
    raw: dsn,
  };
}

interface Frame {
  function?: string;
  filename: string;
  lineno: number;
  colno: number;
  in_app: boolean;
}

/** Stack lines ("at fn (file:line:col)") as Sentry frames, oldest call first as it expects. */
function framesOf(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack?.split("\n") ?? []) {
    const match = line.match(/^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/);
    if (!match) continue;
    const [, fn, filename = "", lineno, colno] = match;
    frames.push({
      function: fn,
      filename,
      lineno: Number(lineno),
      colno: Number(colno),
      in_app: !filename.includes("node_modules"),
    });
  }
  return frames.reverse();
}

function eventFor(error: unknown, context: ErrorContext) {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    event_id: crypto.randomUUID().replaceAll("-", ""),
    timestamp: Date.now() / 1000,
    platform: "javascript",
    level: "error",
    environment: config.APP_ENV,
    release: `aetherlearn@${appVersion}`,
    exception: { values: [{ type: err.name, value: err.message, stacktrace: { frames: framesOf(err.stack) } }] },
    tags: { request_id: context.requestId, centre_id: context.centreId ?? "none" },
    user: context.userId ? { id: context.userId } : undefined,
    request: { method: context.method, url: context.url },
  };
}

/** A reporter posting to DSN; each report gives up after timeoutMs and never throws. */
export function sentryReporter(dsn: string, timeoutMs = 2000): ErrorReporter {
  const target = parseDsn(dsn);
  return (error, context) => {
    const event = eventFor(error, context);
    const header = { event_id: event.event_id, dsn: target.raw, sent_at: new Date().toISOString() };
    const body = [JSON.stringify(header), JSON.stringify({ type: "event" }), JSON.stringify(event)].join("\n");
    fetch(target.envelopeUrl, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-sentry-envelope",
        "x-sentry-auth": `Sentry sentry_version=7, sentry_client=aetherlearn/${appVersion}, sentry_key=${target.publicKey}`,
      },
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then((response) => {
        if (!response.ok) log.warn({ status: response.status }, "sentry refused an error report");
      })
      .catch((err: unknown) => log.warn({ reason: String(err) }, "could not send an error report to sentry"));
  };
}

/** The process-wide reporter: a no-op unless SENTRY_DSN is set. */
export const reportError: ErrorReporter = config.SENTRY_DSN ? sentryReporter(config.SENTRY_DSN) : () => {};

/** Who made the request, when a route had resolved it before failing. */
export function errorContext(request: Request, requestId: string, resolved: Record<string, unknown>): ErrorContext {
  const principal = resolved.principal as { kind?: string; userId?: string; centreId?: string | null } | undefined;
  return {
    requestId,
    method: request.method,
    url: request.url.split("?")[0] ?? request.url,
    userId: principal?.kind === "user" ? principal.userId : undefined,
    centreId: principal?.centreId,
  };
}
