import type { NotificationItem } from "../../../views/notifications/notifications";
import { NotificationEntry, UnreadCount } from "../../../views/notifications/notifications";
import { formatNumber } from "../../platform/i18n";
import { liveChannel, publishLiveParts } from "../../platform/live";
import type { LivePart } from "../../platform/live/message";
import { toNotificationItem } from "./present";
import type { NotificationRow } from "./queries";

/** The bell in the header and the count on the notifications page. */
export function countParts(unread: number): LivePart[] {
  const html = UnreadCount({ count: unread });
  return [
    { event: "notification-count", html },
    { event: "notification-unread", html: formatNumber(unread) },
  ];
}

/**
 * A new notification at the top of the list. Live items carry no mark-as-read form: the CSRF
 * token belongs to each session, and the fragment goes to all of them; the page's own list has it.
 */
export function itemPart(item: NotificationItem): LivePart {
  return { event: "notifications", html: NotificationEntry({ item, csrfToken: null }), swap: "afterbegin" };
}

export async function pushNotification(userId: string, row: NotificationRow, unread: number): Promise<void> {
  await publishLiveParts(liveChannel.user(userId), [itemPart(toNotificationItem(row)), ...countParts(unread)], row.id);
}

export async function pushUnreadCount(userId: string, unread: number): Promise<void> {
  await publishLiveParts(liveChannel.user(userId), countParts(unread));
}
