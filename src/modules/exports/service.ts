import { sql } from "kysely";
import { recordAudit } from "../../platform/audit";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { type Localisation, t, withLocalisation } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { StreamTooLargeError } from "../../platform/storage";
import { type CentreId, updateTenant } from "../../platform/tenancy";
import { fileUrl, storeGeneratedFile } from "../files";
import { csvChunks, streamOf } from "./generate";
import { publishExportStatus } from "./live";
import { type FailureKey, rangeOf, requesterLocalisation } from "./present";
import { type ExportRow, exportInCentre } from "./queries";
import type { CsvExportKind, ExportRange } from "./rows";

export interface ExportRequest extends ExportRange {
  kind: CsvExportKind;
}

/** Live progress goes out at most this often, however fast the rows come. */
const PROGRESS_EVERY_MS = 250;

/** A centre admin asks for an export; the worker writes it when the event reaches it. */
export async function requestExport(actor: Actor, input: ExportRequest): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const params = { from: input.from, to: input.to };
    const row = await trx
      .insertInto("exports")
      .values({
        centre_id: actor.centreId,
        kind: input.kind,
        params: sql<string>`cast(${JSON.stringify(params)}::text as jsonb)`,
        requested_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await publishEvent(trx, {
      type: "export.requested",
      centreId: actor.centreId,
      payload: { exportId: row.id, kind: input.kind, requestedBy: actor.userId },
    });
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "export.request",
      target: { type: "export", id: row.id },
      after: { kind: input.kind, ...params },
      request: actor.request,
    });
    return row.id;
  });
}

export function progressReporter(centreId: CentreId, exportId: string) {
  let publishedAt = 0;
  return async (written: number) => {
    await updateTenant(db, "exports", centreId).set({ rows_written: written }).where("id", "=", exportId).execute();
    if (Date.now() - publishedAt < PROGRESS_EVERY_MS) return;
    publishedAt = Date.now();
    await publishExportStatus(centreId, exportId);
  };
}

export async function finishExport(
  centreId: CentreId,
  exportId: string,
  change: { fileId: string } | { error: FailureKey },
) {
  await updateTenant(db, "exports", centreId)
    .set(
      "fileId" in change
        ? { status: "done", file_id: change.fileId, finished_at: new Date(), error: null }
        : { status: "failed", finished_at: new Date(), error: change.error },
    )
    .where("id", "=", exportId)
    .execute();
  await publishExportStatus(centreId, exportId);
}

/**
 * The worker's half: streams the rows into a CSV in the exports bucket and records it as a file,
 * in the language of the person who asked for it. Safe to repeat: a finished export is left
 * alone, and a rerun overwrites its own object and row.
 */
export async function generateExport(centreId: CentreId, exportId: string): Promise<void> {
  const [row, centre] = await Promise.all([exportInCentre(db, centreId, exportId), loadCentreContext(centreId)]);
  // A file another module makes (term reports) is not rows: its own event handler writes it.
  if (!row || row.status === "done" || row.kind === "term_reports") return;
  const localisation = requesterLocalisation(row, centre);
  const kind = row.kind;
  await withLocalisation(localisation, () => writeExport(centreId, { ...row, kind }, localisation));
}

async function writeExport(
  centreId: CentreId,
  row: ExportRow & { kind: CsvExportKind },
  { locale, timeZone }: Localisation,
): Promise<void> {
  const exportId = row.id;
  await updateTenant(db, "exports", centreId)
    .set({ status: "running", rows_written: 0, error: null, finished_at: null })
    .where("id", "=", exportId)
    .execute();
  await publishExportStatus(centreId, exportId);
  const range = rangeOf(row.params);
  const scope = { db, centreId, range, timeZone, locale };
  try {
    const file = await storeGeneratedFile({
      centreId,
      ownerId: row.requestedBy,
      kind: "export",
      id: exportId,
      originalName: `${row.kind}-${range.from}-to-${range.to}.csv`,
      contentType: "text/csv; charset=utf-8",
      body: streamOf(csvChunks(row.kind, scope, progressReporter(centreId, exportId))),
    });
    await finishExport(centreId, exportId, { fileId: file.id });
  } catch (error) {
    if (error instanceof StreamTooLargeError) {
      // Too large is not going to change on a retry: tell the admin what to do instead.
      await finishExport(centreId, exportId, { error: "exports.error.tooLarge" });
      return;
    }
    log.error({ err: error, exportId }, "export failed");
    await finishExport(centreId, exportId, { error: "exports.error.failed" });
    throw error;
  }
}

/** A signed link (valid for an hour) to a finished export's CSV; every download is audited. */
export async function exportDownloadUrl(actor: Actor, exportId: string): Promise<string> {
  const row = await exportInCentre(db, actor.centreId, exportId);
  if (!row) throw new NotFoundError(t("exports.notFound"));
  if (row.status !== "done" || !row.fileId) throw new ConflictError(t("exports.notReady"));
  const url = await fileUrl({ centreId: actor.centreId, fileId: row.fileId, download: true });
  await recordAudit(db, {
    centreId: actor.centreId,
    actor: { id: actor.userId, role: actor.role },
    action: "export.download",
    target: { type: "export", id: row.id },
    request: actor.request,
  });
  return url;
}
