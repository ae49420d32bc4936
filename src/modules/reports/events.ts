import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { type DomainEvent, eventHandler } from "../../platform/events";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { emailPerPreference, notify } from "../notifications";
import { parentsOf, personById } from "../people";
import { makeClassBatch } from "./batch";
import { reportReleasedMail } from "./mail";
import { releaseContext } from "./release-context";
import { keepReleasedReports } from "./released";

/** Stored in handled_events (with `:<parentId>:<studentId>` per parent told): keep them stable. */
const TELL_PARENTS = "reports.tell-parents";
const BATCH = "reports.class-batch";
const KEEP = "reports.keep-released";

/** Each parent of each student of the class hears once: a note in the app, and an email as they chose. */
async function tellParents(centreId: CentreId, event: DomainEvent<"term_report.released">) {
  const { payload } = event;
  const context = await releaseContext(centreId, payload.releaseId);
  // The period or class was deleted before the worker reached it: nothing to read, nobody to tell.
  if (!context) return;
  for (const studentId of payload.studentIds) {
    const student = await personById(db, centreId, studentId);
    if (!student) continue;
    const params = { student: student.name, period: context.period.name, course: context.group.courseTitle };
    const note = { kind: "child_term_report_released" as const, params, link: `/children/${studentId}/reports` };
    for (const parent of await parentsOf(db, centreId, studentId)) {
      await notify(
        { centreId, userId: parent.id },
        note,
        { event, handler: `${TELL_PARENTS}:${parent.id}:${studentId}` },
        (trx) =>
          emailPerPreference(trx, {
            centreId,
            userId: parent.id,
            kind: "term_report",
            key: `term_report:${payload.releaseId}:${studentId}:${parent.id}`,
            line: note,
            template: reportReleasedMail,
            params: { studentId, ...params },
          }),
      );
    }
  }
}

/** This module's event handlers; the registry lists them for the worker (src/registry.ts). */
export const reportEventHandlers = [
  eventHandler("term_report.released", TELL_PARENTS, async (event) => {
    if (!event.centreId) return;
    // Written by our own service, in the transaction that released the reports.
    await tellParents(trustedCentreId(event.centreId), event);
  }),
  // Apart from telling parents: a report that fails to draw must not keep the news from them.
  eventHandler("term_report.released", KEEP, async (event) => {
    if (!event.centreId) return;
    const centreId = trustedCentreId(event.centreId);
    const [centre, context] = await Promise.all([
      loadCentreContext(centreId),
      releaseContext(centreId, event.payload.releaseId),
    ]);
    if (centre && context) await keepReleasedReports(centre, context, event.payload.studentIds);
  }),
  eventHandler("term_report.batch_requested", BATCH, async (event) => {
    if (!event.centreId) return;
    await makeClassBatch(trustedCentreId(event.centreId), event.payload);
  }),
];
