/**
 * bun scripts/bench/scale-reads.ts [--small N] [--large N] [--only REGEX] [--times N] [--plan cached|generic|custom] [--statements]
 *
 * The scale benchmark's pages measured by what load does not distort (issue 17, acceptance 1):
 * for every tutor and student page of scripts/bench/scale-pages.ts, in the small and the large
 * scale centre (scripts/bench/scale-seed.ts, already seeded: `BENCH_SCALE_SEED_ONLY=1
 * ./scripts/bench.sh scale` leaves them in .data/bench), each page is requested in process twice
 * (the second as the benchmark's steady state, caches warm) and every SELECT the second request
 * sent is run again under EXPLAIN (ANALYZE, FORMAT JSON): the rows each table gave up (returned +
 * removed by filters, times loops; a bitmap index scan counts every entry it read). Prints per
 * page the statements and rows read in each centre and their ratio; a page keyed by its viewer's
 * own work reads about the same in both. By default each statement is explained as the web
 * process runs it all day (`--plan cached`: prepared, run five times, then the plan PostgreSQL's
 * plan cache keeps, often the generic one); `--plan custom` explains it planned for its values,
 * `--plan generic` forces the plan made without them (src/platform/db/rows-read.ts).
 * `--statements` also prints every statement's rows per table in both centres.
 */

import { parseArgs } from "node:util";
import { createApp } from "../../src/app";
import { db } from "../../src/platform/db";
import { type PlanChoice, rowsReadBy, selectsOf } from "../../src/platform/db/rows-read";
import type { Role } from "../../src/platform/db/schema";
import { SESSION_COOKIE } from "../../src/platform/http/authenticate";
import { redis } from "../../src/platform/redis";
import { createSession } from "../../src/platform/session/store";
import { signSessionToken } from "../../src/platform/session/tokens";

const { values } = parseArgs({
  options: {
    small: { type: "string" },
    large: { type: "string" },
    only: { type: "string" },
    times: { type: "string" },
    plan: { type: "string" },
    statements: { type: "boolean" },
  },
  strict: true,
});
const SMALL = Number(values.small ?? 400);
const LARGE = Number(values.large ?? 4000);
const only = values.only ? new RegExp(values.only) : null;
/** Requests per page and centre for the median time (one at a time, the two centres alternately). */
const TIMES = Number(values.times ?? 15);
const PLANS: PlanChoice[] = ["cached", "generic", "custom"];
const plan = (values.plan ?? "cached") as PlanChoice;
if (!PLANS.includes(plan)) {
  console.error(`--plan: one of ${PLANS.join(", ")}`);
  process.exit(2);
}
const ORIGIN = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";

async function cookieFor(slug: string, role: Role | "HEAD"): Promise<string> {
  const centre = await db.selectFrom("centres").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  const query = db.selectFrom("users").select(["id", "name", "role"]).where("centre_id", "=", centre.id);
  const person = await (role === "student"
    ? query.where("student_code", "=", "SC00001")
    : role === "HEAD"
      ? query.where("role", "=", "head_tutor")
      : query.where("role", "=", "tutor").where("name", "=", "Tutor 0001")
  ).executeTakeFirstOrThrow();
  const session = await createSession(redis, {
    userId: person.id,
    centreId: centre.id,
    actingCentreId: null,
    role: person.role,
    name: person.name,
    locale: null,
    ip: "127.0.0.1",
    userAgent: "scale-reads",
  });
  return `${SESSION_COOKIE}=${await signSessionToken(session.id)}`;
}

interface Reads {
  status: number;
  statements: number;
  rows: number;
  worst: string;
  /** Each statement's rows per table and its first words. */
  each: string[];
}

const app = createApp();

async function readsOf(path: string, cookie: string): Promise<Reads> {
  const request = () => app.handle(new Request(`${ORIGIN}${path}`, { headers: { cookie } }));
  await (await request()).arrayBuffer();
  let status = 0;
  const queries = await selectsOf(async () => {
    const response = await request();
    await response.arrayBuffer();
    status = response.status;
  });
  let rows = 0;
  let worst = { rows: -1, what: "" };
  const each: string[] = [];
  for (const query of queries) {
    const reads = await rowsReadBy(db, query, plan);
    const sum = Object.values(reads).reduce((total, n) => total + n, 0);
    rows += sum;
    each.push(`${String(sum).padStart(6)} ${JSON.stringify(reads)} :: ${query.sql.replace(/\s+/g, " ").slice(0, 80)}`);
    if (sum > worst.rows) {
      const tables = Object.entries(reads)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, n]) => `${name} ${n}`)
        .join(", ");
      worst = { rows: sum, what: `${tables} :: ${query.sql.replace(/\s+/g, " ").slice(0, 90)}` };
    }
  }
  return { status, statements: queries.length, rows, worst: worst.what, each };
}

/**
 * The median wall time of one request in process, the two centres' pages alternately (load hits
 * both alike), and the web process's CPU per request (user + system: what waiting for a core does
 * not add to).
 */
async function medianTimes(smallPath: string, smallCookie: string, largePath: string, largeCookie: string) {
  const times: [number[], number[]] = [[], []];
  const cpu = [0, 0];
  const once = async (path: string, cookie: string, into: 0 | 1) => {
    const started = performance.now();
    const before = process.cpuUsage();
    await (await app.handle(new Request(`${ORIGIN}${path}`, { headers: { cookie } }))).arrayBuffer();
    const used = process.cpuUsage(before);
    cpu[into] = (cpu[into] ?? 0) + (used.user + used.system) / 1000;
    times[into].push(performance.now() - started);
  };
  for (let n = 0; n < TIMES; n += 1) {
    await once(smallPath, smallCookie, 0);
    await once(largePath, largeCookie, 1);
  }
  const median = (list: number[]) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)] ?? 0;
  return {
    ms: [median(times[0]), median(times[1])] as const,
    cpu: [(cpu[0] ?? 0) / TIMES, (cpu[1] ?? 0) / TIMES] as const,
  };
}

async function pagesOf(slug: string): Promise<string[]> {
  const listed = Bun.spawnSync(["bun", "scripts/bench/scale-pages.ts", "--slug", slug], { env: process.env });
  if (listed.exitCode !== 0) {
    console.error(`scale-reads: the page list of ${slug} failed: ${listed.stderr.toString()}`);
    process.exit(1);
  }
  return ["/marking (head tutor)|/marking|HEAD", ...listed.stdout.toString().trim().split("\n")];
}

const small = await pagesOf(`scale-${SMALL}`);
const large = await pagesOf(`scale-${LARGE}`);
const cookies: Record<string, string> = {};
for (const [n, who] of [SMALL, LARGE].flatMap((n) => (["TUTOR", "STUDENT", "HEAD"] as const).map((w) => [n, w]))) {
  cookies[`${who}${n}`] = await cookieFor(
    `scale-${n}`,
    who === "TUTOR" ? "tutor" : who === "STUDENT" ? "student" : "HEAD",
  );
}

/** Pages that did not answer 200 in both centres: acceptance 1 is about every page, so the run fails. */
const unopened: string[] = [];
console.log(
  `scale-reads: per page, centre of ${SMALL} then ${LARGE} students: SELECTs, rows read (${plan} plans), web CPU ms per request, median wall ms (${TIMES} each)`,
);
for (const [index, line] of small.entries()) {
  const [route, smallPath, who] = line.split("|") as [string, string, string];
  const largePath = large[index]?.split("|")[1] ?? "";
  const name = who === "STUDENT" ? `${route} (student)` : route;
  if (only && !only.test(name)) continue;
  const a = await readsOf(smallPath, cookies[`${who}${SMALL}`] as string);
  const b = await readsOf(largePath, cookies[`${who}${LARGE}`] as string);
  if (a.status !== 200 || b.status !== 200) {
    unopened.push(`${name} (${a.status} / ${b.status})`);
    continue;
  }
  const { ms, cpu } = await medianTimes(
    smallPath,
    cookies[`${who}${SMALL}`] as string,
    largePath,
    cookies[`${who}${LARGE}`] as string,
  );
  const ratio = a.rows > 0 ? b.rows / a.rows : 0;
  const times = (pair: readonly [number, number]) =>
    `${pair[0].toFixed(1).padStart(6)} ${pair[1].toFixed(1).padStart(6)} ${(pair[0] > 0 ? pair[1] / pair[0] : 0).toFixed(2)}x`;
  console.log(
    `${name.padEnd(44)} ${String(a.statements).padStart(3)} / ${String(b.statements).padEnd(3)} rows ${String(a.rows).padStart(7)} ${String(b.rows).padStart(8)} ${ratio.toFixed(2).padStart(6)}x  cpu ms ${times(cpu)}  wall ms ${times(ms)}${ratio > 1.3 ? "  (rows over 1.3x)" : ""}`,
  );
  if (ratio > 1.3) console.log(`    worst at ${LARGE}: ${b.worst}`);
  if (values.statements)
    for (const [centre, reads] of [
      [SMALL, a],
      [LARGE, b],
    ] as const)
      for (const line of reads.each) console.log(`    ${centre} ${line}`);
}
if (unopened.length > 0) {
  console.log(`scale-reads: ${unopened.length} pages not measured: ${unopened.join(", ")}`);
  process.exitCode = 1;
}
await db.destroy();
redis.disconnect();
