import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import { createApp } from "../../src/app";
import { requestExport } from "../../src/modules/exports/service";
import { closePaperQueue } from "../../src/modules/paper/jobs";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import { trustedCentreId } from "../../src/platform/tenancy";
import {
  type Centre,
  createCentre,
  type PaperWorksheet,
  paperWorksheet,
  seedAttendance,
  signedInAs,
} from "../support/fixtures";
import { startWorker, waitFor } from "../support/processes";

/**
 * Drill 4 (issue 19): kill -9 the worker in the middle of a CSV export and in the middle of a scan
 * import; a fresh worker finishes each job, once. Job locks of 2 s, so the dead worker's job is
 * taken back within seconds. Runs with the whole suite, or alone: ./scripts/test.sh ./tests/drills/worker-kill.drill.ts
 */
const app = createApp();
const ORIGIN = "http://localhost";
const env = { QUEUE_LOCK_SECONDS: "2" };
const workers: ReturnType<typeof startWorker>[] = [];

function worker() {
  const started = startWorker(env);
  workers.push(started);
  return started;
}

afterAll(async () => {
  await Promise.all(workers.map((running) => running.stop()));
  await closePaperQueue();
});

async function killMidway(victim: ReturnType<typeof worker>, midway: () => Promise<boolean>, what: string) {
  // Generous: a worker starting on a loaded machine takes a while to pick the job up.
  await waitFor(midway, 120_000, what);
  const killedAt = Date.now();
  victim.process.kill("SIGKILL");
  await victim.process.exited;
  return killedAt;
}

describe("drill: the worker is killed mid-job", () => {
  let exportCentre: Centre;
  let range: { from: string; to: string };
  let paper: PaperWorksheet;

  beforeAll(async () => {
    [exportCentre, paper] = await Promise.all([
      createCentre({ label: "drill-export" }),
      createCentre({ label: "drill-scan" }).then((centre) => paperWorksheet(centre, "drill-scan")),
    ]);
    range = await seedAttendance(exportCentre, exportCentre.people.tutor, { students: 100, sessions: 300 });
  }, 180_000);

  test("an export killed mid-way completes after the restart, once", async () => {
    const centreId = trustedCentreId(exportCentre.id);
    const admin = exportCentre.people.centre_admin;
    const exportId = await requestExport(
      await actorInCentre({ userId: admin.id, role: "centre_admin", name: admin.name }, centreId, {
        ip: "127.0.0.1",
        userAgent: "drill",
        requestId: crypto.randomUUID(),
      }),
      { kind: "attendance", ...range },
    );
    const row = () => db.selectFrom("exports").where("id", "=", exportId).selectAll().executeTakeFirstOrThrow();
    const killedAt = await killMidway(
      worker(),
      async () => {
        const current = await row();
        return current.status === "running" && current.rows_written > 0;
      },
      "the export to be half written",
    );
    const writtenAtKill = (await row()).rows_written;
    worker();
    await waitFor(async () => (await row()).status === "done", 180_000, "the export to finish after the restart");
    const done = await row();
    const files = await db
      .selectFrom("files")
      .where("centre_id", "=", exportCentre.id)
      .where("kind", "=", "export")
      .select("id")
      .execute();
    console.log(
      `drill worker-kill (export): killed at ${writtenAtKill} of ${done.rows_written} rows, done ` +
        `${(done.finished_at?.getTime() ?? 0) - killedAt} ms after the kill; files ${files.length}, ` +
        `lost ${done.status === "done" ? 0 : 1}, duplicated ${Math.max(0, files.length - 1)}`,
    );
    expect(done.rows_written).toBe(30_000);
    expect(files).toHaveLength(1);
    expect(files[0]?.id).toBe(done.file_id ?? "");
  }, 330_000);

  test("a scan import killed mid-way files every page after the restart, once", async () => {
    const tutor = await signedInAs(paper.centre.people.tutor);
    const admin = await signedInAs(paper.centre.people.centre_admin);
    const sheet = await app.handle(
      new Request(`${ORIGIN}/homework/${paper.homeworkId}/worksheet.pdf`, { headers: { cookie: tutor.cookie } }),
    );
    const worksheet = await PDFDocument.load(new Uint8Array(await sheet.arrayBuffer()));
    // The whole worksheet as the copier scans it: 9 pages, slow enough to be caught part-way.
    const batch = await PDFDocument.create();
    for (const page of await batch.copyPages(worksheet, worksheet.getPageIndices())) batch.addPage(page);
    const form = new FormData();
    form.append("files", new File([new Uint8Array(await batch.save())], "copier.pdf", { type: "application/pdf" }));
    form.set("_csrf", admin.csrfToken);
    const victim = worker();
    const response = await app.handle(
      new Request(`${ORIGIN}/paper/imports`, {
        method: "POST",
        headers: { cookie: admin.cookie, origin: ORIGIN },
        body: form,
      }),
    );
    expect(response.status).toBe(303);
    const importId = (response.headers.get("location") ?? "").split("/").pop() ?? "";
    const status = () => db.selectFrom("scan_imports").where("id", "=", importId).selectAll().executeTakeFirstOrThrow();
    const pagesSeen = async () =>
      Number(
        (
          await db
            .selectFrom("scan_pages")
            .where("import_id", "=", importId)
            .select(db.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const killedAt = await killMidway(
      victim,
      async () => (await pagesSeen()) > 0 && (await status()).status !== "done",
      "the import to be part-way",
    );
    const pagesAtKill = await pagesSeen();
    worker();
    await waitFor(async () => (await status()).status === "done", 180_000, "the import to finish after the restart");
    const done = await status();
    const filed = await db
      .selectFrom("submission_files")
      .where("submission_id", "in", [...paper.submissionIds.values()])
      .select(["submission_id", "page_number"])
      .execute();
    const distinct = new Set(filed.map((row) => `${row.submission_id}:${row.page_number}`)).size;
    console.log(
      `drill worker-kill (scan import): killed after ${pagesAtKill} of ${done.pages_total} pages, done ` +
        `${(done.finished_at?.getTime() ?? 0) - killedAt} ms after the kill; filed ${filed.length}, ` +
        `lost ${9 - distinct}, duplicated ${filed.length - distinct}`,
    );
    expect(done).toMatchObject({ pages_total: 9, pages_filed: 9, pages_review: 0 });
    expect(filed).toHaveLength(9);
    expect(distinct).toBe(9);
  }, 330_000);
});
