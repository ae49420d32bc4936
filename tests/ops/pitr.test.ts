import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chown, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { Client } from "minio";
import postgres from "postgres";
import { runScript, scratchDir } from "../support/ops";
import { freePort, waitFor } from "../support/processes";

// PostgreSQL clusters of their own, archiving WAL with pgBackRest: the drill rewinds a whole
// cluster, which must never touch the shared test database. One archives to a local repository,
// the other to the off-site one (the second Swift account over S3, as the off-site backups use).
const isRoot = process.getuid?.() === 0;
const osUser = isRoot ? "postgres" : (process.env.USER ?? "postgres");

function asOsUser(command: string[]): string[] {
  return isRoot ? ["runuser", "-u", "postgres", "--", ...command] : command;
}

async function run(command: string[]): Promise<void> {
  const child = Bun.spawn(command, { stdout: "ignore", stderr: "pipe" });
  if ((await child.exited) !== 0)
    throw new Error(`${command.join(" ")} failed: ${await new Response(child.stderr).text()}`);
}

async function postgresIds(): Promise<[number, number]> {
  const line = (await Bun.file("/etc/passwd").text()).split("\n").find((entry) => entry.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  return [Number(uid), Number(gid)];
}

interface Cluster {
  dir: string;
  configFile: string;
  connect(): postgres.Sql;
  stop(): Promise<void>;
}

/** initdb + start on a free port, and pitr.sh's settings for it (plus the repository's). */
async function startCluster(dir: string, repository: string[]): Promise<Cluster> {
  const pgBin = `/usr/lib/postgresql/${(await readdir("/usr/lib/postgresql")).sort().at(-1)}/bin`;
  const pgData = join(dir, "pg");
  const port = freePort();
  const pgCtl = (action: "start" | "stop" | "restart") => {
    const options = `-p ${port} -c listen_addresses='' -c unix_socket_directories='${dir}' -c fsync=off`;
    return [
      ...asOsUser([`${pgBin}/pg_ctl`, "-D", pgData, "-l", `${dir}/postgres.log`, "-w", "-m", "fast"]),
      "-o",
      `"${options}"`,
      action,
    ].join(" ");
  };
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
  const configFile = join(dir, "pitr.env");
  await writeFile(
    configFile,
    [
      "PITR_STANZA=drill",
      `PG_DATA=${pgData}`,
      `PG_PORT=${port}`,
      `PG_SOCKET_DIR=${dir}`,
      "PG_SUPERUSER=aetherlearn",
      `PG_OS_USER=${osUser}`,
      `PGBACKREST_CONFIG=${dir}/pgbackrest.conf`,
      `PGBACKREST_LOG_PATH=${dir}/log`,
      "PGBACKREST_CIPHER_PASS=drill-repository-passphrase",
      "ARCHIVE_TIMEOUT=60",
      `PG_STOP_CMD="${pgCtl("stop").replaceAll('"', '\\"')}"`,
      `PG_START_CMD="${pgCtl("start").replaceAll('"', '\\"')}"`,
      `PG_RESTART_CMD="${pgCtl("restart").replaceAll('"', '\\"')}"`,
      ...repository,
    ].join("\n"),
  );
  return {
    dir,
    configFile,
    connect: () => postgres({ host: dir, port, user: "aetherlearn", database: "postgres", max: 1, onnotice: () => {} }),
    stop: () => run(["bash", "-c", pgCtl("stop")]).catch(() => {}),
  };
}

async function scratchForPostgres(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await scratchDir(prefix);
  if (isRoot) await chown(dir.path, ...(await postgresIds()));
  return dir;
}

/**
 * The PITR drill: a base backup, then rows written in two batches with a noted time between them;
 * restoring to that time brings back the first batch — which only the archived WAL holds — and
 * not the second. Returns the WAL segment that held the first batch.
 */
async function pitrDrill(cluster: Cluster): Promise<string> {
  const setup = await runScript("pitr.sh", ["--config", cluster.configFile, "setup"], {}, 120_000);
  expect(setup.stderr).toContain("point-in-time recovery is set up");
  expect(setup.code).toBe(0);
  // pgBackRest records when a backup ended to the second: the noted time must fall in a later second.
  const backupEnded = Date.now();
  while (Math.floor(Date.now() / 1000) <= Math.floor(backupEnded / 1000)) await Bun.sleep(20);

  let sql = cluster.connect();
  await sql`create table drill (id int primary key, batch text not null)`;
  await sql`insert into drill select n, 'before' from generate_series(1, 5) n`;
  const [{ noted, segment }] = (await sql`select clock_timestamp()::text as noted,
    pg_walfile_name(pg_current_wal_lsn()) as segment`) as unknown as [{ noted: string; segment: string }];
  await sql`insert into drill select n, 'after' from generate_series(6, 10) n`;
  await sql.end();

  // Forces the segment holding the later rows into the repository, as archive_timeout would.
  const check = await runScript("pitr.sh", ["--config", cluster.configFile, "check"]);
  expect(check.code).toBe(0);

  const restore = await runScript(
    "pitr.sh",
    ["--config", cluster.configFile, "restore", "--time", noted, "--yes"],
    {},
    120_000,
  );
  console.log(restore.stdout.trim() || restore.stderr);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(/restored to .+ and promoted in [\d.]+ s/);

  sql = cluster.connect();
  const rows = await sql<{ batch: string; n: number }[]>`select batch, count(*)::int as n from drill group by batch`;
  await sql.end();
  expect([...rows]).toEqual([{ batch: "before", n: 5 }]);
  return segment;
}

describe("PITR with a local pgBackRest repository", () => {
  let dir: { path: string; remove(): Promise<void> };
  let cluster: Cluster;
  beforeAll(async () => {
    dir = await scratchForPostgres("pitr");
    cluster = await startCluster(dir.path, [`PGBACKREST_REPO_PATH=${dir.path}/repo`]);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await dir?.remove();
  }, 30_000);

  test("PITR drill: restoring to a noted time brings back exactly the rows written before it", async () => {
    await pitrDrill(cluster);
  }, 180_000);

  test("a restore time in the future is refused without stopping anything", async () => {
    const result = await runScript("pitr.sh", [
      "--config",
      cluster.configFile,
      "restore",
      "--time",
      "2999-01-01 00:00:00+00",
      "--yes",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("in the future");
    const sql = cluster.connect();
    expect((await sql`select 1 as ok`)[0]?.ok).toBe(1);
    await sql.end();
  });
});

describe("PITR with WAL archived off-site (second Swift account over S3)", () => {
  let dir: { path: string; remove(): Promise<void> };
  let cluster: Cluster;
  let tlsFront: Subprocess;
  let offsite: Client;
  const bucket = `pitr-${crypto.randomUUID().slice(0, 8)}`;

  /** The off-site account's S3 keys (scripts/lib/swift.sh). */
  async function offsiteCredentials(): Promise<{ access: string; secret: string }> {
    const result = await runScript("bash", [
      "-c",
      'source scripts/lib/common.sh; source scripts/lib/swift.sh; echo "$SWIFT_OFFSITE_S3_ACCESS_KEY $SWIFT_OFFSITE_S3_SECRET_KEY"',
    ]);
    const [access = "", secret = ""] = result.stdout.trim().split(" ");
    return { access, secret };
  }

  /**
   * pgBackRest speaks S3 over HTTPS only, and the test Swift over HTTP: nginx terminates TLS in
   * front of it with a certificate for "localhost" that pgBackRest verifies (PGBACKREST_S3_CA_FILE).
   */
  async function startTlsFront(upstream: string, port: number): Promise<Subprocess> {
    const front = join(dir.path, "tls-front");
    await mkdir(join(front, "tmp"), { recursive: true });
    await run([
      "openssl",
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
      "-keyout",
      join(front, "key.pem"),
      "-out",
      join(front, "cert.pem"),
    ]);
    const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
      .map((kind) => `  ${kind}_temp_path ${front}/tmp;`)
      .join("\n");
    await writeFile(
      join(front, "nginx.conf"),
      `${isRoot ? "user root;" : ""}
daemon off;
worker_processes 1;
pid ${front}/nginx.pid;
error_log ${front}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${front}/access.log;
${temps}
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${front}/cert.pem;
    ssl_certificate_key ${front}/key.pem;
    client_max_body_size 0;
    proxy_request_buffering off;
    location / {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
    }
  }
}
`,
    );
    if (isRoot) await chown(join(front, "cert.pem"), ...(await postgresIds()));
    return spawn(["/usr/sbin/nginx", "-p", front, "-c", join(front, "nginx.conf")], { stderr: "inherit" });
  }

  beforeAll(async () => {
    dir = await scratchForPostgres("pitr-offsite");
    const endpoint = new URL(process.env.S3_ENDPOINT as string);
    const { access, secret } = await offsiteCredentials();
    expect(access).toBe("offsite:backup");
    offsite = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: false,
      accessKey: access,
      secretKey: secret,
      region: "us-east-1",
      pathStyle: true,
    });
    await offsite.makeBucket(bucket, "us-east-1");
    const port = freePort();
    tlsFront = await startTlsFront(endpoint.origin, port);
    await waitFor(
      async () => (await runScript("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`])).code === 0,
      10_000,
      "the TLS front",
    );
    cluster = await startCluster(dir.path, [
      "PGBACKREST_REPO_TYPE=s3",
      "PGBACKREST_S3_ENDPOINT=localhost",
      `PGBACKREST_S3_PORT=${port}`,
      `PGBACKREST_S3_CA_FILE=${join(dir.path, "tls-front/cert.pem")}`,
      `PGBACKREST_S3_BUCKET=${bucket}`,
      "PGBACKREST_S3_REGION=us-east-1",
      `PGBACKREST_S3_KEY=${access}`,
      `PGBACKREST_S3_KEY_SECRET=${secret}`,
    ]);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    tlsFront?.kill();
    if (offsite) {
      const names: string[] = [];
      for await (const object of offsite.listObjectsV2(bucket, "", true)) if (object.name) names.push(object.name);
      await offsite.removeObjects(bucket, names).catch(() => {});
      await offsite.removeBucket(bucket).catch(() => {});
    }
    await dir?.remove();
  }, 60_000);

  test("a WAL segment written after the base backup reaches the off-site bucket, and the PITR drill restores from it", async () => {
    const segment = await pitrDrill(cluster);
    // pgBackRest's archive layout: archive/<stanza>/<version>-1/<first 16 of the name>/<name>-<sha1>.<ext>.
    const archived: string[] = [];
    for await (const object of offsite.listObjectsV2(bucket, "pgbackrest/archive/drill/", true)) {
      if (object.name) archived.push(object.name.split("/").at(-1) as string);
    }
    expect(archived.some((name) => name.startsWith(`${segment}-`))).toBe(true);
  }, 180_000);
});
