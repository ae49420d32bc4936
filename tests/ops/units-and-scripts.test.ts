import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, runScript, scratchDir } from "../support/ops";
import { freePort, type RunningProcess, startWebServer } from "../support/processes";

const OPS_SCRIPTS = [
  "build-and-deploy.sh",
  "database-setup.sh",
  "generate-env-production.sh",
  "configure-cloudflare-tunnel.sh",
  "rollback.sh",
  "health-check.sh",
  "backup-database.sh",
  "restore-database.sh",
  "pitr.sh",
  "install-server.sh",
  "offsite-backup.sh",
  "restore-drill.sh",
  "render-alertmanager-config.sh",
];

describe("every operations script", () => {
  for (const script of OPS_SCRIPTS) {
    test(`${script} --help explains itself; an unknown option fails loudly`, async () => {
      const help = await runScript(script, ["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`./scripts/${script}`);
      const wrong = await runScript(script, ["--no-such-option"]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/unknown (option|argument): --no-such-option/);
    });
  }
});

describe("health-check.sh", () => {
  let web: RunningProcess;
  beforeAll(async () => {
    web = await startWebServer();
  });
  afterAll(async () => {
    await web?.stop();
  });

  test("a healthy process passes, and --verbose prints each check", async () => {
    const result = await runScript("health-check.sh", ["--url", `${web.url}/api/health`, "--verbose"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/database: ok \([\d.]+ ms\)/);
    expect(result.stdout).toMatch(/redis: ok/);
    expect(result.stdout).toMatch(/storage: ok/);
  });

  test("nothing listening is unhealthy, with the reason", async () => {
    const result = await runScript("health-check.sh", ["--url", `http://127.0.0.1:${freePort()}/api/health`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unhealthy: no answer");
  });

  test("a process whose Redis is down is unhealthy and names the failing check", async () => {
    const broken = await startWebServer({ REDIS_URL: `redis://127.0.0.1:${freePort()}`, REDIS_SENTINELS: "" });
    try {
      const result = await runScript("health-check.sh", ["--url", `${broken.url}/api/health`, "--verbose"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("HTTP 503: failing checks: redis");
      expect(result.stdout).toMatch(/redis: error/);
    } finally {
      await broken.stop();
    }
  });
});

describe("systemd units", () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await scratchDir("systemd");
  });
  afterAll(async () => {
    await dir?.remove();
  });

  test("systemd-analyze verify accepts every unit", async () => {
    const bun = Bun.which("bun")!;
    const names = await readdir(join(ROOT, "systemd"));
    const files: string[] = [];
    for (const name of names) {
      // A template is verified as one of its instances; binaries not on this machine are stood in for.
      const file = join(dir.path, name.replace("@.service", "@9101.service"));
      const text = (await Bun.file(join(ROOT, "systemd", name)).text())
        .replaceAll("/usr/local/bin/bun", bun)
        .replaceAll("/usr/local/bin/minio", "/bin/true")
        .replaceAll("/srv/aetherlearn/current/scripts", join(ROOT, "scripts"));
      await writeFile(file, text);
      files.push(file);
    }
    const result = await runScript("systemd-analyze", ["verify", "--man=no", ...files], {
      SYSTEMD_LOG_LEVEL: "warning",
    });
    // RestartSteps/RestartMaxDelaySec (the backoff) arrived in systemd 254; older ones ignore them.
    const problems = result.stderr
      .split("\n")
      .filter((line) => line.trim() && !/Unknown key '(RestartSteps|RestartMaxDelaySec)'/.test(line));
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
  });

  test("long-running units are hardened and restart by themselves", async () => {
    for (const unit of ["aetherlearn-web@.service", "aetherlearn-worker.service", "minio.service"]) {
      const text = await Bun.file(join(ROOT, "systemd", unit)).text();
      for (const setting of ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "Restart=always"]) {
        expect({ unit, setting, present: text.includes(setting) }).toEqual({ unit, setting, present: true });
      }
    }
  });

  test("the backup timer fires daily at 02:00", async () => {
    const timer = await Bun.file(join(ROOT, "systemd", "aetherlearn-backup.timer")).text();
    const calendar = timer.match(/^OnCalendar=(.+)$/m)?.[1];
    const result = await runScript("systemd-analyze", ["calendar", calendar!]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Next elapse: .* 02:00:00/);
  });
});
