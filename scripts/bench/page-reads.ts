/**
 * bun scripts/bench/page-reads.ts [--slug S] [--people N] [--only REGEX]
 *
 * What one page view of the concurrent-users scenario costs (issue 17, docs/performance.md
 * "page-reads"), in process against a centre the users benchmark seeded (`users-…`, left in
 * .data/bench; start PostgreSQL and Redis on the bench ports again and use the bench's
 * environment). For each page the scenario's people view, over N people of the role:
 *   cold — every cached value of the centre made stale first (what a view costs after a write
 *          to what it shows: in the scenario most dashboard views, since each person looks at
 *          their own page once or twice a minute and their own writes mark it stale);
 *   warm — the same view again at once (a cache hit where the page has one).
 * Per view: SQL statements, Redis commands, PostgreSQL execution ms (EXPLAIN ANALYZE of the cold
 * view's SELECTs, run again afterwards), and the process's CPU ms (user + system).
 */

import { parseArgs } from "node:util";
import type { Command } from "ioredis";
import type { CompiledQuery } from "kysely";
import { createApp } from "../../src/app";
import { invalidateCentreCache } from "../../src/platform/cache";
import { db } from "../../src/platform/db";
import { listenToQueries } from "../../src/platform/db/instrumented-dialect";
import type { Role } from "../../src/platform/db/schema";
import { SESSION_COOKIE } from "../../src/platform/http/authenticate";
import { redis } from "../../src/platform/redis";
import { createSession } from "../../src/platform/session/store";
import { signSessionToken } from "../../src/platform/session/tokens";

const { values } = parseArgs({
  options: {
    slug: { type: "string" },
    people: { type: "string" },
    only: { type: "string" },
    detail: { type: "boolean" },
    plans: { type: "boolean" },
  },
  strict: true,
});
const PEOPLE = Number(values.people ?? 8);
const only = values.only ? new RegExp(values.only) : null;
const ORIGIN = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";

const PAGES: Record<"student" | "parent" | "tutor", string[]> = {
  student: ["/home", "/my-homework", "/leaderboards"],
  parent: ["/home", "/notifications"],
  tutor: ["/home", "/marking", "/classes"],
};

const centre = await db
  .selectFrom("centres")
  .select(["id", "slug"])
  .where("slug", "like", values.slug ?? "users-%")
  .orderBy("slug")
  .executeTakeFirstOrThrow();

async function cookiesOf(role: Role): Promise<string[]> {
  const people = await db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("centre_id", "=", centre.id)
    .where("role", "=", role)
    .orderBy("name")
    .limit(PEOPLE)
    .execute();
  const cookies: string[] = [];
  for (const person of people) {
    const session = await createSession(redis, {
      userId: person.id,
      centreId: centre.id,
      actingCentreId: null,
      role: person.role,
      name: person.name,
      locale: null,
      ip: "127.0.0.1",
      userAgent: "page-reads",
    });
    cookies.push(`${SESSION_COOKIE}=${await signSessionToken(session.id)}`);
  }
  return cookies;
}

interface Cost {
  statements: number;
  redis: number;
  cpuMs: number;
  selects: CompiledQuery[];
}

const app = createApp();

/** One view, with what it sent to PostgreSQL and Redis and the CPU it took. */
async function view(path: string, cookie: string): Promise<Cost> {
  const selects: Cost["selects"] = [];
  let statements = 0;
  let commands = 0;
  const stop = listenToQueries((event) => {
    statements += 1;
    if (/^\s*(select|with)\b/i.test(event.query.sql)) selects.push(event.query);
  });
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Command, stream?: unknown) => {
    commands += 1;
    return original(command, stream as never);
  }) as typeof redis.sendCommand;
  const before = process.cpuUsage();
  try {
    const response = await app.handle(new Request(`${ORIGIN}${path}`, { headers: { cookie } }));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  } finally {
    redis.sendCommand = original;
    stop();
  }
  const used = process.cpuUsage(before);
  return { statements, redis: commands, cpuMs: (used.user + used.system) / 1000, selects };
}

/** PostgreSQL's execution time of the statements, run again under EXPLAIN ANALYZE (--detail: each one). */
async function serverMs(selects: Cost["selects"], detail = false): Promise<number> {
  let total = 0;
  for (const query of selects) {
    const { rows } = await db.executeQuery<{ "QUERY PLAN": { "Execution Time": number; "Planning Time": number }[] }>({
      ...query,
      sql: `explain (analyze, format json) ${query.sql}`,
    });
    const plan = rows[0]?.["QUERY PLAN"][0];
    const ms = (plan?.["Execution Time"] ?? 0) + (plan?.["Planning Time"] ?? 0);
    if (detail) console.log(`    ${ms.toFixed(2).padStart(6)} ms  ${query.sql.replace(/\s+/g, " ").slice(0, 150)}`);
    if (detail && values.plans) {
      const text = await db.executeQuery<{ "QUERY PLAN": string }>({
        ...query,
        sql: `explain (analyze, buffers) ${query.sql}`,
      });
      console.log(`${query.sql}\n${text.rows.map((row) => `      ${row["QUERY PLAN"]}`).join("\n")}`);
    }
    total += ms;
  }
  return total;
}

const mean = (list: number[]) => list.reduce((sum, n) => sum + n, 0) / Math.max(1, list.length);
const fixed = (n: number, width = 6) => n.toFixed(1).padStart(width);

console.log(
  `page-reads: ${centre.slug}, ${PEOPLE} people per role; per view: statements, Redis commands, PostgreSQL ms (execution + planning), web CPU ms`,
);
console.log(`${"page".padEnd(26)} ${"cold: sql redis  pg ms cpu ms".padEnd(34)} warm: sql redis cpu ms`);
for (const [role, pages] of Object.entries(PAGES) as [Role, string[]][]) {
  const cookies = await cookiesOf(role);
  for (const path of pages) {
    const name = `${path} (${role})`;
    if (only && !only.test(name)) continue;
    // Once each to settle the process (compiled templates, the centre kept, connections open).
    for (const cookie of cookies) await view(path, cookie);
    const cold: Cost[] = [];
    const warm: Cost[] = [];
    for (const cookie of cookies) {
      await invalidateCentreCache(redis, centre.id);
      cold.push(await view(path, cookie));
      warm.push(await view(path, cookie));
    }
    const pg: number[] = [];
    for (const [index, cost] of cold.entries()) pg.push(await serverMs(cost.selects, values.detail && index === 0));
    console.log(
      `${name.padEnd(26)} ${fixed(mean(cold.map((c) => c.statements)), 11)} ${fixed(mean(cold.map((c) => c.redis)), 5)} ${fixed(mean(pg))} ${fixed(mean(cold.map((c) => c.cpuMs)))}     ${fixed(mean(warm.map((c) => c.statements)), 6)} ${fixed(mean(warm.map((c) => c.redis)), 5)} ${fixed(mean(warm.map((c) => c.cpuMs)))}`,
    );
  }
}
await db.destroy();
redis.disconnect();
