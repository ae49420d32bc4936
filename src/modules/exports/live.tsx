import { ExportStatusView, statusEvent } from "../../../views/exports/exports";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { log } from "../../platform/log";
import type { CentreId } from "../../platform/tenancy";
import { requesterLocalisation, toSummary } from "./present";
import { exportInCentre } from "./queries";

/**
 * Sends an export's current status to the person who asked for it (their own channel, which
 * every page they have open already follows), in their language. Live progress is a courtesy: a
 * failure to publish is logged, never fails the export.
 */
export async function publishExportStatus(centreId: CentreId, exportId: string): Promise<void> {
  const [row, centre] = await Promise.all([exportInCentre(db, centreId, exportId), loadCentreContext(centreId)]);
  if (!row) return;
  await publishLive(liveChannel.user(row.requestedBy), {
    event: statusEvent(exportId),
    html: withLocalisation(requesterLocalisation(row, centre), () => <ExportStatusView summary={toSummary(row)} />),
  }).catch((error: unknown) => log.warn({ err: error, exportId }, "could not publish export progress"));
}
