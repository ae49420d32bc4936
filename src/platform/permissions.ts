import { ROLES, type Role } from "./db/schema";
import type { Feature } from "./features";

/**
 * The one permission table. Every route names one of these; the guard refuses everything else.
 * docs/permissions.md is generated from this table (`bun run docs`), and CI fails when it is stale.
 */

/** Higher tiers may manage lower ones; nobody may grant or act on a tier at or above their own. */
export const ROLE_TIER: Record<Role, number> = {
  platform_admin: 7,
  centre_owner: 6,
  centre_admin: 5,
  head_tutor: 4,
  tutor: 3,
  parent: 2,
  student: 1,
};

const STAFF_ORDER: Role[] = ["tutor", "head_tutor", "centre_admin", "centre_owner", "platform_admin"];

/** Staff roles from `role` upwards: parents and students are not on the staff ladder. */
function staffFrom(role: Role): Role[] {
  return STAFF_ORDER.slice(STAFF_ORDER.indexOf(role));
}

const EVERYONE: Role[] = [...ROLES];
const TUTORS = staffFrom("tutor");
const HEAD_TUTORS = staffFrom("head_tutor");
const ADMINS = staffFrom("centre_admin");
const OWNERS = staffFrom("centre_owner");
const PLATFORM: Role[] = ["platform_admin"];
/** Staff who belong to a centre (the platform admin belongs to none). */
const STAFF_IN_CENTRE = TUTORS.filter((role) => role !== "platform_admin");
const STUDENT: Role[] = ["student"];
const PARENT: Role[] = ["parent"];

/** Who holds a permission: people by role, and enrolled kiosk devices. */
interface Grant {
  description: string;
  roles: Role[];
  kiosk?: true;
  /** Also open to a student's homework session on a kiosk (which holds nothing else). */
  kioskHomework?: true;
  /** More roles, in a centre whose setting (a feature flag) is on. */
  whenCentreAllows?: { feature: Feature; roles: Role[] };
}

/** Plain tutors write courses where their centre lets them (a centre setting). */
const AUTHORS: Pick<Grant, "roles" | "whenCentreAllows"> = {
  roles: HEAD_TUTORS,
  whenCentreAllows: { feature: "tutors_author_courses", roles: ["tutor"] },
};

export const PERMISSIONS = {
  "profile.read": { description: "See your own profile", roles: EVERYONE },
  "profile.update": { description: "Change your own language, password or PIN", roles: EVERYONE },
  "avatar.update": { description: "Upload your own avatar", roles: EVERYONE },
  "notification.read": { description: "Read your notifications", roles: EVERYONE },
  "notification.update": { description: "Mark notifications as read", roles: EVERYONE },
  "email_preference.read": { description: "See which emails you get and when", roles: [...STAFF_IN_CENTRE, "parent"] },
  "email_preference.update": {
    description: "Choose which emails you get: at once, in a daily digest, or not at all",
    roles: [...STAFF_IN_CENTRE, "parent"],
  },
  "auth.sign_out_everywhere": { description: "Sign out of every device at once", roles: EVERYONE },
  "home.read": { description: "See your own home page", roles: EVERYONE },

  "dashboard.student": { description: "Student today page", roles: STUDENT },
  "dashboard.parent": { description: "Parent overview of their children", roles: PARENT },
  "dashboard.tutor": { description: "Tutor overview of classes and marking", roles: TUTORS },
  "dashboard.admin": { description: "Centre figures for the front desk", roles: ADMINS },

  "course.read": { description: "See published courses", roles: EVERYONE },
  "course.create": { description: "Create courses", ...AUTHORS },
  "course.update": { description: "Edit courses", ...AUTHORS },
  "course.publish": { description: "Publish or unpublish courses", roles: HEAD_TUTORS },
  "course.archive": { description: "Archive courses", roles: HEAD_TUTORS },
  "lesson.read": { description: "See lessons", roles: EVERYONE },
  "lesson.create": { description: "Create lessons", ...AUTHORS },
  "lesson.update": { description: "Edit and reorder lessons", ...AUTHORS },
  "lesson.delete": { description: "Delete draft lessons", ...AUTHORS },
  "material.read": { description: "Read lesson materials", roles: EVERYONE },
  "material.create": { description: "Add materials", ...AUTHORS },
  "material.update": { description: "Edit materials", ...AUTHORS },
  "material.delete": { description: "Remove materials", ...AUTHORS },
  "exercise.read": { description: "See exercises with their answers", roles: TUTORS },
  "exercise.create": { description: "Author exercises", ...AUTHORS },
  "exercise.update": { description: "Edit exercises", ...AUTHORS },
  "exercise.delete": { description: "Delete exercises", ...AUTHORS },
  "exercise.attempt": { description: "Answer exercises", roles: STUDENT },

  "enrolment.read": { description: "See who is enrolled in what", roles: TUTORS },
  "enrolment.manage": { description: "Enrol and unenrol students", roles: ADMINS },
  "class.read": { description: "See classes", roles: TUTORS },
  "class.create": { description: "Create classes", roles: ADMINS },
  "class.update": { description: "Edit classes and their weekly slot", roles: ADMINS },
  "class.delete": { description: "Remove classes", roles: ADMINS },
  "timetable.read": { description: "See the centre timetable", roles: TUTORS },
  "timetable.manage": { description: "Generate and change dated sessions", roles: ADMINS },
  "class_session.read": { description: "See class sessions", roles: TUTORS },
  "class_session.update": { description: "Change a session (room, meeting link, cancel)", roles: TUTORS },
  "attendance.read": { description: "See attendance", roles: TUTORS },
  "attendance.take": { description: "Take attendance for a session", roles: TUTORS },
  "attendance.check_in": { description: "Check a student in", roles: TUTORS, kiosk: true },

  "homework.read": { description: "See homework", roles: EVERYONE },
  "homework.assign": { description: "Assign homework", roles: TUTORS },
  "homework.update": { description: "Edit homework", roles: TUTORS },
  "homework.extend": { description: "Extend a due date", roles: TUTORS },
  "homework.withdraw": { description: "Withdraw homework", roles: TUTORS },
  "submission.read_own": { description: "See your own submissions", roles: STUDENT, kioskHomework: true },
  "submission.submit": { description: "Answer and submit homework", roles: STUDENT, kioskHomework: true },
  "submission.attach_file": { description: "Attach photos and scans to a submission", roles: STUDENT },
  "submission.read": { description: "See students' submissions", roles: TUTORS },
  "submission.grade": { description: "Mark submissions", roles: TUTORS },
  "submission.return": { description: "Return a submission for redo", roles: TUTORS },
  "submission.moderate": { description: "Moderate other tutors' marks", roles: HEAD_TUTORS },
  "marking_queue.read": { description: "Work through the marking queue", roles: TUTORS },

  "progress.read_own": { description: "See your own progress", roles: STUDENT },
  "progress.read_child": { description: "See your children's progress", roles: PARENT },
  "progress.read": { description: "See students' progress", roles: TUTORS },
  "progress.report_child": { description: "Download your children's progress reports (PDF)", roles: PARENT },
  "progress.report": { description: "Download progress reports (PDF) of students you teach", roles: TUTORS },
  "term_report.write": {
    description:
      "See reporting periods and write term report comments for the classes you teach (head tutors and up: any class)",
    roles: TUTORS,
  },
  "term_report.period_create": { description: "Add reporting periods", roles: HEAD_TUTORS },
  "term_report.release": {
    description: "Review and release a class's term reports to parents (final), and make the class's PDF batch",
    roles: HEAD_TUTORS,
  },
  "term_report.read_child": { description: "See and download your children's released term reports", roles: PARENT },

  "user.read": { description: "See people in the centre", roles: ADMINS },
  "user.invite": { description: "Invite staff and parents", roles: ADMINS },
  "user.create_student": { description: "Create students", roles: ADMINS },
  "user.update": { description: "Edit people's details", roles: ADMINS },
  "user.disable": { description: "Disable and enable people", roles: ADMINS },
  "user.role_change": { description: "Change roles below your own tier", roles: ADMINS },
  "user.reset_password": { description: "Issue a password reset link", roles: ADMINS },
  "user.reset_pin": {
    description: "Give a new PIN to a student you teach (head tutors and up: any student)",
    roles: TUTORS,
  },
  "user.unlock_pin": {
    description: "Unlock the PIN of your student or child after too many wrong guesses",
    roles: [...TUTORS, ...PARENT],
  },
  "guardian.link": { description: "Link parents to students", roles: ADMINS },
  "guardian.read_children": { description: "See your own children", roles: PARENT },
  "consent.give": { description: "Give consent for your child", roles: PARENT },
  "consent.withdraw": { description: "Withdraw consent for your child", roles: PARENT },
  "consent.read": { description: "See consent records", roles: ADMINS },
  "consent.request": { description: "Ask a linked parent by email to give consent", roles: ADMINS },

  "message.read": {
    description: "Read message threads about students you teach, or that you are in",
    roles: [...TUTORS, ...PARENT],
  },
  "message.write": {
    description: "Open a message thread with a parent or your child's tutors, reply and close it",
    roles: [...TUTORS, ...PARENT],
  },
  "message.reopen": { description: "Reopen a closed message thread", roles: TUTORS },
  "message.read_all": { description: "See every message thread of the centre (safeguarding)", roles: ADMINS },

  "kiosk.read": { description: "See enrolled kiosks", roles: ADMINS },
  "kiosk.enrol": { description: "Enrol a kiosk device", roles: ADMINS },
  "kiosk.revoke": { description: "Revoke a kiosk device", roles: ADMINS },
  "kiosk.badge_manage": { description: "Print a new student badge, or cancel one", roles: ADMINS },
  "kiosk.screen": { description: "Show the kiosk screen", roles: [], kiosk: true },
  "kiosk.student_sign_in": { description: "Sign a student in at the kiosk", roles: [], kiosk: true },
  "arrivals.read": { description: "See today's arrivals at the centre (the kiosk board)", roles: TUTORS, kiosk: true },

  "xp.read": { description: "See XP", roles: EVERYONE },
  "xp.award": { description: "Award XP with a reason", roles: TUTORS },
  "leaderboard.read": { description: "See leaderboards", roles: EVERYONE, kiosk: true },
  "badge.read": { description: "See badges", roles: EVERYONE },
  "badge.certificate": {
    description: "Download the certificate (PDF) of a badge earned by a student whose badges you see",
    roles: EVERYONE,
  },
  "badge.manage": { description: "Define badge rules", roles: HEAD_TUTORS },
  "gamification.rebuild": { description: "Rebuild leaderboards from the XP ledger", roles: ADMINS },

  "announcement.read": { description: "Read the announcements sent to you", roles: EVERYONE },
  "announcement.post": {
    description: "Post announcements to the centre, its parents or a class; see how many have read yours",
    roles: HEAD_TUTORS,
  },
  "announcement.manage": { description: "See who has read any announcement, and delete any", roles: ADMINS },

  "file.upload": { description: "Upload files", roles: EVERYONE },
  "file.read": { description: "Download files you may see", roles: EVERYONE },
  "file.manage": { description: "Manage the centre's files", roles: ADMINS },
  "worksheet.print": { description: "Print QR worksheets", roles: TUTORS },
  "scan.import": { description: "Import batches of scanned pages", roles: ADMINS },
  "scan.review": { description: "Assign unreadable scanned pages", roles: TUTORS },

  "report.read": { description: "See centre reports", roles: ADMINS },
  "export.create": { description: "Request CSV exports", roles: ADMINS },
  "export.download": { description: "Download exports", roles: ADMINS },
  "audit.read": { description: "Read the audit log", roles: ADMINS },
  "queue.read": { description: "See background job queues", roles: ADMINS },
  "mail.read": { description: "See the centre's sent-email log (who was sent what, and what failed)", roles: ADMINS },
  "queue.retry": { description: "Retry failed background jobs", roles: ADMINS },

  "centre.read": { description: "See centre settings", roles: ADMINS },
  "centre.update": { description: "Change centre settings", roles: OWNERS },
  "feature_flag.manage": { description: "Turn centre features on and off", roles: OWNERS },

  "platform.centre_read": { description: "See every centre", roles: PLATFORM },
  "platform.centre_create": { description: "Create centres", roles: PLATFORM },
  "platform.centre_update": { description: "Change any centre", roles: PLATFORM },
  "platform.act_in_centre": { description: "Work inside a chosen centre", roles: PLATFORM },
  "platform.health_read": { description: "See system health", roles: PLATFORM },
  "platform.queue_read": { description: "See all queues", roles: PLATFORM },
  "platform.queue_retry": { description: "Retry any failed job", roles: PLATFORM },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

/** Routes anyone may reach, signed in or not (landing, sign-in, health, assets). */
export const PUBLIC = "public" as const;
/**
 * Routes authorised by a signature in the URL itself (presigned storage links): no cookie is
 * used, so there is nothing for CSRF to forge, and without a valid signature they refuse everyone.
 */
export const SIGNED_URL = "signed_url" as const;
export type RoutePermission = Permission | typeof PUBLIC | typeof SIGNED_URL;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** A role the centre's own setting adds to a permission (tutors writing courses). */
export function centreSettingGrants(role: Role, permission: Permission, features: Record<Feature, boolean>): boolean {
  const extra = (PERMISSIONS[permission] as Grant).whenCentreAllows;
  return extra !== undefined && features[extra.feature] && extra.roles.includes(role);
}

/** Whether a person in a centre with these settings holds the permission (by role, or by setting). */
export function canAct(role: Role, permission: Permission, features: Record<Feature, boolean>): boolean {
  return roleHas(role, permission) || centreSettingGrants(role, permission, features);
}

export function kioskHas(permission: Permission): boolean {
  return (PERMISSIONS[permission] as Grant).kiosk === true;
}

/** Whether a student's homework session on a kiosk may use the permission (homework only). */
export function kioskHomeworkHas(permission: Permission): boolean {
  return (PERMISSIONS[permission] as Grant).kioskHomework === true;
}

/** The tier rule: an actor may only manage people, and grant roles, strictly below their own tier. */
export function outranks(actor: Role, other: Role): boolean {
  return ROLE_TIER[actor] > ROLE_TIER[other];
}

export function grantableRoles(actor: Role): Role[] {
  return ROLES.filter((role) => role !== "platform_admin" && outranks(actor, role));
}
