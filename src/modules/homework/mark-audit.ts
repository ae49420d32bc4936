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
