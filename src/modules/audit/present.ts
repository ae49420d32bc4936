import type { AuditRow } from "../../../views/audit/audit-log";
import { AUDIT_ACTION_LABELS, type AuditLogEntry, isAuditAction } from "../../platform/audit";

const MAX_VALUE = 80;

function display(value: unknown): string {
  if (value === undefined || value === null) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The fields whose value differs between the before and after snapshots. */
export function changesOf(before: unknown, after: unknown): AuditRow["changes"] {
  const old = asRecord(before);
  const next = asRecord(after);
  const fields = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  return fields
    .filter((field) => JSON.stringify(old[field]) !== JSON.stringify(next[field]))
    .map((field) => ({ field, before: display(old[field]), after: display(next[field]) }));
}

export function toAuditRow(entry: AuditLogEntry, timeZone: string): AuditRow {
  const when = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "medium" });
  return {
    id: entry.id,
    at: when.format(entry.createdAt),
    atIso: entry.createdAt.toISOString(),
    action: entry.action,
    actionLabel: isAuditAction(entry.action) ? AUDIT_ACTION_LABELS[entry.action] : entry.action,
    actor: entry.actorName ?? (entry.actorId ? "Former user" : "Nobody signed in"),
    actorRole: entry.actorRole,
    target: entry.targetType && entry.targetId ? `${entry.targetType} ${entry.targetId}` : null,
    changes: changesOf(entry.before, entry.after),
    ip: entry.ip,
    requestId: entry.requestId,
  };
}
