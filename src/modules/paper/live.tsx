import { ImportProgress, progressEvent } from "../../../views/paper/imports";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { toProgress } from "./present";
import { importInCentre } from "./queries";

/** An import's progress page follows "scan:<import id>": people who may import, in its centre. */
export const scanTopic = defineLiveTopic("scan", async (viewer, id) => {
  if (!roleHas(viewer.role, "scan.import")) return null;
  return (await importInCentre(db, viewer.centreId, id)) ? liveChannel.scan(id) : null;
});

/** Sends the import's current progress to the pages following it, in the centre's language and time zone. */
export async function publishImportProgress(centreId: CentreId, importId: string): Promise<void> {
  const [row, centre] = await Promise.all([importInCentre(db, centreId, importId), loadCentreContext(centreId)]);
  if (!row || !centre) return;
  const html = withLocalisation({ locale: centre.locale, timeZone: centre.timeZone }, () => (
    <ImportProgress progress={toProgress(row)} />
  ));
  await publishLive(liveChannel.scan(importId), { event: progressEvent(importId), html });
}
