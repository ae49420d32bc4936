import { describe, expect, test } from "bun:test";
import { redis } from "../redis";
import { openConnectionCount } from "./connections";
import { liveHub } from "./hub";
import { liveChannel, publishLive } from "./index";
import { openLiveStream } from "./stream";

function streamOptions(initial: () => Promise<never[]>) {
  const userId = crypto.randomUUID();
  return {
    request: new Request("http://localhost/events/live", { headers: { accept: "text/event-stream" } }),
    server: null,
    subject: `user:${userId}`,
    credential: `session:${crypto.randomUUID()}`,
    aliveKey: null,
    endsAt: null,
    stillValid: null,
    channels: [liveChannel.user(userId)],
    afterId: null,
    initial,
  };
}

describe("a live stream that cannot be opened this time", () => {
  test("answers 503 as an event stream that ends at once, so the page's SSE client reconnects", async () => {
    // The first messages come from the database; a failure there (or in Redis) is passing.
    const options = streamOptions(async () => {
      throw new Error("the database is briefly away");
    });
    const response = await openLiveStream(options);
    expect(response.status).toBe(503);
    // The htmx SSE extension takes over any text/event-stream answer and reconnects when it ends;
    // an HTML error page left the page without live updates until it was reloaded.
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(await response.text()).toMatch(/^retry: \d+\n/);
    // The slot it claimed is free again.
    expect(await openConnectionCount(redis, options.subject)).toBe(0);
  });

  test("a stream that opens answers 200 and holds its slot", async () => {
    const options = streamOptions(async () => []);
    const response = await openLiveStream(options);
    expect(response.status).toBe(200);
    expect(await openConnectionCount(redis, options.subject)).toBe(1);
    await response.body?.cancel();
  });
});

/** A real Bun server in front of openLiveStream: the direct stream is only a stream through Bun.serve. */
function serveStreams(options: (request: Request) => Parameters<typeof openLiveStream>[0]) {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request, server) => openLiveStream({ ...options(request), request, server }),
  });
}

/** Reads a stream until its text contains `until`, or it ends, or the deadline passes. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: { text: string }, until: string) {
  const decoder = new TextDecoder();
  const deadline = Date.now() + 10_000;
  while (!seen.text.includes(until) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => null)]);
    if (!chunk || chunk.done) return "ended";
    seen.text += decoder.decode(chunk.value, { stream: true });
  }
  return seen.text.includes(until) ? "seen" : "timeout";
}

describe("an open live stream", () => {
  test("sends its first messages, then what is published, straight to the socket", async () => {
    const userId = crypto.randomUUID();
    const server = serveStreams(() => ({
      ...streamOptions(async () => []),
      subject: `user:${userId}`,
      channels: [liveChannel.user(userId)],
      initial: async () => [{ data: "first-message" }],
    }));
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { accept: "text/event-stream" } });
      expect(response.status).toBe(200);
      const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>;
      const seen = { text: "" };
      expect(await readUntil(reader, seen, "data: first-message")).toBe("seen");
      expect(seen.text).toStartWith("retry: 3000\n: connected\n\n");
      await publishLive(liveChannel.user(userId), { event: "count", html: "published-later" });
      expect(await readUntil(reader, seen, "published-later")).toBe("seen");
      await reader.cancel();
    } finally {
      server.stop(true);
    }
  });

  test("each heartbeat ends the streams whose session lapsed or whose topics are no longer theirs, in one check", async () => {
    const sessions = {
      kept: `test:live-session:${crypto.randomUUID()}`,
      idle: `test:live-session:${crypto.randomUUID()}`,
      past: `test:live-session:${crypto.randomUUID()}`,
      left: `test:live-session:${crypto.randomUUID()}`,
    };
    for (const key of Object.values(sessions)) await redis.set(key, "{}", "EX", 60);
    const subjects = new Map<string, string>();
    const server = serveStreams((request) => {
      const which = new URL(request.url).pathname.slice(1) as keyof typeof sessions;
      const options = streamOptions(async () => []);
      subjects.set(which, options.subject);
      return {
        ...options,
        aliveKey: sessions[which],
        // Its absolute lifetime runs out between two heartbeats.
        endsAt: which === "past" ? Date.now() + 200 : Date.now() + 60_000,
        stillValid: which === "left" ? async () => false : null,
      };
    });
    try {
      const readers = new Map<string, { reader: ReadableStreamDefaultReader<Uint8Array>; seen: { text: string } }>();
      for (const which of Object.keys(sessions)) {
        const response = await fetch(`http://127.0.0.1:${server.port}/${which}`, {
          headers: { accept: "text/event-stream" },
        });
        expect(response.status).toBe(200);
        const entry = {
          reader: response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>,
          seen: { text: "" },
        };
        expect(await readUntil(entry.reader, entry.seen, ": connected")).toBe("seen");
        readers.set(which, entry);
      }
      // The idle session's record expires in Redis; nobody announces it.
      await redis.del(sessions.idle);
      await Bun.sleep(250);
      await liveHub.beat();
      for (const which of ["idle", "past", "left"]) {
        const entry = readers.get(which);
        expect(entry && (await readUntil(entry.reader, entry.seen, "never-sent"))).toBe("ended");
        expect(await openConnectionCount(redis, subjects.get(which) as string)).toBe(0);
      }
      const kept = readers.get("kept");
      expect(kept && (await readUntil(kept.reader, kept.seen, ": heartbeat"))).toBe("seen");
      expect(await openConnectionCount(redis, subjects.get("kept") as string)).toBe(1);
      await kept?.reader.cancel();
    } finally {
      server.stop(true);
      await redis.del(...Object.values(sessions));
    }
  });
});
