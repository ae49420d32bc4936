import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { freePort, type RunningProcess, startWebServer, waitFor } from "../../../tests/support/processes";

/** A Redis of this test's own, so stopping it disturbs nobody else. */
function startOwnRedis(port: number, dir: string): Subprocess {
  return spawn(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir], {
    stdout: "ignore",
    stderr: "ignore",
  });
}

interface Health {
  status: string;
  version: string;
  uptime: number;
  timestamp: string;
  checks: Record<string, { status: string; latency_ms: number }>;
}

async function health(web: RunningProcess): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${web.url}/api/health`);
  return { status: response.status, body: (await response.json()) as Health };
}

describe("GET /api/health with a dependency really stopped", () => {
  const redisPort = freePort();
  const dir = mkdtempSync(join(tmpdir(), "aetherlearn-health-"));
  let redis: Subprocess;
  let web: RunningProcess;

  beforeAll(async () => {
    redis = startOwnRedis(redisPort, dir);
    web = await startWebServer({
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_SENTINELS: "",
      HEALTH_CHECK_TIMEOUT_MS: "500",
    });
    await waitFor(async () => (await health(web)).status === 200, 10_000, "healthy");
  }, 60_000);

  afterAll(async () => {
    await web?.stop();
    redis?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  test("all checks ok: 200 with the shape of the specification", async () => {
    const { status, body } = await health(web);
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof body.uptime).toBe("number");
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    for (const name of ["database", "redis", "storage"]) {
      expect(body.checks[name]?.status).toBe("ok");
      expect(typeof body.checks[name]?.latency_ms).toBe("number");
    }
  });

  test("Redis stopped: 503 with redis in error, while the landing page still renders", async () => {
    redis.kill("SIGKILL");
    await redis.exited;
    const { status, body } = await health(web);
    expect(status).toBe(503);
    expect(body.status).toBe("error");
    expect(body.checks.redis?.status).toBe("error");
    expect(body.checks.database?.status).toBe("ok");
    const landing = await fetch(`${web.url}/`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("Sign in to your centre");
  });

  test("Redis started again: back to 200 without restarting the app", async () => {
    redis = startOwnRedis(redisPort, dir);
    await waitFor(async () => (await health(web)).status === 200, 10_000, "health to recover");
    const { body } = await health(web);
    expect(body.checks.redis?.status).toBe("ok");
    expect(web.process.exitCode).toBeNull();
  });
});
