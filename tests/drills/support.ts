import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { db } from "../../src/platform/db";
import { type Centre, createCentre, demoCourse, setHomework } from "../support/fixtures";
import { freePort } from "../support/processes";

const ROOT = join(import.meta.dir, "../..");

/**
 * Where a drill's nodes live: scripts/test.sh names a folder of the run's own (DRILL_NODES_DIR)
 * and stops whatever is left there when it ends; run by hand, the system's temporary folder.
 */
function nodesDir(kind: string): string {
  return mkdtempSync(join(process.env.DRILL_NODES_DIR || tmpdir(), `aetherlearn-drill-${kind}-`));
}

/**
 * Everything a drill started, stopped newest first by its afterAll — also when its beforeAll
 * failed half-way, which a destructured Promise.all would leave unassigned and running.
 */
export class Started {
  private readonly stops: (() => Promise<unknown>)[] = [];

  add<Thing extends { stop(): Promise<unknown> }>(thing: Thing): Thing {
    this.stops.push(() => thing.stop());
    return thing;
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) {
      await stop().catch((error) => console.error("drill: stopping a node failed", error));
    }
  }
}

/** Runs a start script; if it fails part-way, runs the stop script for what it had started, then throws. */
async function startOrUndo(start: string, undo: string, env: Record<string, string> = {}): Promise<string> {
  try {
    return await clusterShell(start, env);
  } catch (error) {
    await clusterShell(undo).catch(() => "");
    throw error;
  }
}

/** Runs a function of scripts/lib/cluster.sh (the same code scripts/cluster.sh runs); returns its stdout. */
async function clusterShell(script: string, env: Record<string, string> = {}): Promise<string> {
  const child = Bun.spawn(
    ["bash", "-c", `set -e; source scripts/lib/common.sh; source scripts/lib/cluster.sh; ${script}`],
    { cwd: ROOT, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" },
  );
  const [out, err] = [await new Response(child.stdout).text(), await new Response(child.stderr).text()];
  if ((await child.exited) !== 0) throw new Error(`cluster shell failed: ${script}\n${err}`);
  return out.trim();
}

export interface RedisHa {
  sentinels: string;
  /** The port the Sentinels name as primary now. */
  primaryPort(): Promise<number>;
  /** kill -9 of the Redis node on that port. */
  killNode(port: number): Promise<void>;
  stop(): Promise<void>;
}

/** Redis primary + replica + 3 Sentinels on free ports, failing over after ~1 s of silence. */
export async function startRedisHa(): Promise<RedisHa> {
  const dir = nodesDir("redis");
  const [primary, replica, ...sentinelPorts] = [freePort(), freePort(), freePort(), freePort(), freePort()];
  const nodes = new Map([
    [primary as number, join(dir, "primary/redis.pid")],
    [replica as number, join(dir, "ha/replica/redis.pid")],
  ]);
  const timings = { SENTINEL_DOWN_MS: "1000", SENTINEL_FAILOVER_MS: "3000" };
  const stopAll = `stop_redis_ha ${dir}/ha; stop_pidfile ${dir}/primary/redis.pid`;
  const sentinels = await startOrUndo(
    `start_redis_node ${dir}/primary ${primary} >&2; start_redis_ha ${dir}/ha ${primary} ${replica} ${sentinelPorts.join(" ")}`,
    stopAll,
    timings,
  );
  const sentinelPort = sentinelPorts[0] as number;
  return {
    sentinels,
    async primaryPort() {
      return Number(await clusterShell(`redis_primary_port ${sentinelPort}`));
    },
    async killNode(port) {
      const pid = Number(await Bun.file(nodes.get(port) as string).text());
      process.kill(pid, "SIGKILL");
    },
    async stop() {
      await clusterShell(stopAll);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DrillCentre {
  fixture: Centre;
  /** Homework set to the 13+ student, one per planned hand-in. */
  homeworkIds: string[];
  /** Sets one more piece of homework to the 13+ student (who is then notified by the worker). */
  assign(): Promise<string>;
}

/** A centre with the demo course and classes and `count` pieces of homework for the older student. */
export async function drillCentre(label: string, count: number): Promise<DrillCentre> {
  const fixture = await createCentre({ label, timeZone: "Europe/London" });
  const work = await demoCourse(fixture);
  await db
    .updateTable("classes")
    .set({ tutor_id: fixture.people.tutor.id })
    .where("centre_id", "=", fixture.id)
    .execute();
  let n = 0;
  const assign = () => setHomework(fixture, work, `Drill homework ${++n}`);
  const homeworkIds: string[] = [];
  for (let i = 0; i < count; i++) homeworkIds.push(await assign());
  return { fixture, homeworkIds, assign };
}

/** Each hand-in event of the centre: how many handler runs were recorded for it (0 = lost). */
export async function handInEvents(centreId: string): Promise<{ events: number; lost: number; duplicated: number }> {
  const { rows } = await sql<{ id: string; handled: string; distinct_handlers: string }>`
    select o.id::text as id, count(h.handler) as handled, count(distinct h.handler) as distinct_handlers
    from outbox_events o left join handled_events h on h.event_id = o.id
    where o.centre_id = ${centreId} and o.type = 'submission.submitted'
    group by o.id`.execute(db);
  return {
    events: rows.length,
    lost: rows.filter((row) => Number(row.handled) === 0).length,
    duplicated: rows.filter((row) => Number(row.handled) > Number(row.distinct_handlers)).length,
  };
}

/** Requests and their outcomes over a drill, for the printed figures. */
export class TrafficLog {
  readonly entries: { at: number; ok: boolean; what: string }[] = [];

  record(what: string, ok: boolean): void {
    this.entries.push({ at: Date.now(), ok, what });
  }

  get failures(): number {
    return this.entries.filter((entry) => !entry.ok).length;
  }

  /** From `since`, how long until requests succeeded again for good (0 when none failed). */
  recoveryMs(since: number): number {
    const lastFailure = this.entries.filter((entry) => !entry.ok && entry.at >= since).at(-1);
    if (!lastFailure) return 0;
    const nextSuccess = this.entries.find((entry) => entry.ok && entry.at > lastFailure.at);
    return (nextSuccess?.at ?? Date.now()) - since;
  }
}

export interface ClusterNginx {
  url: string;
  stop(): Promise<void>;
}

/** nginx as scripts/cluster.sh runs it (shipped site + cluster upstream) in front of the given web ports. */
export async function startClusterNginx(webPorts: number[], port = freePort()): Promise<ClusterNginx> {
  const dir = nodesDir("nginx");
  const stop = `stop_pidfile ${dir}/nginx/nginx.pid QUIT`;
  await startOrUndo(
    `source scripts/lib/cluster-nodes.sh; CLUSTER_DIR=${dir}; NGINX_PORT=${port}; WEB_PORTS=(${webPorts.join(" ")}); start_nginx >&2`,
    stop,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await clusterShell(stop);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An SSE client that behaves like a browser's EventSource: when the stream ends it reconnects,
 * sending Last-Event-ID, and keeps every frame it received (ids in order, with repeats).
 */
export class ResilientStream {
  readonly ids: string[] = [];
  /** The status of each connection attempt, for the drill's report when something is off. */
  readonly statuses: number[] = [];
  /** Frames of any kind received (the first, the unread count, comes once the stream is subscribed). */
  frames = 0;
  reconnects = 0;
  private lastId: string | null = null;
  private stopped = false;
  private abort = new AbortController();

  constructor(
    private readonly url: string,
    private readonly cookie: string,
  ) {
    void this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.abort = new AbortController();
        const headers: Record<string, string> = { cookie: this.cookie, accept: "text/event-stream" };
        if (this.lastId) headers["last-event-id"] = this.lastId;
        const response = await fetch(this.url, { headers, signal: this.abort.signal });
        this.statuses.push(response.status);
        if (response.ok && response.body) await this.read(response.body);
      } catch {
        // The node went away mid-stream, or close(): reconnect below unless stopped.
      }
      if (this.stopped) return;
      this.reconnects++;
      await Bun.sleep(200);
    }
  }

  private async read(body: NonNullable<Response["body"]>): Promise<void> {
    let buffer = "";
    for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        this.frames++;
        const id = /^id: (.+)$/m.exec(buffer.slice(0, end))?.[1];
        if (id) {
          this.ids.push(id);
          this.lastId = id;
        }
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
  }

  close(): void {
    this.stopped = true;
    this.abort.abort();
  }
}

export interface PostgresPair {
  /** libpq-style multi-host address: whichever node takes writes (target_session_attrs=read-write). */
  url: string;
  primaryPort: number;
  replicaPort: number;
  /** pg_ctl stop -m fast of the primary, then pg_ctl promote of the replica. */
  stopPrimaryAndPromote(): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh PostgreSQL primary and its streaming replica (pg_basebackup -R), as scripts/cluster.sh makes them. */
export async function startPostgresPair(): Promise<PostgresPair> {
  const dir = nodesDir("pg");
  chmodSync(dir, 0o755);
  const [primaryPort, replicaPort] = [freePort(), freePort()];
  const user = "aetherlearn";
  const password = "drill-password";
  const stopBoth = `stop_postgres ${dir}/primary; stop_postgres ${dir}/replica`;
  await startOrUndo(
    `start_postgres ${dir}/primary ${primaryPort} ${user} ${password} >&2; ` +
      `create_database ${primaryPort} ${user} ${password} drill; ` +
      `start_postgres_replica ${primaryPort} ${user} ${password} ${dir}/replica ${replicaPort} >&2`,
    stopBoth,
  );
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${primaryPort},127.0.0.1:${replicaPort}/drill?target_session_attrs=read-write`,
    primaryPort,
    replicaPort,
    async stopPrimaryAndPromote() {
      await clusterShell(
        `stop_postgres ${dir}/primary; as_pg_owner "$(pg_bin)/pg_ctl" -D ${dir}/replica -w promote >&2`,
      );
    },
    async stop() {
      await clusterShell(stopBoth);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
