import { beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Centre,
  centreWithPlatformAdmin,
  type PasswordPerson,
  signInFormFor,
} from "../../../tests/support/fixtures";
import { signIn } from "../../../tests/support/session";
import { createApp } from "../../app";
import { config } from "../../config";
import { recordHeartbeat } from "../../platform/heartbeat";
import { redis } from "../../platform/redis";
import { presentSystemHealth } from "./present-health";
import { systemHealth } from "./system-health";

const app = createApp();
let fixture: Centre;
let platformAdmin: PasswordPerson;

beforeAll(async () => {
  ({ centre: fixture, platformAdmin } = await centreWithPlatformAdmin({ label: "Health", timeZone: "Europe/London" }));
});

async function recordOps(kind: string, record: Record<string, unknown>): Promise<void> {
  await mkdir(join(config.DATA_DIR, "ops-status"), { recursive: true });
  await writeFile(join(config.DATA_DIR, "ops-status", `${kind}.json`), JSON.stringify(record));
}

describe("the platform admin's system health page", () => {
  test("lists every check: dependencies with latency, worker heartbeat, disk, queues, backup and drill", async () => {
    await recordHeartbeat(redis, 4242, new Date(Date.now() - 20_000));
    const at = new Date(Date.now() - 3600_000).toISOString();
    // Shown on the platform's clock (UTC), formatted by Intl in the reader's language (en-GB here).
    const shown = new Intl.DateTimeFormat("en-GB", {
      timeZone: "UTC",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date(at));
    await recordOps("offsite-backup", { finished_at: at, ok: true, detail: "snapshot 1a2b3c4d", last_success_at: at });
    await recordOps("restore-drill", { finished_at: at, ok: false, detail: "failed: no dump", last_success_at: null });

    const session = await signIn(app, signInFormFor(fixture, platformAdmin));
    const response = await session.get("/platform/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    for (const check of ["PostgreSQL", "Redis", "Object storage (", "Worker heartbeat", "Disk (data folder)"]) {
      expect(html).toContain(`data-check="${check}`);
    }
    expect(html).toMatch(/data-check="PostgreSQL"[\s\S]*?data-verdict="ok"[\s\S]*?\d+(\.\d)? ms/);
    expect(html).toMatch(/data-check="Worker heartbeat"[\s\S]*?data-verdict="ok"[\s\S]*?\d+ s ago[\s\S]*?process 4242/);
    for (const queue of ["housekeeping", "files", "paper", "classes", "events"]) {
      expect(html).toContain(`data-queue="${queue}"`);
    }
    expect(html).toMatch(
      new RegExp(`data-check="Off-site backup"[\\s\\S]*?data-verdict="ok"[\\s\\S]*?last success ${shown}`),
    );
    expect(html).toMatch(/data-check="Restore drill"[\s\S]*?data-verdict="error"[\s\S]*?failed: no dump/);
    expect(html).toContain('data-overall="error"');
  });

  test("a stopped worker shows as failing", async () => {
    await recordHeartbeat(redis, 4243, new Date(Date.now() - 10 * 60_000));
    const health = presentSystemHealth(await systemHealth());
    expect(health.processes.find((row) => row.label === "Worker heartbeat")).toMatchObject({
      verdict: "error",
      value: "10 min ago",
    });
  });

  test("replication lag is shown only when a replica is configured", async () => {
    const health = await systemHealth();
    expect(presentSystemHealth(health).dependencies.some((row) => row.label === "Read replica")).toBe(false);
    const withReplica = presentSystemHealth({
      ...health,
      replication: { verdict: "ok", lagSeconds: 3, latencyMs: 1.5, detail: "" },
    });
    expect(withReplica.dependencies.find((row) => row.label === "Read replica")).toMatchObject({
      verdict: "ok",
      value: "3 s behind · 1.5 ms",
    });
  });

  test("only the platform admin can open it", async () => {
    for (const role of ["centre_owner", "centre_admin", "head_tutor", "tutor", "parent"] as const) {
      const session = await signIn(app, signInFormFor(fixture, fixture.people[role]));
      const response = await session.get("/platform/health");
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
    }
  });
});
