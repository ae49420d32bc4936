/**
 * Every privileged action the audit log records, with its description in the source language.
 * One typed list, so a caller cannot misspell an action and the viewer's filter offers exactly
 * these. The viewer shows each as its catalogue message `audit.action.<action>`
 * (src/locales/<locale>/audit.json), in the reader's language: a new action here needs that
 * message in en-GB, es and ar, or the typecheck fails.
 */
export const AUDIT_ACTION_LABELS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_out": "Signed out",
  "auth.sign_out_everywhere": "Signed out everywhere",
  "auth.lockout": "Locked out after failed sign-ins",
  "auth.password_reset_issue": "Password reset link issued",
  "auth.password_reset": "Password reset",
  "auth.password_reset_request": "Password reset link asked for on the sign-in page",
  "auth.pin_reset": "PIN reset",
  "auth.password_change": "Own password changed",
  "auth.pin_change": "Own PIN changed",
  "auth.pin_locked": "Student PIN locked after too many wrong guesses",
  "auth.pin_unlock": "Student PIN unlocked",
  "user.create": "Person created",
  "user.invite": "Person invited",
  "user.update": "Person updated",
  "user.role_change": "Role changed",
  "user.disable": "Person disabled",
  "user.enable": "Person enabled",
  "user.link_parent": "Parent linked",
  "user.unlink_parent": "Parent unlinked",
  "user.import": "Students imported from a CSV file",
  "consent.give": "Consent given",
  "consent.withdraw": "Consent withdrawn",
  "consent.request": "Parent asked by email to give consent",
  "settings.update": "Settings changed",
  "centre.create": "Centre created",
  "centre.update": "Centre updated",
  "centre.enter": "Platform admin entered the centre",
  "centre.leave": "Platform admin left the centre",
  "export.request": "Export requested",
  "export.download": "Export downloaded",
  "submission.grade": "Work marked",
  "submission.return": "Work returned to redo",
  "submission.auto_mark": "Work marked automatically on hand-in",
  "submission.moderate": "Mark moderated",
  "submission.override": "Auto-mark overridden by a tutor",
  "attendance.record": "Attendance recorded",
  "attendance.correct": "Attendance corrected",
  "enrolment.enrol": "Student enrolled in a course",
  "enrolment.unenrol": "Student unenrolled from a course",
  "class.member_add": "Student added to a class",
  "class.member_remove": "Student removed from a class",
  "class.create": "Class created",
  "class.archive": "Class archived",
  "class.delete": "Class deleted",
  "class.update": "Class edited",
  "class.member_move": "Student moved to another class",
  "class.term_change": "Term added, changed or deleted",
  "class.holiday_change": "Holiday added, changed or deleted",
  "course.publish": "Course published or unpublished",
  "course.archive": "Course archived",
  "material.add": "Material added to a lesson",
  "material.remove": "Material removed from a lesson",
  "queue.retry": "Failed background job retried",
  "scan.import": "Batch of scanned pages imported",
  "scan.assign": "Scanned page filed by hand",
  "kiosk.enrol": "Kiosk enrolled",
  "kiosk.revoke": "Kiosk revoked",
  "kiosk.badge_reissue": "Student badge reprinted (old badge revoked)",
  "kiosk.badge_revoke": "Student badge revoked",
  "xp.award": "XP awarded by a tutor",
  "announcement.post": "Announcement posted",
  "announcement.delete": "Announcement deleted",
  "message.thread_open": "Message thread opened",
  "message.thread_close": "Message thread closed",
  "message.thread_reopen": "Message thread reopened",
  "report.period_create": "Reporting period added",
  "report.release": "Term reports released to parents",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}
