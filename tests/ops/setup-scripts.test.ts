import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pick, ROOT, runScript, scratchDir } from "../support/ops";

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await scratchDir("setup-scripts");
});
afterAll(async () => {
  await dir?.remove();
});

/** KEY=value lines, a double-quoted value unquoted as systemd's EnvironmentFile= and bash's `source` read it. */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (match) env[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1");
  }
  return env;
}

/** Loads src/config.ts in a process whose environment is exactly FILE's, as systemd would give it. */
async function validateWithConfig(file: string): Promise<{ code: number; output: string }> {
  const env = parseEnv(await readFile(file, "utf8"));
  const child = Bun.spawn(
    ["bun", "-e", 'const { config } = await import("./src/config.ts"); console.log(config.APP_ENV, config.PUBLIC_URL)'],
    { cwd: ROOT, env: { PATH: process.env.PATH!, ...env }, stdout: "pipe", stderr: "pipe" },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, output: stdout + stderr };
}

describe("generate-env-production.sh", () => {
  const generate = (output: string, ...args: string[]) =>
    runScript("generate-env-production.sh", ["--output", output, ...args]);

  test("writes a mode-600 file that src/config.ts accepts, printing no secret", async () => {
    const file = join(dir.path, "prod", ".env.production");
    const result = await generate(file, "--public-url", "https://lms.example.org");
    expect(result.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir.path, "prod", "migrate.env"))).mode & 0o777).toBe(0o600);

    const env = parseEnv(await readFile(file, "utf8"));
    expect(env.ENCRYPTION_KEYS).toMatch(/^k\d{6}:[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(env.BLIND_INDEX_KEY!, "base64")).toHaveLength(32);
    expect(env.SESSION_SECRET!.length).toBeGreaterThanOrEqual(48);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/aetherlearn:[A-Za-z0-9]{40}@127\.0\.0\.1:5432\/aetherlearn$/);
    const owner = parseEnv(await readFile(join(dir.path, "prod", "migrate.env"), "utf8"));
    expect(owner.MIGRATE_DATABASE_URL).toMatch(
      /^postgres:\/\/aetherlearn_owner:[A-Za-z0-9]{40}@127\.0\.0\.1:5432\/aetherlearn$/,
    );
    expect(Object.values(env).join("\n")).not.toContain("@secret");
    for (const secret of [env.SESSION_SECRET!, env.BLIND_INDEX_KEY!, env.S3_SECRET_KEY!]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }

    const loaded = await validateWithConfig(file);
    expect(loaded.output.trim()).toBe("production https://lms.example.org");
    expect(loaded.code).toBe(0);
  });

  test("refuses to overwrite; --force keeps every secret, so running it again changes nothing", async () => {
    const file = join(dir.path, "prod", ".env.production");
    const before = await readFile(file, "utf8");
    const refused = await generate(file, "--public-url", "https://other.example.org");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("already exists");
    expect(await generate(file, "--force")).toMatchObject({ code: 0 });
    expect(await generate(file, "--force")).toMatchObject({ code: 0 });
    expect(await readFile(file, "utf8")).toBe(before);
  });

  test("--rotate replaces only the named secret; a new encryption key goes first, the old one stays", async () => {
    const file = join(dir.path, "prod", ".env.production");
    const before = parseEnv(await readFile(file, "utf8"));
    const result = await generate(
      file,
      "--force",
      "--rotate",
      "ENCRYPTION_KEYS",
      "--rotate",
      "SESSION_SECRET",
      "--print-secrets",
    );
    expect(result.code).toBe(0);
    const after = parseEnv(await readFile(file, "utf8"));
    expect(after.SESSION_SECRET).not.toBe(before.SESSION_SECRET);
    expect(after.ENCRYPTION_KEYS!.split(",")).toHaveLength(2);
    expect(after.ENCRYPTION_KEYS!.endsWith(`,${before.ENCRYPTION_KEYS}`)).toBe(true);
    expect(after.ENCRYPTION_KEYS!.split(",")[0]!.split(":")[0]).not.toBe(before.ENCRYPTION_KEYS!.split(":")[0]);
    expect(after.BLIND_INDEX_KEY).toBe(before.BLIND_INDEX_KEY);
    expect(after.DATABASE_URL).toBe(before.DATABASE_URL);
    // Shown once, because they were asked for and just made.
    expect(result.stdout).toContain(`SESSION_SECRET=${after.SESSION_SECRET}`);
    expect(result.stdout).not.toContain(after.BLIND_INDEX_KEY);
    expect((await validateWithConfig(file)).code).toBe(0);
  });

  test("the SMTP server and sender are written, accepted by src/config.ts, and kept by --force", async () => {
    const file = join(dir.path, "mail", ".env.production");
    const defaults = await generate(file, "--public-url", "https://lms.example.org:8443/app");
    expect(defaults.code).toBe(0);
    // Without a server mail waits queued; the sender defaults to the public host.
    expect(parseEnv(await readFile(file, "utf8"))).toMatchObject({
      SMTP_URL: "",
      MAIL_FROM: "AetherLearn <no-reply@lms.example.org>",
    });
    const smtpUrl = "smtp://mailer:p&ss%2Fword@smtp.example.org:587";
    const given = await generate(
      file,
      "--force",
      "--smtp-url",
      smtpUrl,
      "--mail-from",
      "Northside Tutoring <hello@north.example>",
    );
    expect(given.code).toBe(0);
    const env = parseEnv(await readFile(file, "utf8"));
    expect(env).toMatchObject({ SMTP_URL: smtpUrl, MAIL_FROM: "Northside Tutoring <hello@north.example>" });
    expect((await validateWithConfig(file)).code).toBe(0);
    expect(await generate(file, "--force")).toMatchObject({ code: 0 });
    expect(parseEnv(await readFile(file, "utf8"))).toMatchObject({ SMTP_URL: smtpUrl, MAIL_FROM: env.MAIL_FROM });

    expect((await generate(file, "--force", "--smtp-url", "mail.example.org:25")).stderr).toContain("smtp://");
    expect((await generate(file, "--force", "--mail-from", "no address")).stderr).toContain("--mail-from");
  });

  test("staging gets its own database; bad input is refused", async () => {
    const file = join(dir.path, "staging", ".env.production");
    expect((await generate(file, "--public-url", "https://staging.example.org", "--app-env", "staging")).code).toBe(0);
    const env = parseEnv(await readFile(file, "utf8"));
    expect(env.APP_ENV).toBe("staging");
    expect(env.DATABASE_URL).toEndWith("/aetherlearn_staging");
    expect((await validateWithConfig(file)).output.trim()).toBe("staging https://staging.example.org");

    const other = join(dir.path, "bad", ".env.production");
    expect((await generate(other)).stderr).toContain("--public-url is required");
    expect((await generate(other, "--public-url", "lms.example.org")).stderr).toContain("not an http(s) URL");
    expect((await generate(other, "--public-url", "https://x.org", "--app-env", "dev")).stderr).toContain("--app-env");
    expect((await generate(file, "--force", "--rotate", "BLIND_INDEX_KEY")).stderr).toContain("cannot be rotated");
  });
});

describe("configure-cloudflare-tunnel.sh", () => {
  const tunnelId = "6ff42ae2-765d-4adf-8112-31c55c1551ef";
  let credentials: string;
  const configure = (...args: string[]) =>
    runScript("configure-cloudflare-tunnel.sh", [
      "--config-dir",
      join(dir.path, "cloudflared"),
      "--unit-dir",
      join(dir.path, "units"),
      "--cloudflared",
      join(dir.path, "no-cloudflared-here"),
      ...args,
    ]);

  beforeAll(async () => {
    credentials = join(dir.path, `${tunnelId}.json`);
    await writeFile(credentials, JSON.stringify({ AccountTag: "a", TunnelSecret: "s", TunnelID: tunnelId }), {
      mode: 0o600,
    });
  });

  test("writes the ingress (hostname → local nginx, then 404) and a service unit; a second run changes nothing", async () => {
    const args = ["--hostname", "lms.example.org", "--tunnel-id", tunnelId, "--credentials-file", credentials];
    const first = await configure(...args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote:");
    const config = Bun.YAML.parse(await readFile(join(dir.path, "cloudflared", "config.yml"), "utf8"));
    expect(pick(config, "tunnel")).toBe(tunnelId);
    expect(pick(config, "credentials-file")).toBe(credentials);
    expect(pick(config, "ingress.0")).toMatchObject({ hostname: "lms.example.org", service: "http://127.0.0.1:80" });
    expect(pick(config, "ingress.-1")).toEqual({ service: "http_status:404" });

    const unitFile = join(dir.path, "units", "cloudflared-aetherlearn.service");
    const unit = await readFile(unitFile, "utf8");
    expect(unit).toContain(`--config ${join(dir.path, "cloudflared", "config.yml")} tunnel run`);
    expect(unit).toContain("Restart=always");

    const second = await configure(...args);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("wrote:");
    expect(second.stdout.match(/unchanged:/g)).toHaveLength(2);

    // The shipped example is what the script writes, apart from the names.
    const example = Bun.YAML.parse(await readFile(join(ROOT, "ops/cloudflared/config.yml.example"), "utf8"));
    expect(Object.keys(example as object)).toEqual(Object.keys(config as object));
    expect(pick(example, "ingress.-1")).toEqual({ service: "http_status:404" });
  });

  test("systemd-analyze verify accepts the unit", async () => {
    const unitFile = join(dir.path, "units", "cloudflared-aetherlearn.service");
    const text = (await readFile(unitFile, "utf8")).replace(join(dir.path, "no-cloudflared-here"), "/bin/true");
    const checked = join(dir.path, "units", "checked-cloudflared.service");
    await writeFile(checked, text);
    const result = await runScript("systemd-analyze", ["verify", "--man=no", checked], {
      SYSTEMD_LOG_LEVEL: "warning",
    });
    expect(result.stderr.trim()).toBe("");
    expect(result.code).toBe(0);
  });

  test("bad input is refused with the reason", async () => {
    const base = ["--tunnel-id", tunnelId, "--credentials-file", credentials];
    expect((await configure(...base)).stderr).toContain("--hostname is required");
    expect((await configure("--hostname", "https://lms.example.org", ...base)).stderr).toContain("not a DNS hostname");
    expect(
      (await configure("--hostname", "lms.example.org", "--tunnel-id", "nope", "--credentials-file", credentials))
        .stderr,
    ).toContain("UUID");
    expect(
      (
        await configure(
          "--hostname",
          "lms.example.org",
          "--tunnel-id",
          tunnelId,
          "--credentials-file",
          "/nonexistent.json",
        )
      ).stderr,
    ).toContain("not found");
    const otherTunnel = "00000000-0000-4000-8000-000000000000";
    expect(
      (await configure("--hostname", "lms.example.org", "--tunnel-id", otherTunnel, "--credentials-file", credentials))
        .stderr,
    ).toContain("belongs to tunnel");
  });
});
