import type { NotificationRow } from "./queries";

/** A notification as the views show it. */
export interface NotificationItem {
  id: string;
  text: string;
  link: string | null;
  createdAt: string;
  createdLabel: string;
  read: boolean;
}

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
