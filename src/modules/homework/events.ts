import { currentCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { eventHandler } from "../../platform/events";
import { formatCount, withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { trustedCentreId } from "../../platform/tenancy";
import { queueOfHomework } from "./queries";

/** The live region on the tutor's dashboard that shows their marking-queue count. */
export const MARKING_COUNT_REGION = "marking-count";

/**
 * When work is handed in or marked, the queue's tutor sees the new count at once on whatever
 * web process their browser is connected to, written as the centre's language writes numbers.
 * Publishing is idempotent, so a retried job is harmless.
 */
async function publishMarkingCount(centreId: string, homeworkId: string): Promise<void> {
  const centre = trustedCentreId(centreId);
  const [queue, context] = await Promise.all([queueOfHomework(db, centre, homeworkId), currentCentreContext(centre)]);
  if (!queue) return;
  const { tutorId, count } = queue;
  const localisation = context ? { locale: context.locale, timeZone: context.timeZone } : {};
  const html = withLocalisation(localisation, () => formatCount(count));
  await publishLive(liveChannel.marking(tutorId), { event: MARKING_COUNT_REGION, html });
}

/** This module's event handlers; the worker lists them (src/worker.ts). */
export const homeworkEventHandlers = [
  eventHandler("submission.submitted", "homework.live-marking-count", async (event) => {
    if (event.centreId) await publishMarkingCount(event.centreId, event.payload.homeworkId);
  }),
  // Work marked by no one was marked on hand-in and never joined a queue: the count its
  // submission.submitted (published beside it) carries is already the count after it.
  eventHandler("submission.marked", "homework.live-marking-count", async (event) => {
    if (event.centreId && event.payload.markerId !== null)
      await publishMarkingCount(event.centreId, event.payload.homeworkId);
  }),
  // Work sent back to redo leaves the queue too.
  eventHandler("submission.returned", "homework.live-marking-count", async (event) => {
    if (event.centreId) await publishMarkingCount(event.centreId, event.payload.homeworkId);
  }),
];
