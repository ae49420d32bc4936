import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { ExportSummary } from "../../../views/exports/exports";
import { recordAudit } from "../../platform/audit";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Database, ExportKind } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t, withLocalisation } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant, updateTenant } from "../../platform/tenancy";
import { storeGeneratedFile } from "../files";
import { publishExportStatus } from "./live";
import { requesterLocalisation, toSummary } from "./present";
import { exportInCentre } from "./queries";
import { exportDownloadUrl, finishExport, progressReporter } from "./service";

/**
 * Files other modules generate (a class's term reports as one PDF) ride on the exports machinery:
 * an exports row with its status and live progress to the requester, the exports bucket, and the
 * audited signed download. The other module publishes its own event and does the work in it.
 */

/** Records the request inside the caller's transaction (the caller publishes the event that makes the file). */
export async function recordExportRequest(
  trx: Kysely<Database>,
  actor: Actor,
  kind: ExportKind,
  params: { from: string; to: string } & Record<string, string>,
): Promise<string> {
  const row = await trx
    .insertInto("exports")
    .values({
      centre_id: actor.centreId,
      kind,
      params: sql<string>`cast(${JSON.stringify(params)}::text as jsonb)`,
      requested_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    centreId: actor.centreId,
    actor: { id: actor.userId, role: actor.role },
    action: "export.request",
    target: { type: "export", id: row.id },
    after: { kind, ...params },
    request: actor.request,
  });
  return row.id;
}

export interface GeneratedExport {
  originalName: string;
  contentType: string;
  /** Makes the file, calling `progress` with the count of items done so far. */
  produce: (progress: (done: number) => Promise<void>) => Promise<Uint8Array>;
}

/**
 * The worker's half: runs `produce` in the requester's language, stores the result and publishes
 * each step live. A finished export is left alone, so a retried event does not redo it.
 */
export async function generateFileExport(
  centreId: CentreId,
  exportId: string,
  file: (params: Record<string, string>) => GeneratedExport,
): Promise<void> {
  const [row, centre] = await Promise.all([exportInCentre(db, centreId, exportId), loadCentreContext(centreId)]);
  if (!row || row.status === "done") return;
  await withLocalisation(requesterLocalisation(row, centre), async () => {
    await updateTenant(db, "exports", centreId)
      .set({ status: "running", rows_written: 0, error: null, finished_at: null })
      .where("id", "=", exportId)
      .execute();
    await publishExportStatus(centreId, exportId);
    try {
      const made = file((row.params ?? {}) as Record<string, string>);
      const bytes = await made.produce(progressReporter(centreId, exportId));
      const stored = await storeGeneratedFile({
        centreId,
        ownerId: row.requestedBy,
        kind: "export",
        id: exportId,
        originalName: made.originalName,
        contentType: made.contentType,
        body: new Blob([bytes]).stream(),
      });
      await finishExport(centreId, exportId, { fileId: stored.id });
    } catch (error) {
      log.error({ err: error, exportId }, "generated export failed");
      await finishExport(centreId, exportId, { error: "exports.error.failed" });
      throw error;
    }
  });
}

/** An export as the views show it, or undefined when the centre has no such export. */
export async function exportSummary(centreId: CentreId, exportId: string): Promise<ExportSummary | undefined> {
  const row = await exportInCentre(db, centreId, exportId);
  return row ? toSummary(row) : undefined;
}

/** The latest export of a kind whose parameters include `match` (a class's latest batch of reports). */
export async function latestExportOf(
  centreId: CentreId,
  kind: ExportKind,
  match: Record<string, string>,
): Promise<ExportSummary | undefined> {
  const row = await selectFromTenant(db, "exports", centreId)
    .where("kind", "=", kind)
    .where(sql<boolean>`params @> cast(${JSON.stringify(match)}::text as jsonb)`)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .select("id")
    .executeTakeFirst();
  return row ? exportSummary(centreId, row.id) : undefined;
}

/** A signed link to a finished export of this kind only (audited): another module's download route. */
export async function fileExportDownloadUrl(actor: Actor, kind: ExportKind, exportId: string): Promise<string> {
  const row = await exportInCentre(db, actor.centreId, exportId);
  if (row?.kind !== kind) throw new NotFoundError(t("exports.notFound"));
  return exportDownloadUrl(actor, exportId);
}
