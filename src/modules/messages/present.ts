import type { SelectOption } from "../../../views/components/form";
import type { MessageItem, ThreadSummary } from "../../../views/messages/messages";
import { roleLabel } from "../../../views/people/roles";
import { formatDateTime, t } from "../../platform/i18n";
import type { GuardianPair } from "../people";
import type { MessageRecord, ThreadSummaryRecord } from "./queries";

export function toThreadSummary(row: ThreadSummaryRecord, timeZone: string): ThreadSummary {
  return {
    id: row.id,
    subject: row.subject,
    studentName: row.studentName,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessageLabel: formatDateTime(row.lastMessageAt, "medium", timeZone),
    closed: row.closedAt !== null,
    unread: row.unread,
  };
}

export function toMessageItem(row: MessageRecord, readerId: string, timeZone: string): MessageItem {
  return {
    id: row.id,
    authorName: row.authorName,
    authorRoleLabel: roleLabel(row.authorRole),
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    createdLabel: formatDateTime(row.createdAt, "medium", timeZone),
    own: row.authorId === readerId,
  };
}

/** What the new-thread form offers: a parent their children; staff each student with each of their parents. */
export function aboutOptions(pairs: GuardianPair[], forParent: boolean): SelectOption[] {
  if (forParent) return pairs.map((pair) => ({ value: pair.studentId, label: pair.studentName }));
  return pairs.map((pair) => ({
    value: `${pair.studentId}:${pair.parentId}`,
    label: t("messages.new.pair", { student: pair.studentName, parent: pair.parentName }),
  }));
}
