import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { parseDsn, reportError, sentryReporter } from "./sentry";

interface SentryEvent {
  event_id: string;
  environment: string;
  exception: { values: { type: string; value: string; stacktrace: { frames: { filename: string }[] } }[] };
  tags: Record<string, string>;
  user?: { id: string };
  request: { url: string };
}

// A local stand-in for Sentry: records every envelope it is sent.
interface Received {
  path: string;
  auth: string | null;
  lines: Record<string, unknown>[];
}
const received: Received[] = [];
let hangRequests = false;
let sentry: ReturnType<typeof Bun.serve>;
let dsn: string;

beforeAll(() => {
  sentry = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      if (hangRequests) await Bun.sleep(5000);
      const text = await request.text();
      received.push({
        path: new URL(request.url).pathname,
        auth: request.headers.get("x-sentry-auth"),
        lines: text.split("\n").map((line) => JSON.parse(line)),
      });
      return Response.json({ id: "ok" });
    },
  });
  dsn = `http://publickey@127.0.0.1:${sentry.port}/42`;
});

afterAll(() => sentry?.stop(true));

async function nextEnvelope(count: number): Promise<Received> {
  const deadline = Date.now() + 5000;
  while (received.length < count && Date.now() < deadline) await Bun.sleep(20);
  const envelope = received[count - 1];
  if (!envelope) throw new Error("no envelope arrived");
  return envelope;
}

test("a DSN names the envelope endpoint and the public key", () => {
  expect(parseDsn("https://abc@o1.ingest.sentry.io/123")).toMatchObject({
    envelopeUrl: "https://o1.ingest.sentry.io/api/123/envelope/",
    publicKey: "abc",
  });
  expect(() => parseDsn("https://o1.ingest.sentry.io/123")).toThrow("SENTRY_DSN must look like");
});

test("an error is posted as an envelope with its type, message, stack, request id, user and centre", async () => {
  const report = sentryReporter(dsn);
  report(new TypeError("nothing to read"), {
    requestId: "req-123",
    method: "POST",
    url: "http://lms.test/homework",
    userId: "user-7",
    centreId: "centre-9",
  });
  const envelope = await nextEnvelope(received.length + 1);
  expect(envelope.path).toBe("/api/42/envelope/");
  expect(envelope.auth).toContain("sentry_key=publickey");
  const [header, item, event] = envelope.lines as [Record<string, unknown>, Record<string, unknown>, SentryEvent];
  expect(header.event_id).toBe(event.event_id);
  expect(item).toEqual({ type: "event" });
  expect(event.exception.values[0]).toMatchObject({ type: "TypeError", value: "nothing to read" });
  expect(event.exception.values[0]?.stacktrace.frames.at(-1)?.filename).toContain("sentry.test.ts");
  expect(event.tags).toEqual({ request_id: "req-123", centre_id: "centre-9" });
  expect(event.user).toEqual({ id: "user-7" });
  expect(event.environment).toBe("test");
});

test("reporting never waits for Sentry, and a hanging Sentry is given up on", async () => {
  hangRequests = true;
  try {
    const started = performance.now();
    sentryReporter(dsn, 100)(new Error("slow"), { requestId: "r", method: "GET", url: "http://x/" });
    expect(performance.now() - started).toBeLessThan(50);
    await Bun.sleep(200);
  } finally {
    hangRequests = false;
  }
});

test("without SENTRY_DSN the process-wide reporter does nothing", () => {
  expect(reportError(new Error("ignored"), { requestId: "r", method: "GET", url: "http://x/" })).toBeUndefined();
});

test("the error handler reports a 500 with the signed-in user's id and centre", async () => {
  const before = received.length;
  // Its own process: SENTRY_DSN is read once, when the configuration loads.
  const script = `
    import { Elysia } from "elysia";
    import { errorHandler } from "./src/web/error-handler";
    const app = new Elysia().use(errorHandler)
      .derive(() => ({ principal: { kind: "user", userId: "user-1", centreId: "centre-1" } }))
      .get("/boom", () => { throw new Error("kaboom"); });
    const response = await app.handle(new Request("http://lms.test/boom?secret=1"));
    console.log(response.status);
    // The app's modules hold a Redis connection open: end the process once the report has had
    // time to go (it is sent without waiting, with a 2 s limit).
    await Bun.sleep(2500);
    process.exit(0);`;
  const child = Bun.spawn(["bun", "-e", script], {
    cwd: join(import.meta.dir, "../.."),
    env: { ...process.env, SENTRY_DSN: dsn, LOG_LEVEL: "silent" },
    stdout: "pipe",
    stderr: "inherit",
  });
  expect((await new Response(child.stdout).text()).trim()).toBe("500");
  expect(await child.exited).toBe(0);
  const envelope = await nextEnvelope(before + 1);
  const event = envelope.lines[2] as unknown as SentryEvent;
  expect(event.exception.values[0]?.value).toBe("kaboom");
  expect(event.user).toEqual({ id: "user-1" });
  expect(event.tags.centre_id).toBe("centre-1");
  expect(event.request.url).toBe("http://lms.test/boom");
});
