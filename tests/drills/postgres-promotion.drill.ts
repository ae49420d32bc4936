import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import postgres from "postgres";
import { type RunningProcess, startWebServer, waitFor } from "../support/processes";
import { type PostgresPair, Started, startPostgresPair } from "./support";

/**
 * Drill 3 (issue 19): stop the PostgreSQL primary under a steady stream of acknowledged writes and
 * promote the streaming replica. The app's own pool (createDb, in pg-writer.ts) on the documented multi-host address
 * (target_session_attrs=read-write) finds the new primary by itself: no configuration change, no
 * stuck request, and every commit acknowledged before the stop is on the new primary.
 * Runs with the whole suite, or alone: ./scripts/test.sh ./tests/drills/postgres-promotion.drill.ts
 */
let pair: PostgresPair;
let web: RunningProcess;
const started = new Started();

beforeAll(async () => {
  pair = started.add(await startPostgresPair());
  web = started.add(await startWebServer({ DATABASE_URL: pair.url, HEALTH_CHECK_TIMEOUT_MS: "1000" }, 60_000));
}, 180_000);

afterAll(() => started.stopAll());

describe("drill: the PostgreSQL primary is stopped and the replica promoted", () => {
  test("writes resume on the new primary with no acknowledged commit lost and no stuck request", async () => {
    const setup = postgres(pair.url, { max: 1, onnotice: () => {} });
    await setup`create table drill_writes (id bigint primary key, at timestamptz not null default now())`;
    await setup.end();
    const acknowledged: number[] = [];
    const attempts: { started: number; ms: number; ok: boolean }[] = [];
    const health: { at: number; status: number }[] = [];
    let running = true;
    let writerCrashes = 0;
    let current: Subprocess | null = null;
    // The writes run in a child process (pg-writer.ts), restarted if postgres.js on Bun crashes it.
    const writer = (async () => {
      for (let generation = 1; running; generation++) {
        const child = spawn(["bun", join(import.meta.dir, "pg-writer.ts"), pair.url, String(generation * 1_000_000)], {
          env: process.env,
          stdout: "pipe",
          stderr: "inherit",
        });
        current = child;
        let buffer = "";
        for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
          buffer += chunk;
          const lines = buffer.split("\n");
          buffer = lines.pop() ?? "";
          for (const line of lines) {
            const [outcome, id, started, ms] = line.split(" ");
            attempts.push({ started: Number(started), ms: Number(ms), ok: outcome === "ok" });
            if (outcome === "ok") acknowledged.push(Number(id));
          }
        }
        if ((await child.exited) !== 0 && running) writerCrashes++;
      }
    })();
    const prober = (async () => {
      while (running) {
        const response = await fetch(`${web.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
        health.push({ at: Date.now(), status: response?.status ?? 0 });
        await response?.body?.cancel();
        await Bun.sleep(200);
      }
    })();
    // Stopped by afterAll too, should an expectation below fail first (the writer restarts otherwise).
    const traffic = started.add({
      async stop() {
        running = false;
        const child = current as Subprocess | null;
        child?.kill("SIGTERM");
        // A writer that does not go within 5 s is killed: stopping the drill must never hang on it.
        if (child && !(await Promise.race([child.exited.then(() => true), Bun.sleep(5_000).then(() => false)]))) {
          child.kill("SIGKILL");
        }
        await Promise.all([writer, prober]);
      },
    });
    await waitFor(async () => acknowledged.length >= 20, 60_000, "steady writes");
    const step = (what: string) => process.env.TEST_VERBOSE && console.log(`drill postgres-promotion: ${what}`);
    step("steady writes");

    const stoppedAt = Date.now();
    await pair.stopPrimaryAndPromote();
    const promoteMs = Date.now() - stoppedAt;
    step(`promoted after ${Date.now() - stoppedAt} ms`);
    await waitFor(
      async () => attempts.some((a) => a.ok && a.started > stoppedAt),
      60_000,
      "a write on the new primary",
    );
    step("writes back");
    const writesBackMs = (attempts.find((a) => a.ok && a.started > stoppedAt)?.started ?? 0) - stoppedAt;
    await waitFor(
      async () => health.some((probe) => probe.status === 200 && probe.at > stoppedAt + writesBackMs),
      60_000,
      "the web process's health to recover",
    );
    const healthBackMs =
      (health.find((probe) => probe.status === 200 && probe.at > stoppedAt + writesBackMs)?.at ?? 0) - stoppedAt;
    step("health back");
    await traffic.stop();
    step("writer and prober stopped");

    const replica = postgres(`postgres://aetherlearn:drill-password@127.0.0.1:${pair.replicaPort}/drill`, { max: 1 });
    const [promoted] = await replica<
      { role: string }[]
    >`select case when pg_is_in_recovery() then 'replica' else 'primary' end as role`;
    const stored = new Set((await replica<{ id: string }[]>`select id from drill_writes`).map((row) => Number(row.id)));
    await replica.end();
    step("replica read");
    const lost = acknowledged.filter((id) => !stored.has(id)).length;
    const slowest = Math.max(...attempts.map((a) => a.ms));
    // The write outage: from the first failed write to the next one that succeeded.
    const firstFailure = attempts.find((a) => !a.ok && a.started >= stoppedAt);
    const nextSuccess = firstFailure && attempts.find((a) => a.ok && a.started > firstFailure.started);
    const outageMs = firstFailure && nextSuccess ? nextSuccess.started + nextSuccess.ms - firstFailure.started : 0;
    console.log(
      `drill postgres-promotion: stop + promote took ${promoteMs} ms, write outage ${outageMs} ms, ` +
        `/api/health 200 again ${healthBackMs} ms after the stop began; ` +
        `writes ${attempts.length}, failed ${attempts.filter((a) => !a.ok).length}, acknowledged ${acknowledged.length}, ` +
        `lost ${lost}, duplicated 0 (primary key), slowest request ${slowest} ms, writer crashes ${writerCrashes}`,
    );
    expect(promoted?.role).toBe("primary");
    expect(lost).toBe(0);
    // No stuck request: each one ends (fails fast or succeeds) within the connect timeout and a margin.
    expect(slowest).toBeLessThan(15_000);
  }, 240_000);
});
