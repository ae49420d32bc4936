import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdir, readlink, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { createScratchDatabase, ROOT, runScript, type ScratchDatabase, scratchDir } from "../support/ops";
import { freePort } from "../support/processes";

// Deploys real releases with the real scripts; only the restart is a stand-in for systemd.
let database: ScratchDatabase;
let dir: { path: string; remove(): Promise<void> };
let source: string;
let configFile: string;
let healthUrl: string;
const env = () => ({ DEPLOY_ROOT: join(dir.path, "srv"), APP_ENV_FILE: join(dir.path, "app.env") });

async function copySource(into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  const tar = Bun.spawn(
    [
      "bash",
      "-c",
      `tar -C "$0" --exclude=./node_modules --exclude=./.data --exclude=./.git -cf - . | tar -C "$1" -xf -`,
      ROOT,
      into,
    ],
    { stderr: "inherit" },
  );
  if ((await tar.exited) !== 0) throw new Error("copying the source failed");
}

async function setVersion(version: string): Promise<void> {
  const file = join(source, "package.json");
  const pkg = await Bun.file(file).json();
  await Bun.write(file, `${JSON.stringify({ ...pkg, version }, null, 2)}\n`);
}

async function servedVersion(): Promise<string | null> {
  const response = await fetch(healthUrl).catch(() => null);
  return response?.ok ? ((await response.json()) as { version: string }).version : null;
}

beforeAll(async () => {
  dir = await scratchDir("deploy");
  database = await createScratchDatabase("deploy");
  source = join(dir.path, "source");
  await copySource(source);
  const port = freePort();
  healthUrl = `http://127.0.0.1:${port}/api/health`;
  await writeFile(
    env().APP_ENV_FILE,
    [
      "NODE_ENV=production",
      "APP_ENV=staging",
      "LOG_LEVEL=warn",
      "HOST=127.0.0.1",
      `PORT=${port}`,
      `PUBLIC_URL=http://127.0.0.1:${port}`,
      // The app runs as the app role; migrations and restores use the owner's URL (migrate.env).
      `DATABASE_URL=${database.appUrl}`,
      `REDIS_URL=${process.env.REDIS_URL}`,
      `DATA_DIR=${join(dir.path, "data")}`,
      // Secrets and settings the app requires, as the test environment has them.
      ...Object.entries(process.env)
        .filter(([key]) => /^(SESSION_SECRET|ENCRYPTION_KEYS|BLIND_INDEX_KEY)$/.test(key))
        .map(([key, value]) => `${key}=${value}`),
    ].join("\n"),
  );
  const migrateEnvFile = join(dir.path, "migrate.env");
  await writeFile(migrateEnvFile, `MIGRATE_DATABASE_URL=${database.url}\n`, { mode: 0o600 });
  configFile = join(dir.path, "deploy.env");
  await writeFile(
    configFile,
    [
      `MIGRATE_ENV_FILE=${migrateEnvFile}`,
      `DEPLOY_ROOT=${env().DEPLOY_ROOT}`,
      `APP_ENV_FILE=${env().APP_ENV_FILE}`,
      `RESTART_CMD="${ROOT}/tests/support/release-service.sh restart"`,
      `HEALTH_URL=${healthUrl}`,
      "HEALTH_WAIT=8",
      `BACKUP_DIR=${join(dir.path, "backups")}`,
      "KEEP_RELEASES=3",
    ].join("\n"),
  );
});

afterAll(async () => {
  await runScript(join(ROOT, "tests/support/release-service.sh"), ["stop"], env());
  await database?.drop();
  await dir?.remove();
});

test("a broken release is rolled back by itself and the previous release serves again", async () => {
  await setVersion("1.0.0-release-n");
  const first = await runScript("build-and-deploy.sh", ["--config", configFile, "--source", source], env());
  expect(first.stderr).not.toContain("error:");
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/deployed \S+ in [\d.]+ s/);
  expect(await servedVersion()).toBe("1.0.0-release-n");
  const releaseN = basename(await readlink(join(env().DEPLOY_ROOT, "current")));
  await database.sql`insert into centres (slug, name) values ('before-deploy', 'Written before N+1')`;

  // Release N+1 migrates the database, then cannot start.
  await setVersion("1.0.0-release-n-plus-1");
  await writeFile(
    join(source, "migrations", "9000_broken_release.ts"),
    `import { type Kysely, sql } from "kysely";
export async function up(db: Kysely<unknown>) { await sql\`create table broken_release_marker (id int)\`.execute(db); }
export async function down(db: Kysely<unknown>) { await sql\`drop table broken_release_marker\`.execute(db); }
`,
  );
  const server = join(source, "src", "server.ts");
  await writeFile(server, `throw new Error("release N+1 is broken");\n${await Bun.file(server).text()}`);

  const second = await runScript("build-and-deploy.sh", ["--config", configFile, "--source", source], env());
  console.log(second.stdout.trim() || second.stderr);
  expect(second.code).toBe(1);
  expect(second.stdout).toMatch(new RegExp(`rolled back to ${releaseN} in [\\d.]+ s \\(total [\\d.]+ s\\)`));
  expect(second.stderr).toContain("restoring the pre-deploy backup");

  expect(basename(await readlink(join(env().DEPLOY_ROOT, "current")))).toBe(releaseN);
  expect(await servedVersion()).toBe("1.0.0-release-n");
  const [marker] = await database.sql`select to_regclass('broken_release_marker') as t`;
  expect(marker?.t).toBeNull();
  const kept = await database.sql`select 1 from centres where slug = 'before-deploy'`;
  expect(kept.length).toBe(1);

  const listed = await runScript("rollback.sh", ["--config", configFile, "--list"], env());
  expect(listed.stdout).toContain("failed its health check");
}, 120_000);

test("rollback.sh refuses a release that does not exist and leaves the current one serving", async () => {
  const result = await runScript("rollback.sh", ["--config", configFile, "no-such-release"], env());
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain("no such release");
  expect(await servedVersion()).toBe("1.0.0-release-n");
});
