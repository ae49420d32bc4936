import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KIND_RULES } from "../../src/modules/files";
import {
  BUCKETS,
  centreObjectKey,
  MAX_OBJECT_BYTES,
  MULTIPART_ROOM_BYTES,
  storage,
  storageSigningSecret,
} from "../../src/platform/storage";
import { signUrl } from "../../src/platform/storage/signed-url";
import { type RunningNginx, startNginx, testNginxConfig } from "../support/nginx";
import { freePort, type RunningProcess, startWebServer, waitFor } from "../support/processes";

async function listenersOn(port: number): Promise<number> {
  const listing = await Bun.$`ss -Hltn ${`sport = :${port}`}`.quiet().text();
  return listing.split("\n").filter((line) => line.trim()).length;
}

/** A visitor address as the Cloudflare tunnel reports it (a header only: nothing is sent there). */
const visitor = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

describe("nginx with the shipped configuration in front of two web processes", () => {
  const appPort = freePort();
  const web: RunningProcess[] = [];
  let nginx: RunningNginx;

  beforeAll(async () => {
    // Two processes on one port, as the systemd template units run them (SO_REUSEPORT).
    // A loaded machine (CI, or several suites at once) can take longer than 15 s to start one.
    web.push(await startWebServer({ PORT: String(appPort) }, 45_000));
    web.push(await startWebServer({ PORT: String(appPort) }, 45_000));
    // The second answers health checks through the first's socket before its own is open.
    await waitFor(async () => (await listenersOn(appPort)) === 2, 45_000, "both web processes listening");
    nginx = await startNginx(appPort);
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(web.map((process) => process.stop()));
  });

  test("nginx -t accepts the configuration", async () => {
    const result = await testNginxConfig(appPort);
    expect(result.output).toContain("syntax is ok");
    expect(result.code).toBe(0);
  });

  test("the 21st sign-in attempt in a minute from one address is refused by nginx with 429", async () => {
    const address = visitor();
    const statuses: { status: number; fromApp: boolean }[] = [];
    for (let attempt = 1; attempt <= 24; attempt++) {
      const response = await fetch(`${nginx.url}/sign-in`, {
        method: "POST",
        headers: { "cf-connecting-ip": address, "content-type": "application/x-www-form-urlencoded" },
        body: "email=nobody%40example.test&password=wrong",
        redirect: "manual",
      });
      await response.arrayBuffer();
      statuses.push({ status: response.status, fromApp: response.headers.has("x-request-id") });
    }
    // The first 20 reach the app (whatever it answers); from the 21st nginx answers by itself.
    expect(statuses.slice(0, 20).every((reply) => reply.fromApp)).toBe(true);
    expect(statuses.slice(20)).toEqual(Array(4).fill({ status: 429, fromApp: false }));

    const other = await fetch(`${nginx.url}/sign-in`, {
      method: "POST",
      headers: { "cf-connecting-ip": visitor() === address ? "203.0.113.7" : visitor() },
      body: "",
      redirect: "manual",
    });
    expect(other.headers.has("x-request-id")).toBe(true);
  });

  test("showing the sign-in form is not limited", async () => {
    const address = visitor();
    for (let attempt = 0; attempt < 25; attempt++) {
      const response = await fetch(`${nginx.url}/sign-in`, { headers: { "cf-connecting-ip": address } });
      await response.arrayBuffer();
      expect(response.status).not.toBe(429);
    }
  });

  test("fingerprinted assets come from disk with a one-year immutable cache", async () => {
    const page = await (await fetch(`${nginx.url}/`, { headers: { "cf-connecting-ip": visitor() } })).text();
    const css = page.match(/href="(\/assets\/css\/app\.[0-9a-f]{10}\.css)"/)?.[1];
    expect(css).toBeDefined();
    const response = await fetch(`${nginx.url}${css}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("cache-control")).toContain("max-age=31536000");
    // Served by nginx itself: the app stamps every response it makes with a request id.
    expect(response.headers.has("x-request-id")).toBe(false);
  });

  test("metrics are not reachable through nginx", async () => {
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
  });

  test("the largest upload the app accepts passes nginx, streamed to storage (a video to a signed URL)", async () => {
    const size = Math.max(...Object.values(KIND_RULES).map((rule) => rule.maxBytes));
    const centreId = crypto.randomUUID();
    const key = centreObjectKey(centreId, "uploads");
    const signed = signUrl(storageSigningSecret(), nginx.url, "PUT", BUCKETS.content, key, { centreId });
    const dir = await mkdtemp(join(tmpdir(), "aetherlearn-nginx-upload-"));
    const path = join(dir, "largest.mp4");
    try {
      // A sparse file: the size is real, the disk barely used.
      await Bun.write(path, "");
      await truncate(path, size);
      const response = await fetch(signed, { method: "PUT", body: Bun.file(path) });
      expect(response.status).toBe(200);
      expect((await storage.stat(BUCKETS.content, key))?.size).toBe(size);
      // One byte over what the app accepts at all is refused by nginx itself.
      await truncate(path, MAX_OBJECT_BYTES + MULTIPART_ROOM_BYTES + 1);
      const over = await fetch(signed, { method: "PUT", body: Bun.file(path) });
      expect(over.status).toBe(413);
      expect(over.headers.has("x-request-id")).toBe(false);
    } finally {
      await storage.remove(BUCKETS.content, key);
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test("kill -9 of one web process: every request through nginx still succeeds", async () => {
    const total = 300;
    const killAt = 100;
    let sent = 0;
    const failures: string[] = [];
    const victim = web[0]!;
    async function client(): Promise<void> {
      while (sent < total) {
        sent++;
        if (sent === killAt) victim.process.kill("SIGKILL");
        const response = await fetch(`${nginx.url}/api/health`).catch((error: Error) => error);
        if (response instanceof Error) failures.push(response.message);
        else {
          if (response.status !== 200) failures.push(`HTTP ${response.status}`);
          await response.arrayBuffer();
        }
      }
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, client));
    await victim.process.exited;
    console.log(
      `kill -9 drill: ${total} requests in ${Math.round(performance.now() - started)} ms, ${failures.length} failed`,
    );
    expect(victim.process.signalCode).toBe("SIGKILL");
    expect(failures).toEqual([]);
  }, 60_000);
});

describe("Server-Sent Events through nginx", () => {
  let upstream: ReturnType<typeof Bun.serve>;
  let nginx: RunningNginx;

  beforeAll(async () => {
    // A stand-in event source that sends one small event and then holds the stream open, the
    // case proxy buffering would hold back. It sets no X-Accel-Buffering: the location must do it.
    upstream = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch() {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("event: count\ndata: <span>1</span>\n\n"));
          },
        });
        return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store" } });
      },
    });
    nginx = await startNginx(upstream.port as number);
  });

  afterAll(async () => {
    await nginx?.stop();
    upstream?.stop(true);
  });

  test("an event reaches the browser at once, while the stream stays open", async () => {
    const controller = new AbortController();
    const response = await fetch(`${nginx.url}/events/leaderboard`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const first = await Promise.race([
      reader.read(),
      Bun.sleep(3000).then(() => ({ done: true, value: undefined, timedOut: true })),
    ]);
    controller.abort();
    expect("timedOut" in first).toBe(false);
    expect(new TextDecoder().decode(first.value)).toContain("data: <span>1</span>");
  });
});

/** nginx's size (`25m`, `16k`, plain bytes) in bytes. */
function nginxBytes(size: string): number {
  const units: Record<string, number> = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  if (!match) throw new Error(`not an nginx size: ${size}`);
  return Number(match[1]) * (units[(match[2] ?? "").toLowerCase()] ?? 1);
}

describe("upload limits in ops/nginx match the app's", () => {
  const conf = readFileSync(join(import.meta.dir, "../../ops/nginx/aetherlearn.conf"), "utf8");
  /** client_max_body_size in force for a path: its location's own, else the server's. */
  function limitFor(locationHead: string): number {
    const block = conf.slice(conf.indexOf(locationHead));
    const own = /^[^}]*?client_max_body_size (\S+);/.exec(block)?.[1];
    const server = /\n {4}client_max_body_size (\S+);/.exec(conf)?.[1];
    return nginxBytes((own ?? server) as string);
  }

  test("no limit is lower than what the app accepts through it", () => {
    // Presigned PUTs of the disk driver: up to the largest object; form posts: the file plus its form.
    expect(limitFor("location /storage/")).toBeGreaterThanOrEqual(MAX_OBJECT_BYTES + MULTIPART_ROOM_BYTES);
    const streamed = limitFor("location ~ ^/(lessons/[^/]+/materials/file|paper/imports)$");
    for (const kind of ["material", "material_image", "material_audio", "material_video", "scan_batch"] as const) {
      expect(streamed).toBeGreaterThanOrEqual(KIND_RULES[kind].maxBytes + MULTIPART_ROOM_BYTES);
    }
    // Everything else (a photo on a submission, an avatar) goes through the server's limit.
    for (const kind of ["submission", "avatar"] as const) {
      expect(limitFor("location / {")).toBeGreaterThanOrEqual(KIND_RULES[kind].maxBytes + MULTIPART_ROOM_BYTES);
    }
  });
});
