import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ROOT, runScript } from "../support/ops";
import { freePort, type RunningProcess, startWebServer } from "../support/processes";

const PROMETHEUS = join(ROOT, "ops/prometheus");

describe("Prometheus rules", () => {
  test("every Key Alerts row is a rule, and promtool's unit tests pass for each", async () => {
    const alerts = await Bun.file(join(PROMETHEUS, "alerts.yml")).text();
    for (const name of [
      "ApiErrorRateHigh",
      "ResponseTimeP95High",
      "DatabasePoolSaturated",
      "DiskSpaceLow",
      "ProcessRestartsFrequent",
      "RedisMemoryHigh",
    ]) {
      expect(alerts).toContain(`alert: ${name}`);
    }
    const tested = await runScript("promtool", [
      "test",
      "rules",
      join(PROMETHEUS, "alerts.test.yml"),
      join(PROMETHEUS, "alerts-daily.test.yml"),
    ]);
    expect(tested.stdout + tested.stderr).toContain("SUCCESS");
    expect(tested.code).toBe(0);
  });

  test("the scrape configuration and rules are valid", async () => {
    const checked = await runScript("promtool", ["check", "config", join(PROMETHEUS, "prometheus.yml")]);
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
  });
});

describe("/metrics of a real web process", () => {
  let web: RunningProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    web = await startWebServer({ METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await web?.stop();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    return response.text();
  }

  test("request durations are recorded by route pattern and status", async () => {
    await fetch(`${web.url}/api/health`);
    await fetch(`${web.url}/no/such/page/${crypto.randomUUID()}`);
    const text = await scrape();
    expect(text).toMatch(
      /aetherlearn_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /aetherlearn_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} \d+/,
    );
    // Raw paths never become labels.
    expect(text).not.toContain("/no/such/page");
  });

  test("database, pool, queue, Redis and process figures are there", async () => {
    await fetch(`${web.url}/api/health`);
    const text = await scrape();
    expect(text).toMatch(/aetherlearn_db_query_duration_seconds_count\{operation="select",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/aetherlearn_db_pool_connections_max [1-9]/);
    expect(text).toMatch(/aetherlearn_db_pool_connections_in_use \d+/);
    expect(text).toMatch(/aetherlearn_queue_jobs\{queue="housekeeping",state="failed"\} \d+/);
    expect(text).toMatch(/aetherlearn_redis_memory_bytes\{kind="used"\} [1-9]/);
    expect(text).toMatch(/process_start_time_seconds \d+/);
    expect(text).toContain("aetherlearn_sse_connections");
  });

  test("every application metric the alerts and the dashboard use is exported", async () => {
    const text = await scrape();
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)/gm)].map((match) => match[1]));
    const sources = [
      await Bun.file(join(PROMETHEUS, "alerts.yml")).text(),
      await Bun.file(join(ROOT, "ops/grafana/aetherlearn-overview.json")).text(),
    ].join("\n");
    const used = new Set(
      [...sources.matchAll(/\b((?:aetherlearn|process|nodejs)_[a-z0-9_]+)/g)].map((match) =>
        match[1]!.replace(/_(bucket|count|sum)$/, ""),
      ),
    );
    for (const name of used) expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
  });

  test("metrics are not served on the public port", async () => {
    expect((await fetch(`${web.url}/metrics`)).status).toBe(404);
  });
});
