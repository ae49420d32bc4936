import { describe, expect, test } from "bun:test";
import { redis } from "../redis";
import { openConnectionCount } from "./connections";
import { liveChannel } from "./index";
import { openLiveStream } from "./stream";

function streamOptions(initial: () => Promise<never[]>) {
  const userId = crypto.randomUUID();
  return {
    request: new Request("http://localhost/events/live", { headers: { accept: "text/event-stream" } }),
    server: null,
    subject: `user:${userId}`,
    credential: `session:${crypto.randomUUID()}`,
    stillValid: async () => true,
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
