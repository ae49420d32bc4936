import type { NotificationItem } from "../../../views/notifications/notifications";
import type { NotificationRow } from "./queries";

export function toNotificationItem(row: NotificationRow): NotificationItem {
  return {
    id: String(row.id),
    text: row.text,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    createdLabel: `${row.created_at.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    read: row.read_at !== null,
  };
}
