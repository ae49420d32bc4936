import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import postgres from "postgres";
import { migrate, ROOT, runScript, scratchDir } from "../support/ops";
import { freePort, waitFor } from "../support/processes";

/**
 * What systemd would run after scripts/install-server.sh, without systemd (there is none here):
 * the installer into a throwaway root with a real service user, its database step against the test
 * PostgreSQL, then each installed unit's ExecStart run as the unit's User= with its
 * EnvironmentFile= and Environment=, and nginx from the installed site in front. Only addresses
 * move: ports to free ones, absolute paths into the throwaway root, and the test's PostgreSQL,
 * Redis and S3 in the env files as an operator would set them. The release (/srv/aetherlearn/current)
 * is this checkout.
 */
const SERVICE_USER = "aetherlearn-test";
const suffix = crypto.randomUUID().slice(0, 8);
const roles = { owner: `install_owner_${suffix}`, app: `install_app_${suffix}` };
const database = `aetherlearn_install_${suffix}_test`;
let root: { path: string; remove(): Promise<void> };
const running: Subprocess[] = [];
let nginxUrl = "";
let workerMetricsUrl = "";

function install(...args: string[]) {
  return runScript(
    join(ROOT, "scripts/install-server.sh"),
    ["--prefix", root.path, "--no-systemd", "--skip-packages", "--user", SERVICE_USER, ...args],
    {},
    180_000,
  );
}

const inRoot = (path: string) => join(root.path, path);

/** KEY=value lines of an environment file (systemd's EnvironmentFile= format), comments skipped. */
function parseEnvironment(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    result[match[1] as string] = (match[2] as string)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .replace(/^'(.*)'$/, "$1");
  }
  return result;
}

/** Sets KEY=value lines in an environment file, as an operator editing it would. */
async function editEnvironment(file: string, values: Record<string, string>): Promise<void> {
  let text = await readFile(file, "utf8");
  for (const [key, value] of Object.entries(values)) {
    const line = `${key}=${value}`;
    text = new RegExp(`^${key}=.*$`, "m").test(text)
      ? text.replace(new RegExp(`^${key}=.*$`, "m"), line)
      : `${text}\n${line}\n`;
  }
  await writeFile(file, text);
}

interface Unit {
  user: string;
  workingDirectory: string;
  environmentFile: string;
  environment: Record<string, string>;
  execStart: string[];
}

/** The [Service] settings a unit runs with; %i is the instance name of a template. */
async function readUnit(name: string, instance = ""): Promise<Unit> {
  const text = (await readFile(inRoot(`etc/systemd/system/${name}`), "utf8")).replaceAll("%i", instance);
  const setting = (key: string) => {
    const value = new RegExp(`^${key}=(.+)$`, "m").exec(text)?.[1];
    if (!value) throw new Error(`${name} has no ${key}=`);
    return value.trim();
  };
  return {
    user: setting("User"),
    workingDirectory: setting("WorkingDirectory"),
    environmentFile: setting("EnvironmentFile"),
    environment: Object.fromEntries(
      setting("Environment")
        .split(/\s+/)
        .map((pair) => pair.split("=") as [string, string]),
    ),
    execStart: setting("ExecStart").split(/\s+/),
  };
}

/**
 * Starts a unit's ExecStart as its User= (setpriv, so the process itself is the one checked), in
 * its WorkingDirectory=, with the environment systemd would give it: the user's basics, then
 * Environment=, then the EnvironmentFile= (which wins, as in systemd), then the moved ports.
 */
async function startUnit(unit: Unit, ports: Record<string, string>): Promise<Subprocess> {
  const fromFile = parseEnvironment(await readFile(inRoot(unit.environmentFile), "utf8"));
  const [binary, ...args] = unit.execStart;
  const child = spawn(
    [
      "setpriv",
      `--reuid=${unit.user}`,
      `--regid=${unit.user}`,
      "--init-groups",
      "--",
      inRoot(binary as string),
      ...args,
    ],
    {
      cwd: inRoot(unit.workingDirectory),
      env: {
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        HOME: "/srv/aetherlearn",
        USER: unit.user,
        LOGNAME: unit.user,
        ...unit.environment,
        ...fromFile,
        ...ports,
      },
      stdout: process.env.TEST_VERBOSE ? "inherit" : "ignore",
      stderr: "inherit",
    },
  );
  running.push(child);
  return child;
}

/** The uid a process runs as (the real one, from /proc). */
/** The process's user id once setpriv has switched it (read at once, it may still be root's for a moment). */
async function uidOf(pid: number): Promise<number> {
  const read = async () => Number(/^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1]);
  for (let tries = 0; tries < 50 && (await read()) === 0; tries += 1) await Bun.sleep(20);
  return read();
}

/** nginx with the installed site (sites-available, as sites-enabled links it), addresses moved. */
async function startInstalledNginx(webPort: number): Promise<string> {
  const port = freePort();
  const dir = inRoot("nginx-run");
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    await mkdir(join(dir, "tmp", temp), { recursive: true });
  const site = (await readFile(inRoot("etc/nginx/sites-available/aetherlearn"), "utf8"))
    .replace("listen 80 default_server;", `listen 127.0.0.1:${port} default_server;`)
    .replace("listen [::]:80 default_server;", "")
    .replaceAll("127.0.0.1:3001", `127.0.0.1:${webPort}`)
    .replaceAll("/srv/aetherlearn/current", inRoot("srv/aetherlearn/current"));
  await writeFile(join(dir, "site.conf"), site);
  const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `  ${kind}_temp_path ${dir}/tmp/${kind.replace("client_", "")};`)
    .join("\n");
  await writeFile(
    join(dir, "nginx.conf"),
    `user root;\ndaemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
${temps}
  include ${dir}/site.conf;
}
`,
  );
  running.push(spawn(["/usr/sbin/nginx", "-p", dir, "-c", join(dir, "nginx.conf")], { stderr: "inherit" }));
  return `http://127.0.0.1:${port}`;
}

/** A role's URL for the scratch database on the test PostgreSQL. */
function databaseUrl(role: string, password: string): string {
  const server = new URL(process.env.MIGRATE_DATABASE_URL as string).host;
  return `postgres://${role}:${encodeURIComponent(password)}@${server}/${database}`;
}

beforeAll(async () => {
  root = await scratchDir("install-units");
  // The service user walks into the throwaway root, as it would into /srv on a real server.
  await chmod(root.path, 0o755);

  const first = await install("--skip-database");
  expect(first.stderr).not.toContain("error");
  expect(first.code).toBe(0);

  // The operator points the env files at this machine's PostgreSQL, Redis and S3.
  const appEnv = inRoot("etc/aetherlearn/aetherlearn.env");
  const migrateEnv = inRoot("etc/aetherlearn/migrate.env");
  const appPassword = decodeURIComponent(
    new URL(parseEnvironment(await readFile(appEnv, "utf8")).DATABASE_URL ?? "").password,
  );
  const ownerPassword = decodeURIComponent(
    new URL(parseEnvironment(await readFile(migrateEnv, "utf8")).MIGRATE_DATABASE_URL ?? "").password,
  );
  expect(appPassword.length).toBeGreaterThanOrEqual(20);
  await editEnvironment(appEnv, {
    DATABASE_URL: databaseUrl(roles.app, appPassword),
    REDIS_URL: process.env.REDIS_URL as string,
    DATA_DIR: inRoot("srv/aetherlearn/shared"),
    S3_ENDPOINT: process.env.S3_ENDPOINT as string,
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY as string,
    S3_SECRET_KEY: process.env.S3_SECRET_KEY as string,
    LOG_LEVEL: "warn",
  });
  await editEnvironment(migrateEnv, {
    MIGRATE_DATABASE_URL: databaseUrl(roles.owner, ownerPassword),
  });
}, 240_000);

afterAll(async () => {
  for (const child of running) child.kill("SIGTERM");
  await Promise.all(running.map((child) => Promise.race([child.exited, Bun.sleep(10_000)])));
  const admin = postgres(process.env.TEST_PG_ADMIN_URL as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.unsafe(`drop role if exists "${roles.app}"`);
  await admin.unsafe(`drop role if exists "${roles.owner}"`);
  await admin.end();
  await runScript("userdel", [SERVICE_USER]);
  await root?.remove();
}, 60_000);

describe("install-server.sh, then what its units start", () => {
  test("sets up the local database with its owner and app roles once; the next run changes nothing", async () => {
    const second = await install("--database-admin-url", process.env.TEST_PG_ADMIN_URL as string);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `changed: database ${database}, owner role ${roles.owner} and app role ${roles.app}`,
    );
    expect(second.stdout).toContain("done: 1 changes");

    const admin = postgres(process.env.TEST_PG_ADMIN_URL as string, { max: 1, onnotice: () => {} });
    const [owner] = await admin`select pg_get_userbyid(datdba) as name from pg_database where datname = ${database}`;
    const found =
      await admin`select rolname, rolsuper from pg_roles where rolname in (${roles.owner}, ${roles.app}) order by 1`;
    await admin.end();
    expect(owner?.name).toBe(roles.owner);
    expect([...found]).toEqual([
      { rolname: roles.app, rolsuper: false },
      { rolname: roles.owner, rolsuper: false },
    ]);

    const third = await install("--database-admin-url", process.env.TEST_PG_ADMIN_URL as string);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain("nothing changed");
    expect(third.stdout).not.toMatch(/^changed:/m);
  }, 240_000);

  test("the web and worker units' ExecStart, run as their User=, answer through the installed nginx", async () => {
    // A deployed release (build-and-deploy.sh's job) migrated as the owner role.
    const ownerUrl = parseEnvironment(await readFile(inRoot("etc/aetherlearn/migrate.env"), "utf8"))
      .MIGRATE_DATABASE_URL as string;
    await migrate(ownerUrl);
    await symlink(ROOT, inRoot("srv/aetherlearn/current"));

    const web = await readUnit("aetherlearn-web@.service", String(freePort()));
    const worker = await readUnit("aetherlearn-worker.service");
    expect(web.user).toBe(SERVICE_USER);
    expect(worker.user).toBe(SERVICE_USER);
    expect(web.execStart).toEqual(["/usr/local/bin/bun", "src/server.ts"]);
    const webPort = freePort();
    const workerMetricsPort = freePort();
    const webProcess = await startUnit(web, { PORT: String(webPort) });
    const workerProcess = await startUnit(worker, { METRICS_PORT: String(workerMetricsPort) });
    nginxUrl = await startInstalledNginx(webPort);
    workerMetricsUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;

    const serviceUid = Number((await runScript("id", ["-u", SERVICE_USER])).stdout.trim());
    expect(serviceUid).toBeGreaterThan(0);
    expect(await uidOf(webProcess.pid)).toBe(serviceUid);
    expect(await uidOf(workerProcess.pid)).toBe(serviceUid);

    let health: { status?: string; checks?: Record<string, { status: string }> } = {};
    await waitFor(
      async () => {
        const response = await fetch(`${nginxUrl}/api/health`);
        health = (await response.json()) as typeof health;
        return response.status === 200;
      },
      90_000,
      "/api/health through the installed nginx",
    );
    expect(Object.keys(health.checks ?? {}).sort()).toEqual(["database", "redis", "storage"]);
    for (const check of Object.values(health.checks ?? {})) expect(check.status).toBe("ok");

    const page = await fetch(`${nginxUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<form");

    // The worker runs too: its own metrics listener answers with its heartbeat.
    await waitFor(
      async () =>
        (await (await fetch(workerMetricsUrl)).text()).includes("aetherlearn_worker_heartbeat_timestamp_seconds"),
      60_000,
      "the worker's heartbeat metric",
    );
    expect(webProcess.exitCode).toBeNull();
    expect(workerProcess.exitCode).toBeNull();
  }, 240_000);
});
