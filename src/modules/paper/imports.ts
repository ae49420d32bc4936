import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { invalidateCentreCache } from "../../platform/cache";
import { db } from "../../platform/db";
import type { Database, ScanPageReason } from "../../platform/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type CentreId, selectFromTenant, updateTenant } from "../../platform/tenancy";
import { storedFileBytes, uploadFile } from "../files";
import { type BatchFile, batchAsPdf } from "./batch-upload";
import { handInOnPaper, submissionForPage, submissionInStaffScope } from "./homework-link";
import { enqueueImport } from "./jobs";
import { type ImportRow, importInCentre, scanPageInCentre } from "./queries";
import { blankPage, openScanWorkspace, pageForMarking, RENDER_CHUNK, readQrCode, renderPages } from "./scan-pages";
import { verifyWorksheetPage } from "./token";

/** A centre admin uploads the copier's PDF (or photos); the worker files its pages. */
export async function startImport(actor: Actor, files: BatchFile[]): Promise<string> {
  const batch = await batchAsPdf(files);
  const file = await uploadFile({
    centreId: actor.centreId,
    ownerId: actor.userId,
    kind: "scan_batch",
    bytes: batch.bytes,
    originalName: batch.name,
  });
  const importId = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("scan_imports")
      .values({ centre_id: actor.centreId, uploaded_by: actor.userId, file_id: file.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "scan.import",
      target: { type: "scan_import", id: row.id },
      after: { fileId: file.id, name: file.original_name, bytes: file.size_bytes },
      request: actor.request,
    });
    return row.id;
  });
  await enqueueImport({ centreId: actor.centreId, importId });
  return importId;
}

type PageRoute =
  | { filed: true; submissionId: string; pageNumber: number }
  | { filed: false; reason: ScanPageReason; pageNumber: number | null };

/** Where a page belongs, from the text of its QR code (null when none was read). */
export async function routePage(
  executor: Kysely<Database>,
  centreId: CentreId,
  code: string | null,
): Promise<PageRoute> {
  if (code === null) return { filed: false, reason: "no_code", pageNumber: null };
  const check = verifyWorksheetPage(code);
  if (!check.ok)
    return { filed: false, reason: check.reason === "not_ours" ? "no_code" : "bad_signature", pageNumber: null };
  const { homeworkId, studentId, page } = check.page;
  const submission = await submissionForPage(executor, centreId, homeworkId, studentId);
  if (submission) return { filed: true, submissionId: submission.id, pageNumber: page };
  const homework = await selectFromTenant(executor, "homework", centreId)
    .where("id", "=", homeworkId)
    .select("id")
    .executeTakeFirst();
  return { filed: false, reason: homework ? "no_submission" : "foreign", pageNumber: homework ? page : null };
}

async function fileOnSubmission(
  trx: Kysely<Database>,
  centreId: CentreId,
  submissionId: string,
  fileId: string,
  pageNumber: number | null,
) {
  await trx
    .insertInto("submission_files")
    .values({
      centre_id: centreId,
      submission_id: submissionId,
      file_id: fileId,
      page_number: pageNumber,
      source: "scan",
    })
    .onConflict((conflict) => conflict.columns(["centre_id", "submission_id", "file_id"]).doNothing())
    .execute();
  await handInOnPaper(trx, centreId, submissionId, new Date());
}

/** The counters are recounted from the pages, so a retried job never counts a page twice. */
async function recount(trx: Kysely<Database>, centreId: CentreId, importId: string) {
  const counts = await selectFromTenant(trx, "scan_pages", centreId)
    .where("import_id", "=", importId)
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("status", "in", ["filed", "assigned"]).as("filed"),
      eb.fn.countAll<number>().filterWhere("status", "=", "needs_review").as("review"),
    ])
    .executeTakeFirstOrThrow();
  await updateTenant(trx, "scan_imports", centreId)
    .where("id", "=", importId)
    .set({ pages_filed: Number(counts.filed), pages_review: Number(counts.review) })
    .execute();
}

async function recordPage(
  centreId: CentreId,
  importId: string,
  pageIndex: number,
  fileId: string,
  code: string | null,
) {
  await db.transaction().execute(async (trx) => {
    const route = await routePage(trx, centreId, code);
    if (route.filed) await fileOnSubmission(trx, centreId, route.submissionId, fileId, route.pageNumber);
    await trx
      .insertInto("scan_pages")
      .values({
        centre_id: centreId,
        import_id: importId,
        page_index: pageIndex,
        file_id: fileId,
        status: route.filed ? "filed" : "needs_review",
        reason: route.filed ? null : route.reason,
        submission_id: route.filed ? route.submissionId : null,
        page_number: route.pageNumber,
      })
      .execute();
    await recount(trx, centreId, importId);
  });
}

export interface ImportProgressEvent {
  importId: string;
}

/**
 * The worker's half: renders every page, reads its code, stores it as a JPEG and files it (or
 * sends it to review). Pages already recorded are skipped, so a retry resumes where it stopped.
 */
export async function processImport(
  centreId: CentreId,
  importId: string,
  onProgress: (event: ImportProgressEvent) => Promise<void> = async () => {},
): Promise<void> {
  const found = await importInCentre(db, centreId, importId);
  if (!found || found.status === "done") return;
  const batch = await storedFileBytes(centreId, found.fileId);
  if (!batch) throw new NotFoundError(`the batch file of import ${importId} is missing`);
  const workspace = await openScanWorkspace(batch);
  try {
    await updateTenant(db, "scan_imports", centreId)
      .where("id", "=", importId)
      .set({ status: "processing", pages_total: workspace.pageCount })
      .execute();
    await onProgress({ importId });
    const done = new Set(
      (
        await selectFromTenant(db, "scan_pages", centreId)
          .where("import_id", "=", importId)
          .select("page_index")
          .execute()
      ).map((row) => row.page_index),
    );
    for (let first = 1; first <= workspace.pageCount; first += RENDER_CHUNK) {
      const last = Math.min(workspace.pageCount, first + RENDER_CHUNK - 1);
      const todo = Array.from({ length: last - first + 1 }, (_, offset) => first + offset).filter(
        (index) => !done.has(index),
      );
      if (todo.length === 0) continue;
      const images = await renderPages(workspace, todo[0] as number, todo.at(-1) as number);
      for (const pageIndex of todo) {
        await filePage(centreId, found, pageIndex, images.get(pageIndex));
        await onProgress({ importId });
      }
    }
    await finish(centreId, importId, "done");
    await onProgress({ importId });
  } finally {
    await workspace.close();
  }
}

/** Stores one rendered page as a JPEG and files it, or sends it to review. */
async function filePage(centreId: CentreId, batch: ImportRow, pageIndex: number, image: Uint8Array | undefined) {
  // A page that will not decode still reaches the review queue, as a blank stand-in if need be.
  const code = image ? await readQrCode(image).catch(() => null) : null;
  const kept = image ? await pageForMarking(image).catch(() => null) : null;
  const file = await uploadFile({
    centreId,
    ownerId: batch.uploadedBy,
    kind: "submission",
    bytes: kept ?? (await blankPage()),
    originalName: `scan-${batch.id.slice(0, 8)}-page-${pageIndex}.jpg`,
  });
  await recordPage(centreId, batch.id, pageIndex, file.id, code);
}

export async function finish(centreId: CentreId, importId: string, status: "done" | "failed"): Promise<void> {
  await updateTenant(db, "scan_imports", centreId)
    .where("id", "=", importId)
    .set({ status, finished_at: new Date() })
    .execute();
  // Scanned pages hand work in across students and classes, in the worker where no request's
  // fallback applies: one batch (a rare write) marks the centre's cached figures stale once.
  await invalidateCentreCache(redis, centreId);
}

/** A person files a page the worker could not: on a student's worksheet in their scope. */
export async function assignPage(
  actor: Actor,
  pageId: string,
  input: { submissionId: string; pageNumber: number | null },
): Promise<void> {
  const page = await scanPageInCentre(db, actor.centreId, pageId);
  if (!page) throw new NotFoundError(t("paper.error.pageNotFound"));
  if (page.status !== "needs_review") throw new ConflictError(t("paper.error.alreadyFiled"));
  const submission = await submissionInStaffScope(actor, input.submissionId);
  if (!submission) throw new ValidationError({ submissionId: t("paper.validation.chooseWorksheet") });
  await db.transaction().execute(async (trx) => {
    const claimed = await updateTenant(trx, "scan_pages", actor.centreId)
      .where("id", "=", page.id)
      .where("status", "=", "needs_review")
      .set({
        status: "assigned",
        reason: null,
        submission_id: submission.id,
        page_number: input.pageNumber,
        assigned_by: actor.userId,
        updated_at: new Date(),
      })
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw new ConflictError(t("paper.error.alreadyFiled"));
    await fileOnSubmission(trx, actor.centreId, submission.id, page.fileId, input.pageNumber);
    await recount(trx, actor.centreId, page.importId);
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "scan.assign",
      target: { type: "scan_page", id: page.id },
      before: { status: "needs_review", reason: page.reason },
      after: { submissionId: submission.id, pageNumber: input.pageNumber },
      request: actor.request,
    });
  });
}
