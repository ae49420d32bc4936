import type { AuditRow } from "../../../views/audit/audit-log";
import { roleLabel } from "../../../views/people/roles";
import { type AuditAction, type AuditLogEntry, isAuditAction } from "../../platform/audit";
import { ROLES, type Role } from "../../platform/db/schema";
import { formatDateParts, t } from "../../platform/i18n";

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

/**
 * An action as the viewer shows it, in the reader's language: labels are looked up when read, so
 * rows written in any language (or before there were languages) show in the reader's. Every
 * action has its message (`audit.action.<action>`), or this fails to typecheck.
 */
export function auditActionLabel(action: AuditAction): string {
  return t(`audit.action.${action}`);
}

/** A role as stored on the row, named in the reader's language; the kiosk and unknown values as stored. */
function actorRoleLabel(role: string | null): string | null {
  if (role === null) return null;
  return role === "kiosk" || (ROLES as readonly string[]).includes(role) ? roleLabel(role as Role | "kiosk") : role;
}

export function toAuditRow(entry: AuditLogEntry, timeZone: string): AuditRow {
  return {
    id: entry.id,
    at: formatDateParts(entry.createdAt, { dateStyle: "medium", timeStyle: "medium" }, timeZone),
    atIso: entry.createdAt.toISOString(),
    action: entry.action,
    actionLabel: isAuditAction(entry.action) ? auditActionLabel(entry.action) : entry.action,
    actor: entry.actorName ?? (entry.actorId ? t("audit.formerUser") : t("audit.nobodySignedIn")),
    actorRole: actorRoleLabel(entry.actorRole),
    target: entry.targetType && entry.targetId ? `${entry.targetType} ${entry.targetId}` : null,
    changes: changesOf(entry.before, entry.after),
    ip: entry.ip,
    requestId: entry.requestId,
  };
}
