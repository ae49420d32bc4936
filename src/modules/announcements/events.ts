import { db } from "../../platform/db";
import { eventHandler, runOnce } from "../../platform/events";
import { trustedCentreId } from "../../platform/tenancy";
import { emailPerPreference } from "../notifications";
import { announcementMail } from "./mail";
import { announcementById, recipientsToEmail } from "./queries";

/** Stored in handled_events (with `:<userId>` per recipient): keep it stable. */
const EMAIL = "announcements.email";

/** This module's event handlers; the registry lists them (src/registry.ts). */
export const announcementEventHandlers = [
  /**
   * Emails everyone the announcement reached who can have an address (students cannot), each as
   * their preference for announcements says: now, in the day's digest, or not at all. One
   * exactly-once record per person, so a retry after a partial run skips those already done.
   */
  eventHandler("announcement.posted", EMAIL, async (event) => {
    if (!event.centreId) return;
    // Written by our own service, in the transaction that posted the announcement.
    const centreId = trustedCentreId(event.centreId);
    const announcement = await announcementById(db, centreId, event.payload.announcementId);
    // Deleted before the worker reached it: nobody is emailed.
    if (!announcement) return;
    const params = {
      announcementId: announcement.id,
      title: announcement.title,
      body: announcement.body,
      author: announcement.authorName,
    };
    for (const userId of await recipientsToEmail(centreId, announcement.id)) {
      await runOnce(event.id, `${EMAIL}:${userId}`, async (trx) => {
        await emailPerPreference(trx, {
          centreId,
          userId,
          kind: "announcement",
          key: `announcement:${announcement.id}:${userId}`,
          line: {
            kind: "announcement_posted",
            params: { title: announcement.title },
            link: `/announcements/${announcement.id}`,
          },
          template: announcementMail,
          params,
        });
      });
    }
  }),
];
