import { onEvent } from "../../platform/events";
import { trustedCentreId } from "../../platform/tenancy";
import { generateExport } from "./service";

/** Stored in handled_events: keep the name stable. */
const GENERATE = "exports.generate";

onEvent("export.requested", GENERATE, async (event) => {
  if (!event.centreId) return;
  // The centre id was written by our own service, in the transaction that created the export.
  await generateExport(trustedCentreId(event.centreId), event.payload.exportId);
});
