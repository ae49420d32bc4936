import type { AnnouncementItem, PostedItem, ReaderItem } from "../../../views/announcements/announcements";
import { roleLabel } from "../../../views/people/roles";
import { formatDateTime, t } from "../../platform/i18n";
import type { AnnouncementRow, PostedRow, ReaderRow } from "./queries";

/** A plain-text body as paragraphs: split at blank lines; line breaks inside a paragraph stay. */
export function paragraphsOf(body: string): string[] {
  return body
    .replaceAll("\r\n", "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

export function audienceLabel(row: Pick<AnnouncementRow, "audience" | "className">): string {
  if (row.audience === "centre") return t("announcements.audience.centre");
  if (row.audience === "parents") return t("announcements.audience.parents");
  return row.className
    ? t("announcements.audience.class", { name: row.className })
    : t("announcements.audience.formerClass");
}

export function toItem(row: AnnouncementRow, readAt: Date | null | undefined): AnnouncementItem {
  return {
    id: row.id,
    title: row.title,
    paragraphs: paragraphsOf(row.body),
    audienceLabel: audienceLabel(row),
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    createdLabel: formatDateTime(row.createdAt),
    read: readAt === undefined ? null : readAt !== null,
  };
}

export function toPosted(row: PostedRow): PostedItem {
  return {
    id: row.id,
    title: row.title,
    audienceLabel: audienceLabel(row),
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    createdLabel: formatDateTime(row.createdAt),
    reached: row.reached,
    read: row.read,
  };
}

export function toReader(row: ReaderRow): ReaderItem {
  return { name: row.name, roleLabel: roleLabel(row.role), readLabel: row.readAt ? formatDateTime(row.readAt) : null };
}
