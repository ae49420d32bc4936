import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { type Mail, type RunningSmtpSink, startSmtpSink } from "../support/mailbox";
import { ROOT, runScript, scratchDir } from "../support/ops";
import { freePort, waitFor } from "../support/processes";

const RENDER = join(ROOT, "scripts/render-alertmanager-config.sh");
const GROUP_WAIT_SECONDS = 3;

async function render(dir: string, name: string, settings: Record<string, string>): Promise<string> {
  const out = join(dir, name);
  const result = await runScript(RENDER, ["--env-file", join(dir, "none.env"), "--out", out], settings);
  expect(result.stderr).toContain(`wrote ${out}`);
  expect(result.code).toBe(0);
  return out;
}

function started(command: string[]): Subprocess {
  return spawn(command, { cwd: ROOT, stdout: "ignore", stderr: process.env.TEST_VERBOSE ? "inherit" : "ignore" });
}

/** The alert as Prometheus posts it to Alertmanager when the WorkerHeartbeatStale rule fires. */
async function firingHeartbeatAlert(): Promise<Record<string, unknown>> {
  const rules = await Bun.file(join(ROOT, "ops/prometheus/alerts.yml")).text();
  const block = rules.slice(rules.indexOf("alert: WorkerHeartbeatStale"));
  const field = (name: string) => block.match(new RegExp(`${name}: "([^"]*)"`))?.[1] ?? "";
  return {
    labels: {
      alertname: "WorkerHeartbeatStale",
      severity: block.match(/severity: (\w+)/)?.[1],
      instance: "127.0.0.1:9101",
      job: "aetherlearn-web",
    },
    annotations: {
      summary: field("summary"),
      description: "The last worker heartbeat was 3m 10s ago.",
      action: field("action"),
    },
    startsAt: new Date().toISOString(),
    generatorURL: "http://127.0.0.1:9090/graph?g0.expr=time%28%29",
  };
}

describe("Alertmanager configuration", () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await scratchDir("alertmanager");
  });
  afterAll(async () => {
    await dir?.remove();
  });

  test("renders valid configuration with email only, and with a Slack-compatible webhook", async () => {
    const base = { ALERT_EMAIL_TO: "ops@example.org", ALERT_SMTP_SMARTHOST: "smtp.example.org:587" };
    const emailOnly = await render(dir.path, "email.yml", base);
    const withChat = await render(dir.path, "chat.yml", {
      ...base,
      ALERT_SMTP_USERNAME: "alerts",
      ALERT_SMTP_PASSWORD: 'p"ss\\word',
      ALERT_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
    });
    for (const file of [emailOnly, withChat]) {
      const checked = await runScript("amtool", ["check-config", file]);
      expect(checked.stdout).toContain("SUCCESS");
      expect(checked.code).toBe(0);
    }
    const route = async (file: string, labels: string[]) =>
      (await runScript("amtool", ["config", "routes", "test", `--config.file=${file}`, ...labels])).stdout.trim();
    expect(await route(withChat, ["alertname=WorkerHeartbeatStale", "severity=critical"])).toBe("email-and-chat");
    expect(await route(withChat, ["alertname=BackupOrDrillFailed", "severity=high"])).toBe("email-and-chat");
    expect(await route(withChat, ["alertname=DiskSpaceLow", "severity=medium"])).toBe("email");
    expect(await route(emailOnly, ["alertname=WorkerHeartbeatStale", "severity=critical"])).toBe("email");
  });

  test("refuses settings it cannot use, naming them", async () => {
    const missing = await runScript(RENDER, ["--env-file", join(dir.path, "none.env")], {
      ALERT_SMTP_SMARTHOST: "smtp.example.org:587",
      ALERT_EMAIL_TO: "",
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("ALERT_EMAIL_TO");
    const noPort = await runScript(RENDER, ["--env-file", join(dir.path, "none.env")], {
      ALERT_EMAIL_TO: "ops@example.org",
      ALERT_SMTP_SMARTHOST: "smtp.example.org",
    });
    expect(noPort.code).not.toBe(0);
    expect(noPort.stderr).toContain("host:port");
  });
});

describe("an alert reaches someone: Alertmanager → a real SMTP server", () => {
  let dir: { path: string; remove(): Promise<void> };
  let smtp: RunningSmtpSink;
  let alertmanager: Subprocess;
  let alertmanagerUrl: string;

  beforeAll(async () => {
    dir = await scratchDir("alert-delivery");
    smtp = await startSmtpSink(join(dir.path, "inbox"));
    const config = await render(dir.path, "alertmanager.yml", {
      ALERT_EMAIL_TO: "oncall@centre.example.org",
      ALERT_EMAIL_FROM: "alertmanager@aetherlearn.example.org",
      ALERT_SMTP_SMARTHOST: `127.0.0.1:${smtp.port}`,
      ALERT_SMTP_REQUIRE_TLS: "false",
      ALERT_GROUP_WAIT: `${GROUP_WAIT_SECONDS}s`,
    });
    const port = freePort();
    alertmanagerUrl = `http://127.0.0.1:${port}`;
    alertmanager = started([
      "prometheus-alertmanager",
      `--config.file=${config}`,
      `--storage.path=${join(dir.path, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ]);
    await waitFor(async () => (await fetch(`${alertmanagerUrl}/-/ready`)).ok, 30_000, "Alertmanager to be ready");
  });
  afterAll(async () => {
    alertmanager?.kill();
    await Promise.all([alertmanager?.exited, smtp?.stop()]);
    await dir?.remove();
  });

  async function mailMatching(text: string, timeoutMs: number): Promise<Mail> {
    let found: Mail | undefined;
    await waitFor(
      async () => {
        found = (await smtp.mailbox.all()).find((mail) => `${mail.subject}\n${mail.text}\n${mail.html}`.includes(text));
        return found !== undefined;
      },
      timeoutMs,
      `an email mentioning ${text}`,
    );
    return found!;
  }

  test("the stopped-worker alert is emailed to on-call within the group wait", async () => {
    const sentAt = Date.now();
    const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([await firingHeartbeatAlert()]),
    });
    expect(response.status).toBe(200);
    // The group wait is the promise; a loaded test machine gets a few seconds of slack on top.
    const mail = await mailMatching("WorkerHeartbeatStale", GROUP_WAIT_SECONDS * 1000 + 10_000);
    const seconds = (Date.now() - sentAt) / 1000;
    console.log(`alert emailed after ${seconds.toFixed(1)} s (group wait ${GROUP_WAIT_SECONDS} s)`);
    expect(mail.to).toEqual(["oncall@centre.example.org"]);
    expect(mail.html).toContain("No worker has consumed a job for more than 2 minutes");
    expect(mail.subject).toContain("WorkerHeartbeatStale");
  });

  test("a unit systemd gave up on is alerted through OnFailure= and emailed", async () => {
    const unit = `aetherlearn-worker-${crypto.randomUUID().slice(0, 6)}.service`;
    const result = await runScript("scripts/alert-unit-failed.sh", [unit], { ALERTMANAGER_URL: alertmanagerUrl });
    expect(result.stderr).toContain(`alerted: ${unit} failed`);
    expect(result.code).toBe(0);
    const mail = await mailMatching(unit, GROUP_WAIT_SECONDS * 1000 + 10_000);
    expect(`${mail.subject}\n${mail.html}`).toContain("SystemdUnitFailed");
    expect(mail.html).toContain("systemd stopped restarting it");
  });

  test("every long-running and timed unit names the alert unit in OnFailure=", async () => {
    for (const unit of await readdir(join(ROOT, "systemd"))) {
      if (!unit.endsWith(".service") || unit.startsWith("aetherlearn-alert@")) continue;
      const text = await Bun.file(join(ROOT, "systemd", unit)).text();
      expect({ unit, onFailure: text.match(/^OnFailure=(.+)$/m)?.[1] }).toEqual({
        unit,
        onFailure: "aetherlearn-alert@%n.service",
      });
    }
  });
});
