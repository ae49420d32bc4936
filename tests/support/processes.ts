import { join } from "node:path";
import { type Subprocess, spawn } from "bun";

const ROOT = join(import.meta.dir, "../..");

export interface RunningProcess {
  url: string;
  port: number;
  process: Subprocess;
  stop(): Promise<void>;
}

/** Ports this test run has handed out: web processes bind with `reusePort`, so two given the same port would share it silently. */
const handedOut = new Set<number>();

/**
 * A free loopback port, found by letting the kernel pick one. The kernel may pick a port again
 * once its probe is closed, before the process it was meant for has bound it; with `reusePort`
 * both processes would then answer on it, each taking some of the connections. So a port is
 * handed out once per test run.
 */
export function freePort(): number {
  for (;;) {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const port = server.port as number;
    server.stop(true);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A check that never settles (a fetch to a process that accepted the connection but hangs)
    // must not outlive the deadline: it counts as "not yet".
    const remaining = Math.max(deadline - Date.now(), 1);
    const settled = await Promise.race([check().catch(() => false), Bun.sleep(remaining).then(() => false)]);
    if (settled) return;
    await Bun.sleep(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

function spawnBun(entry: string, env: Record<string, string>): Subprocess {
  return spawn(["bun", join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdout: process.env.TEST_VERBOSE ? "inherit" : "ignore",
    stderr: "inherit",
  });
}

async function stopProcess(child: Subprocess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(5000).then(() => false)]);
  if (!exited) child.kill("SIGKILL");
}

/** Starts a real web process (src/server.ts) on a free port and waits until it answers. */
export async function startWebServer(
  env: Record<string, string> = {},
  startTimeoutMs = 30_000,
): Promise<RunningProcess> {
  const port = Number(env.PORT ?? freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawnBun("src/server.ts", { PORT: String(port), PUBLIC_URL: url, ...env });
  try {
    await waitFor(
      async () => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).status > 0,
      startTimeoutMs,
      `web process on ${url}`,
    );
  } catch (error) {
    // The caller never gets a handle to stop it: a process that did not answer in time must not outlive the test.
    await stopProcess(child);
    throw error;
  }
  return { url, port, process: child, stop: () => stopProcess(child) };
}

/** Starts a real worker process (src/worker.ts, or an entry that starts it with test handlers or templates). */
export function startWorker(
  env: Record<string, string> = {},
  entry = "src/worker.ts",
): { process: Subprocess; stop(): Promise<void> } {
  const child = spawnBun(entry, env);
  return { process: child, stop: () => stopProcess(child) };
}
