import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir, readFile, readlink, stat } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, runScript, scratchDir } from "../support/ops";

const INSTALL = join(ROOT, "scripts/install-server.sh");
let root: { path: string; remove(): Promise<void> };

function install(...args: string[]) {
  return runScript(INSTALL, ["--prefix", root.path, "--no-systemd", "--skip-packages", "--skip-database", ...args]);
}

beforeAll(async () => {
  root = await scratchDir("install-root");
});
afterAll(async () => {
  await root?.remove();
});

describe("scripts/install-server.sh into a throwaway root", () => {
  test("--dry-run prints the plan and changes nothing", async () => {
    const plan = await install("--dry-run");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("dry run: nothing is changed");
    expect(plan.stdout).toContain("would: bun");
    expect(plan.stdout).toContain("would: file /etc/nginx/sites-available/aetherlearn");
    expect(plan.stdout).toMatch(/plan: \d+ changes/);
    expect(await readdir(root.path)).toEqual([]);
  });

  test("installs, then a second run changes nothing and says so; secrets are kept", async () => {
    const first = await install();
    expect(first.stderr).not.toContain("error");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/done: \d+ changes/);
    expect(first.stdout).toContain("Left for you:");
    expect(first.stdout).toContain("DNS:");

    const etc = (path: string) => join(root.path, "etc", path);
    const passphrase = await readFile(etc("aetherlearn/backup-passphrase"), "utf8");
    const environment = await readFile(etc("aetherlearn/aetherlearn.env"), "utf8");
    expect(passphrase.trim().length).toBeGreaterThanOrEqual(40);
    expect((await stat(etc("aetherlearn/backup-passphrase"))).mode & 0o777).toBe(0o600);
    expect(environment).toMatch(/^SESSION_SECRET=.{32,}$/m);

    const bun = await runScript(join(root.path, "usr/local/bin/bun"), ["--version"]);
    const pinned = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).packageManager.replace("bun@", "");
    expect(bun.stdout.trim()).toBe(pinned);

    // The link is absolute, for the real root it will live in.
    expect(await readlink(etc("nginx/sites-enabled/aetherlearn"))).toBe("/etc/nginx/sites-available/aetherlearn");
    const site = await readFile(etc("nginx/sites-available/aetherlearn"), "utf8");
    expect(site).toContain("listen 80 default_server;");
    const redis = await readFile(etc("redis/conf.d/aetherlearn.conf"), "utf8");
    for (const line of ["appendonly yes", "appendfsync everysec", "maxmemory-policy noeviction", "bind 127.0.0.1"]) {
      expect(redis).toContain(line);
    }
    const units = await readdir(etc("systemd/system"));
    expect(units.sort()).toEqual((await readdir(join(ROOT, "systemd"))).sort());

    const second = await install();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing changed");
    expect(second.stdout).not.toMatch(/^changed:/m);
    expect(await readFile(etc("aetherlearn/backup-passphrase"), "utf8")).toBe(passphrase);
    expect(await readFile(etc("aetherlearn/aetherlearn.env"), "utf8")).toBe(environment);
  }, 120_000);

  test("renders Alertmanager's configuration once alerting.env names someone, and checks it", async () => {
    const settings = join(root.path, "etc/aetherlearn/alerting.env");
    const text = (await readFile(settings, "utf8")).replace(
      "ALERT_EMAIL_TO=oncall@example.org",
      "ALERT_EMAIL_TO=ops@centre.example.org",
    );
    await Bun.write(settings, text);
    const run = await install();
    expect(run.stdout).toContain("changed: file /etc/prometheus/alertmanager.yml");
    const checked = await runScript("amtool", ["check-config", join(root.path, "etc/prometheus/alertmanager.yml")]);
    expect(checked.code).toBe(0);
    expect((await install()).stdout).toContain("nothing changed");
  }, 120_000);
});
