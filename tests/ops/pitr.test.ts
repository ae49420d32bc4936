import { afterAll, beforeAll, expect, test } from "bun:test";
import { chown, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { runScript, scratchDir } from "../support/ops";
import { freePort } from "../support/processes";

// A PostgreSQL cluster of its own, archiving WAL to a local pgBackRest repository: the drill
// rewinds the whole cluster, which must never touch the shared test database.
const isRoot = process.getuid?.() === 0;
const osUser = isRoot ? "postgres" : (process.env.USER ?? "postgres");
let dir: { path: string; remove(): Promise<void> };
let pgData: string;
let port: number;
let configFile: string;
let pgBin: string;

function asOsUser(command: string[]): string[] {
  return isRoot ? ["runuser", "-u", "postgres", "--", ...command] : command;
}

function pgCtl(action: "start" | "stop" | "restart"): string {
  const options = `-p ${port} -c listen_addresses='' -c unix_socket_directories='${dir.path}' -c fsync=off`;
  return [
    ...asOsUser([`${pgBin}/pg_ctl`, "-D", pgData, "-l", `${dir.path}/postgres.log`, "-w", "-m", "fast"]),
    "-o",
    `"${options}"`,
    action,
  ].join(" ");
}

async function run(command: string[]): Promise<void> {
  const child = Bun.spawn(command, { stdout: "ignore", stderr: "pipe" });
  if ((await child.exited) !== 0)
    throw new Error(`${command.join(" ")} failed: ${await new Response(child.stderr).text()}`);
}

function connect(): postgres.Sql {
  return postgres({ host: dir.path, port, user: "aetherlearn", database: "postgres", max: 1, onnotice: () => {} });
}

beforeAll(async () => {
  pgBin = `/usr/lib/postgresql/${(await readdir("/usr/lib/postgresql")).sort().at(-1)}/bin`;
  dir = await scratchDir("pitr");
  if (isRoot) await chown(dir.path, ...(await postgresIds()));
  pgData = join(dir.path, "pg");
  port = freePort();
  await run(
    asOsUser([
      `${pgBin}/initdb`,
      "-D",
      pgData,
      "-U",
      "aetherlearn",
      "--auth-local=trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]),
  );
  await run(["bash", "-c", pgCtl("start")]);
  configFile = join(dir.path, "pitr.env");
  await writeFile(
    configFile,
    [
      "PITR_STANZA=drill",
      `PG_DATA=${pgData}`,
      `PG_PORT=${port}`,
      `PG_SOCKET_DIR=${dir.path}`,
      "PG_SUPERUSER=aetherlearn",
      `PG_OS_USER=${osUser}`,
      `PGBACKREST_CONFIG=${dir.path}/pgbackrest.conf`,
      `PGBACKREST_REPO_PATH=${dir.path}/repo`,
      `PGBACKREST_LOG_PATH=${dir.path}/log`,
      "PGBACKREST_CIPHER_PASS=drill-repository-passphrase",
      "ARCHIVE_TIMEOUT=60",
      `PG_STOP_CMD="${pgCtl("stop").replaceAll('"', '\\"')}"`,
      `PG_START_CMD="${pgCtl("start").replaceAll('"', '\\"')}"`,
      `PG_RESTART_CMD="${pgCtl("restart").replaceAll('"', '\\"')}"`,
    ].join("\n"),
  );
}, 60_000);

async function postgresIds(): Promise<[number, number]> {
  const line = (await Bun.file("/etc/passwd").text()).split("\n").find((entry) => entry.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  return [Number(uid), Number(gid)];
}

afterAll(async () => {
  if (dir) {
    await run(["bash", "-c", pgCtl("stop")]).catch(() => {});
    await dir.remove();
  }
}, 30_000);

test("PITR drill: restoring to a noted time brings back exactly the rows written before it", async () => {
  const setup = await runScript("pitr.sh", ["--config", configFile, "setup"], {}, 120_000);
  expect(setup.stderr).toContain("point-in-time recovery is set up");
  expect(setup.code).toBe(0);
  // pgBackRest records when a backup ended to the second: the noted time must fall in a later second.
  const backupEnded = Date.now();
  while (Math.floor(Date.now() / 1000) <= Math.floor(backupEnded / 1000)) await Bun.sleep(20);

  let sql = connect();
  await sql`create table drill (id int primary key, batch text not null)`;
  await sql`insert into drill select n, 'before' from generate_series(1, 5) n`;
  const [{ noted }] = (await sql`select clock_timestamp()::text as noted`) as unknown as [{ noted: string }];
  await sql`insert into drill select n, 'after' from generate_series(6, 10) n`;
  await sql.end();

  // Forces the segment holding the later rows into the repository, as archive_timeout would.
  const check = await runScript("pitr.sh", ["--config", configFile, "check"]);
  expect(check.code).toBe(0);

  const restore = await runScript(
    "pitr.sh",
    ["--config", configFile, "restore", "--time", noted, "--yes"],
    {},
    120_000,
  );
  console.log(restore.stdout.trim() || restore.stderr);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(/restored to .+ and promoted in [\d.]+ s/);

  sql = connect();
  const rows = await sql<{ batch: string; n: number }[]>`select batch, count(*)::int as n from drill group by batch`;
  await sql.end();
  expect([...rows]).toEqual([{ batch: "before", n: 5 }]);
}, 180_000);

test("a restore time in the future is refused without stopping anything", async () => {
  const result = await runScript("pitr.sh", [
    "--config",
    configFile,
    "restore",
    "--time",
    "2999-01-01 00:00:00+00",
    "--yes",
  ]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain("in the future");
  const sql = connect();
  expect((await sql`select 1 as ok`)[0]?.ok).toBe(1);
  await sql.end();
});
