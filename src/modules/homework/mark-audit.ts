import type { Kysely } from "kysely";
import { type AuditAction, recordAudit } from "../../platform/audit";
import type { Database } from "../../platform/db/schema";
import type { Actor } from "../../platform/principal";
import type { SubmissionDetail } from "./queries";

/**
 * What the audit log keeps of a mark before and after a change: enough to see who got which
 * score for which piece of work, in points (not the text of the answers).
 */
export function markSnapshot(submission: SubmissionDetail) {
  return {
    homeworkId: submission.homeworkId,
    studentId: submission.studentId,
    status: submission.status,
    score: submission.score === null ? null : Number(submission.score),
    autoScore: submission.autoScore === null ? null : Number(submission.autoScore),
    maxScore: Number(submission.maxScore),
    feedback: submission.feedback,
  };
}

/** Audits a change to a mark inside its transaction: the mark before, and after with `change` applied. */
export function auditMark(
  trx: Kysely<Database>,
  actor: Actor,
  action: AuditAction,
  submission: SubmissionDetail,
  change: Record<string, unknown>,
) {
  return recordAudit(trx, {
    centreId: actor.centreId,
    actor: { id: actor.userId, role: actor.role },
    action,
    target: { type: "submission", id: submission.id },
    before: markSnapshot(submission),
    after: { ...markSnapshot(submission), ...change },
    request: actor.request,
  });
}
