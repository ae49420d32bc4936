/**
 * Export benchmark (issue 6, acceptance 5): seeds BENCH_EXPORT_ROWS attendance rows (default
 * 10,000) in a fresh bench centre, requests an attendance export the way the page does, lets a
 * real worker process (src/worker.ts) generate it, and prints rows/s and the worker's peak RSS
 * (VmHWM). Started by scripts/bench/pages-export.sh inside scripts/bench.sh, which sets up the
 * database, Redis and storage; stops the worker it starts, and gives up after a deadline.
 */

import { readFileSync } from "node:fs";
import { exportInCentre, requestExport } from "../src/modules/exports";
import { db } from "../src/platform/db";
import type { Actor } from "../src/platform/principal";
import { seedAttendance } from "../tests/support/fixtures";
import { startWorker } from "../tests/support/processes";
import { benchCentre } from "./bench/harness";

const STUDENTS = 100;
const rows = Math.max(STUDENTS, Number(process.env.BENCH_EXPORT_ROWS ?? 10_000));
const DEADLINE_MS = 120_000;

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/** Waits for the export to reach `status`, checking every few milliseconds. */
async function until(actor: Actor, exportId: string, done: (status: string) => boolean): Promise<string> {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const row = await exportInCentre(db, actor.centreId, exportId);
    if (row && done(row.status)) return row.status;
    if (Date.now() > end) throw new Error(`bench-export: export still ${row?.status} after ${DEADLINE_MS} ms`);
    await Bun.sleep(5);
  }
}

async function runExport(actor: Actor, range: { from: string; to: string }) {
  const exportId = await requestExport(actor, { kind: "attendance", ...range });
  await until(actor, exportId, (status) => status !== "queued");
  const started = performance.now();
  const status = await until(actor, exportId, (value) => value === "done" || value === "failed");
  const seconds = (performance.now() - started) / 1000;
  const row = await exportInCentre(db, actor.centreId, exportId);
  if (status !== "done" || !row) throw new Error(`bench-export: the export ${status}: ${row?.error}`);
  return { seconds, rowsWritten: row.rowsWritten };
}

const { actor, tutorId } = await benchCentre("bench-export");
const range = await seedAttendance(
  { id: actor.centreId },
  { id: tutorId },
  {
    students: STUDENTS,
    sessions: Math.ceil(rows / STUDENTS),
  },
);
const worker = startWorker({ LOG_LEVEL: "warn" });
let failed = false;
try {
  // A one-day export first, so the worker has loaded everything before it is measured.
  await runExport(actor, { from: range.from, to: range.from });
  const before = memoryMb(worker.process.pid);
  const result = await runExport(actor, range);
  const after = memoryMb(worker.process.pid);
  const perSecond = Math.round(result.rowsWritten / result.seconds);
  console.log(
    `export (attendance CSV)       ${result.rowsWritten} rows in ${result.seconds.toFixed(2)} s, ${perSecond} rows/s; ` +
      `worker RSS ${before.rss} MB before, peak ${after.peak} MB (VmHWM), ${after.rss} MB after`,
  );
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await worker.stop();
}
// The app's Redis and queue connections would keep the script alive.
process.exit(failed ? 1 : 0);
