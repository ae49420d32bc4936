/**
 * Markbook benchmark (issue 15, acceptance 1): a fresh bench centre with a 30-student class and
 * 40 homework (every submission in a mix of states), then wrk at BENCH_MARKBOOK_CONNECTIONS
 * connections (default 20) for BENCH_SECONDS against its tutor's /classes/:id/markbook, signed in.
 * Prints req/s and p50/p95/p99, and whether p95 is under 100 ms. Started by
 * scripts/bench/pages-markbook.sh inside scripts/bench.sh, which runs the database, Redis and the
 * web process (at PORT); the bench centre's rows stay in the throw-away bench database.
 */

import { join } from "node:path";
import { redis } from "../src/platform/redis";
import { createCentre, markbookClass, signedInAs } from "../tests/support/fixtures";

const STUDENTS = 30;
const HOMEWORK = 40;
const P95_BUDGET_MS = 100;
const connections = Number(process.env.BENCH_MARKBOOK_CONNECTIONS ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const base = `http://127.0.0.1:${process.env.PORT ?? 3990}`;

const centre = await createCentre({ label: "bench-markbook" });
const { classId } = await markbookClass(centre, { students: STUDENTS, homework: HOMEWORK, label: "bench" });
const { cookie } = await signedInAs(centre.people.tutor);
const path = `/classes/${classId}/markbook`;
const check = await fetch(`${base}${path}`, { headers: { cookie } });
if (check.status !== 200) throw new Error(`bench-markbook: ${path} answered ${check.status}`);

const wrk = Bun.spawn(
  [
    "wrk",
    "-t",
    "2",
    "-c",
    String(connections),
    "-d",
    `${seconds}s`,
    "--timeout",
    "5s",
    "-H",
    `Cookie: ${cookie}`,
    "-H",
    "Accept-Encoding: br, gzip",
    "-s",
    join(import.meta.dir, "bench/wrk-report.lua"),
    `${base}${path}`,
  ],
  { stdout: "pipe", stderr: "inherit" },
);
const report = (await new Response(wrk.stdout).text()).trim().split("\n").at(-1) ?? "";
await wrk.exited;
const p95 = Number(/p95=([\d.]+)ms/.exec(report)?.[1] ?? Number.NaN);
console.log(`markbook ${STUDENTS} students × ${HOMEWORK} homework, ${connections} connections: ${report}`);
console.log(
  `markbook p95 ${p95.toFixed(2)} ms: ${p95 < P95_BUDGET_MS ? "under" : "OVER"} the ${P95_BUDGET_MS} ms budget`,
);
redis.disconnect();
process.exit(0);
