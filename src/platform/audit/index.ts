export { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, isAuditAction } from "./actions";
export {
  AUDIT_HEADS_BUCKET,
  AUDIT_HEADS_PREFIX,
  AUDIT_HEADS_PUBLISH_EVERY_MINUTES,
  auditHeadsPublisher,
  currentAuditHeads,
  loadPublishedHeads,
  type PublishedHead,
  type PublishedHeadAt,
  publishAuditHeads,
} from "./heads";
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
export { type AuditEventInput, type RecordedAudit, recordAudit, recordAuditBatch } from "./record";
export { type ChainReport, chainsAreIntact, verifyAuditChains } from "./verify";
