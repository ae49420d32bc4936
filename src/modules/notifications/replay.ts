import { db } from "../../platform/db";
import { renderParts, type WireMessage } from "../../platform/live/message";
import type { CentreId } from "../../platform/tenancy";
import { countParts, itemPart } from "./live";
import { toNotificationItem } from "./present";
import { notificationsAfter, unreadCount } from "./queries";

/**
 * What a stream sends first: every notification after Last-Event-ID (oldest first, so each lands
 * on top in order), then the current unread count for the bell.
 */
export async function missedNotifications(
  centreId: CentreId,
  userId: string,
  afterId: string | null,
): Promise<WireMessage[]> {
  const [missed, unread] = await Promise.all([
    afterId ? notificationsAfter(centreId, userId, afterId) : Promise.resolve([]),
    unreadCount(db, centreId, userId),
  ]);
  const replay = missed.map((row) => ({ id: String(row.id), data: renderParts([itemPart(toNotificationItem(row))]) }));
  return [...replay, { data: renderParts(countParts(unread)) }];
}
