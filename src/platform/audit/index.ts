export { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, isAuditAction } from "./actions";
export {
  type AuditCursor,
  type AuditFilters,
  type AuditLogEntry,
  type AuditLogPage,
  type AuditPageRequest,
  auditEventsForCentre,
  encodeAuditCursor,
  parseAuditCursor,
} from "./queries";
export { type AuditEventInput, type RecordedAudit, recordAudit } from "./record";
export { type ChainReport, chainsAreIntact, verifyAuditChains } from "./verify";
