import { eventHandler } from "../../platform/events";
import { trustedCentreId } from "../../platform/tenancy";
import { generateExport } from "./service";

/** Stored in handled_events: keep the name stable. */
const GENERATE = "exports.generate";

/** This module's event handlers; the worker lists them (src/worker.ts). */
export const exportEventHandlers = [
  eventHandler("export.requested", GENERATE, async (event) => {
    if (!event.centreId) return;
    // The centre id was written by our own service, in the transaction that created the export.
    await generateExport(trustedCentreId(event.centreId), event.payload.exportId);
  }),
];
