import type { NotificationItem } from "../../../views/notifications/notifications";
import { formatDateTime } from "../../platform/i18n";
import { renderNotification } from "./kinds";
import type { NotificationRow } from "./queries";

export function toNotificationItem(row: NotificationRow): NotificationItem {
  return {
    id: String(row.id),
    text: renderNotification(row),
    link: row.link,
    createdAt: row.created_at.toISOString(),
    createdLabel: formatDateTime(row.created_at),
    read: row.read_at !== null,
  };
}
