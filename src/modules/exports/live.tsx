import { ExportStatusView } from "../../../views/exports/exports";
import { db } from "../../platform/db";
import { liveChannel, publishLive } from "../../platform/live";
import { log } from "../../platform/log";
import type { CentreId } from "../../platform/tenancy";
import { centreById } from "../centres";
import { statusEvent, toSummary } from "./present";
import { exportInCentre } from "./queries";

/**
 * Sends an export's current status to the person who asked for it (their own channel, which
 * every page they have open already follows). Live progress is a courtesy: a failure to publish
 * is logged, never fails the export.
 */
export async function publishExportStatus(centreId: CentreId, exportId: string): Promise<void> {
  const [row, centre] = await Promise.all([exportInCentre(db, centreId, exportId), centreById(db, centreId)]);
  if (!row) return;
  await publishLive(liveChannel.user(row.requestedBy), {
    event: statusEvent(exportId),
    html: <ExportStatusView summary={toSummary(row, centre?.timeZone ?? "UTC")} />,
  }).catch((error: unknown) => log.warn({ err: error, exportId }, "could not publish export progress"));
}
