/**
 * SSE fan-out benchmark: N concurrent live streams on ONE web process (loopback only), then the
 * time for one published event to reach all of them, and the process's memory. Started by
 * scripts/bench/pages-sse.sh (inside scripts/bench.sh, which sets up the database and Redis).
 *   BENCH_SSE_CLIENTS (default 10000, lowered to fit the open-file limit)  BENCH_SSE_PORT
 *   BENCH_SSE_ROUNDS (default 3)  BENCH_SSE_NOFILE (the shell's `ulimit -n`)
 *   BENCH_WEB_ARGS (bun flags for the web process, e.g. `--heap-prof`)
 * Stops by itself: every phase has a deadline, and the web process it starts is stopped at the end.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Socket, spawn } from "bun";
import { db } from "../src/platform/db";
import { SESSION_COOKIE } from "../src/platform/http/authenticate";
import { liveChannel, publishLive } from "../src/platform/live";
import { redis } from "../src/platform/redis";
import { createSession } from "../src/platform/session/store";
import { signSessionToken } from "../src/platform/session/tokens";

const ROOT = join(import.meta.dir, "..");
const PER_USER = 100;
const CONNECT_BATCH = 250;
const WARM_STREAMS = 1_000;
const SETTLE_MS = 3_000;
const PHASE_DEADLINE_MS = 30_000;
const nofile = Number(process.env.BENCH_SSE_NOFILE ?? 4096);
// Each stream is one socket in this process and one in the web process; keep room for everything else.
const clients = Math.max(1, Math.min(Number(process.env.BENCH_SSE_CLIENTS ?? 10_000), nofile - 1_000));
const port = Number(process.env.BENCH_SSE_PORT ?? 3991);
const rounds = Number(process.env.BENCH_SSE_ROUNDS ?? 3);

interface Client {
  socket: Socket<undefined> | null;
  connected: boolean;
  head: string;
  seen: Map<string, number>;
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** RSS after a full garbage collection in the web process (it collects on SIGUSR2, src/server.ts). */
async function collectedRss(pid: number): Promise<{ rss: number; peak: number }> {
  process.kill(pid, "SIGUSR2");
  await Bun.sleep(1_000);
  process.kill(pid, "SIGUSR2");
  await Bun.sleep(1_000);
  return rssMb(pid);
}

/** RSS once the garbage of opening streams had its seconds to be collected and returned. */
async function settledRss(pid: number): Promise<{ rss: number; peak: number }> {
  await Bun.sleep(SETTLE_MS);
  return rssMb(pid);
}

async function until(check: () => boolean, what: string, deadlineMs = PHASE_DEADLINE_MS): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench-sse: timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

/** One centre, enough students for the per-person stream cap, one session each. */
async function makeCookies(): Promise<{ centreId: string; cookies: string[] }> {
  const slug = `bench-sse-${crypto.randomUUID().slice(0, 8)}`;
  const centre = await db
    .insertInto("centres")
    .values({ slug, name: `SSE bench ${slug}`, time_zone: "UTC" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const cookies: string[] = [];
  for (let n = 0; n < Math.ceil(clients / PER_USER); n++) {
    const id = crypto.randomUUID();
    const name = `SSE bench student ${n}`;
    await db
      .insertInto("users")
      .values({
        id,
        centre_id: centre.id,
        role: "student",
        name,
        student_code: `SSE${slug.slice(-8)}${n}`.toUpperCase(),
      })
      .execute();
    const session = await createSession(redis, {
      userId: id,
      centreId: centre.id,
      actingCentreId: null,
      role: "student",
      name,
      ip: "127.0.0.1",
      userAgent: "bench-sse",
    });
    cookies.push(`${SESSION_COOKIE}=${await signSessionToken(session.id)}`);
  }
  return { centreId: centre.id, cookies };
}

function request(cookie: string, path: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "Accept: text/event-stream",
    `Cookie: ${cookie}`,
    "",
    "",
  ].join("\r\n");
}

async function connectOne(client: Client, cookie: string, path: string): Promise<void> {
  client.socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open: (socket) => void socket.write(request(cookie, path)),
      data(_socket, chunk) {
        const text = chunk.toString("latin1");
        if (!client.connected) {
          client.head += text;
          if (client.head.includes(": connected")) {
            if (!client.head.startsWith("HTTP/1.1 200")) throw new Error(`refused: ${client.head.slice(0, 80)}`);
            client.connected = true;
          }
        }
        for (const marker of text.matchAll(/bench-marker-(\d+)/g)) {
          if (!client.seen.has(marker[1] as string)) client.seen.set(marker[1] as string, performance.now());
        }
      },
      close() {
        client.socket = null;
      },
      error() {
        client.socket = null;
      },
    },
  });
}

async function main(): Promise<void> {
  const { centreId, cookies } = await makeCookies();
  // The students follow their centre's leaderboard: the widest fan-out a live message has.
  const streamPath = `/events/live?topic=${encodeURIComponent(`leaderboard:${centreId}`)}`;
  // Extra bun flags for the web process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const webArgs = (process.env.BENCH_WEB_ARGS ?? "").split(/\s+/).filter(Boolean);
  const web = spawn(["bun", ...webArgs, join(ROOT, "src/server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SSE_MAX_CONNECTIONS_PER_USER: String(PER_USER),
      RATE_LIMIT_REQUESTS_PER_MINUTE: "100000000",
      LOG_LEVEL: "error",
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  const all: Client[] = [];
  try {
    const healthy = async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null)) !== null;
    // A first start compiles every module (a cold transpiler cache): on a loaded machine that took over 30 s.
    const end = Date.now() + 120_000;
    while (!(await healthy())) {
      if (Date.now() > end) throw new Error("bench-sse: the web process did not start");
      await Bun.sleep(100);
    }
    const before = rssMb(web.pid);
    let warmCollected = before;

    const connectStarted = performance.now();
    // The first streams also pay for code compiled and caches filled on first use: the per-stream
    // figure is the growth after them.
    const warmCount = Math.min(WARM_STREAMS, Math.floor(clients / 2));
    let warm = before;
    for (let n = 0; n < clients; n += CONNECT_BATCH) {
      if (n === warmCount) {
        warm = await settledRss(web.pid);
        warmCollected = await collectedRss(web.pid);
      }
      const batch: Client[] = [];
      for (let i = n; i < Math.min(clients, n + CONNECT_BATCH); i++) {
        const client: Client = { socket: null, connected: false, head: "", seen: new Map() };
        batch.push(client);
        all.push(client);
        await connectOne(client, cookies[Math.floor(i / PER_USER)] as string, streamPath);
      }
      await until(() => batch.every((client) => client.connected), `streams ${n}..${n + batch.length} to open`).catch(
        (error) => {
          const stuck = batch.find((client) => !client.connected);
          throw new Error(`${error.message}; one answered: ${JSON.stringify(stuck?.head.slice(0, 200))}`);
        },
      );
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const open = await settledRss(web.pid);
    const openCollected = await collectedRss(web.pid);

    const deliveries: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const started = performance.now();
      await publishLive(liveChannel.leaderboard(centreId), { event: "bench", html: `bench-marker-${round}` });
      await until(() => all.every((client) => client.seen.has(String(round))), `round ${round} to reach every stream`);
      const last = Math.max(...all.map((client) => client.seen.get(String(round)) as number));
      deliveries.push(last - started);
      await Bun.sleep(200);
    }
    const after = rssMb(web.pid);
    const kb = ((open.rss - warm.rss) * 1024) / Math.max(1, clients - warmCount);
    const collectedKb = ((openCollected.rss - warmCollected.rss) * 1024) / Math.max(1, clients - warmCount);

    console.log(`sse fan-out: ${clients} concurrent streams on one web process (open-file limit ${nofile})`);
    console.log(`  opening all streams        ${connectSeconds.toFixed(1)} s`);
    console.log(
      `  one event to all streams   ${deliveries.map((ms) => `${Math.round(ms)} ms`).join(", ")} (${rounds} rounds)`,
    );
    console.log(
      `  web process RSS            ${before.rss.toFixed(0)} MB idle, ${open.rss.toFixed(0)} MB with streams open, peak ${after.peak.toFixed(0)} MB`,
    );
    console.log(
      `  per stream                 ~${kb.toFixed(1)} KB (growth after the first ${warmCount}; ` +
        `${(((open.rss - before.rss) * 1024) / clients).toFixed(1)} KB counting them)`,
    );
    console.log(
      `  per stream, forced GC      ~${collectedKb.toFixed(1)} KB (the same growth, each side after a full collection)`,
    );
    console.log(
      `  load average               ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
    );
  } finally {
    for (const client of all) client.socket?.end();
    web.kill("SIGTERM");
    await Promise.race([web.exited, Bun.sleep(5_000)]);
    if (web.exitCode === null) web.kill("SIGKILL");
    await redis.quit();
    await db.destroy();
  }
}

await main();
