import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are written by the database and read back as Dates. */
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export const ROLES = [
  "platform_admin",
  "centre_owner",
  "centre_admin",
  "head_tutor",
  "tutor",
  "parent",
  "student",
] as const;
export type Role = (typeof ROLES)[number];

export type UserStatus = "invited" | "active" | "disabled";

export interface CentresTable {
  id: Generated<string>;
  slug: string;
  name: string;
  time_zone: string;
  /** The centre's language, for everyone there who has not chosen their own. */
  locale: Generated<string>;
  /** Contact details shown to the centre's families; each optional. */
  contact_email: Generated<string | null>;
  contact_phone: Generated<string | null>;
  postal_address: Generated<string | null>;
  website: Generated<string | null>;
  /** The centre's logo (a `centre_logo` file), on its sign-in page and in its pages' header. */
  logo_file_id: Generated<string | null>;
  feature_flags: ColumnType<Record<string, boolean>, Record<string, boolean> | undefined, Record<string, boolean>>;
  settings: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  /** The person's own language; null follows the centre's. */
  locale: Generated<string | null>;
  /** Null only for platform_admin, who belongs to no centre. */
  centre_id: string | null;
  role: Role;
  name: string;
  email_lookup: string | null;
  email_encrypted: string | null;
  phone_encrypted: string | null;
  date_of_birth_encrypted: string | null;
  password_hash: string | null;
  student_code: string | null;
  pin_hash: string | null;
  avatar_file_id: string | null;
  status: Generated<UserStatus>;
  last_sign_in_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Append-only (the database refuses UPDATE, DELETE and TRUNCATE); written by platform/audit only. */
export interface AuditEventsTable {
  /** bigint, read as a string; reserved before the insert because the hash covers it. */
  id: ColumnType<string, string, never>;
  centre_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string;
  /** Set by the writer, at millisecond precision, because the hash covers it. */
  created_at: ColumnType<Date, Date, never>;
  prev_hash: string | null;
  hash: string;
}

export interface GuardianshipsTable {
  centre_id: string;
  parent_id: string;
  student_id: string;
  created_at: CreatedAt;
}

export type ConsentAction = "given" | "withdrawn";

export interface ConsentEventsTable {
  id: Generated<string>;
  centre_id: string;
  student_id: string;
  parent_id: string;
  action: ConsentAction;
  method: string;
  ip: string;
  user_agent: string | null;
  created_at: CreatedAt;
}

export type TokenPurpose = "invitation" | "password_reset";

export interface UserTokensTable {
  id: Generated<string>;
  centre_id: string | null;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  created_by: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface KioskDevicesTable {
  id: Generated<string>;
  centre_id: string;
  name: string;
  pairing_code_hash: string | null;
  pairing_expires_at: Date | null;
  paired_at: Date | null;
  revoked_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export type FileKind =
  | "avatar"
  | "submission"
  | "material"
  | "material_image"
  | "material_audio"
  | "material_video"
  | "scan_batch"
  | "export"
  | "centre_logo";
export type FileVariant = "original" | "thumbnail" | "webp";
export type FileStatus = "pending" | "stored";

export interface FilesTable {
  id: Generated<string>;
  centre_id: string;
  owner_id: string;
  bucket: string;
  object_key: string;
  kind: FileKind;
  derived_from: string | null;
  variant: Generated<FileVariant>;
  content_type: string | null;
  size_bytes: number | null;
  checksum_sha256: string | null;
  original_name: string;
  status: Generated<FileStatus>;
  /** A derived image's size in pixels; null for everything else. */
  width: number | null;
  height: number | null;
  created_at: CreatedAt;
  stored_at: Date | null;
}

export type ContentStatus = "draft" | "published" | "archived";
export type ExerciseKind = "multiple_choice" | "numeric" | "short_answer" | "free_response" | "worksheet";
export type AttendanceStatus = "present" | "late" | "absent";
export type AttendanceMethod = "tutor" | "kiosk" | "qr";
export type SubmissionStatus = "not_started" | "in_progress" | "submitted" | "returned" | "marked";
/** numeric columns arrive from postgres.js as strings, to keep their precision. */
type Numeric = ColumnType<string, string | number, string | number>;
type JsonObject = ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;

export interface CoursesTable {
  id: Generated<string>;
  centre_id: string;
  title: string;
  summary: Generated<string>;
  status: Generated<ContentStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LessonsTable {
  id: Generated<string>;
  centre_id: string;
  course_id: string;
  title: string;
  position: number;
  status: Generated<ContentStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MaterialsTable {
  id: Generated<string>;
  centre_id: string;
  lesson_id: string;
  kind: "text" | "file";
  title: string;
  body_markdown: Generated<string>;
  file_id: string | null;
  position: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ExercisesTable {
  id: Generated<string>;
  centre_id: string;
  lesson_id: string;
  kind: ExerciseKind;
  prompt: string;
  config: JsonObject;
  points: Generated<number>;
  position: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EnrolmentsTable {
  centre_id: string;
  course_id: string;
  student_id: string;
  enrolled_at: CreatedAt;
}

export interface ClassesTable {
  id: Generated<string>;
  centre_id: string;
  course_id: string;
  tutor_id: string;
  name: string;
  room: Generated<string>;
  /** Dates as "YYYY-MM-DD" strings. */
  starts_on: ColumnType<Date, string, string>;
  ends_on: ColumnType<Date | null, string | null, string | null>;
  status: Generated<"active" | "archived">;
  /** The centre term the class follows: its dates are then copied from the term. */
  term_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One weekly slot of a class, at a local time in the centre's time zone. */
export interface ClassSlotsTable {
  id: Generated<string>;
  centre_id: string;
  class_id: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local time of day, "HH:MM:SS". */
  start_time: string;
  duration_minutes: number;
}

/** A centre's term or holiday: inclusive local dates. */
export interface CentreDateRangeTable {
  id: Generated<string>;
  centre_id: string;
  name: string;
  starts_on: ColumnType<Date, string, string>;
  ends_on: ColumnType<Date, string, string>;
  created_at: CreatedAt;
}

/** One stay of a student in a class; left_at is null while they are still in it. */
export interface ClassMembershipsTable {
  id: Generated<string>;
  centre_id: string;
  class_id: string;
  student_id: string;
  joined_at: ColumnType<Date, Date | undefined, never>;
  left_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ClassMembersTable {
  centre_id: string;
  class_id: string;
  student_id: string;
  joined_at: CreatedAt;
}

export interface ClassSessionsTable {
  id: Generated<string>;
  centre_id: string;
  class_id: string;
  starts_at: Date;
  ends_at: Date;
  room: Generated<string>;
  meeting_url: string | null;
  status: Generated<"scheduled" | "cancelled">;
  created_at: CreatedAt;
}

export interface AttendanceTable {
  centre_id: string;
  session_id: string;
  student_id: string;
  status: AttendanceStatus;
  checked_in_at: Date | null;
  method: AttendanceMethod;
  recorded_by: string | null;
  updated_at: UpdatedAt;
}

export interface HomeworkTable {
  id: Generated<string>;
  centre_id: string;
  title: string;
  instructions: Generated<string>;
  kind: "exercises" | "worksheet";
  course_id: string | null;
  class_id: string | null;
  set_by: string;
  due_at: Date;
  status: Generated<"active" | "withdrawn">;
  /** Students see their auto-marked results and the correct answers as soon as they hand in. */
  show_results_on_hand_in: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface HomeworkExercisesTable {
  centre_id: string;
  homework_id: string;
  exercise_id: string;
  position: number;
}

export interface SubmissionsTable {
  id: Generated<string>;
  centre_id: string;
  homework_id: string;
  student_id: string;
  status: Generated<SubmissionStatus>;
  submitted_at: Date | null;
  auto_score: Numeric | null;
  score: Numeric | null;
  max_score: Generated<Numeric>;
  feedback: Generated<string>;
  marker_id: string | null;
  marked_at: Date | null;
  moderated_by: string | null;
  moderated_at: Date | null;
  /** A tutor's override of the auto-mark (auto_score keeps the auto-mark): who, when and why. */
  override_by: string | null;
  override_at: Date | null;
  override_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Derived by triggers (migration 0027): one row per submission waiting for a mark and per tutor whose queue holds it. */
export interface MarkingQueueEntriesTable {
  centre_id: string;
  tutor_id: string;
  submitted_at: Date;
  submission_id: string;
}

export interface AnswersTable {
  centre_id: string;
  submission_id: string;
  exercise_id: string;
  response: ColumnType<unknown, string, string>;
  is_correct: boolean | null;
  auto_points: Numeric | null;
  tutor_points: Numeric | null;
  feedback: Generated<string>;
  updated_at: UpdatedAt;
}

/** Domain events awaiting (or past) publication to the event queue; written by platform/events only. */
export interface OutboxEventsTable {
  /** bigint identity, read as a string. */
  id: ColumnType<string, never, never>;
  centre_id: string | null;
  type: string;
  payload: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
  published_at: ColumnType<Date | null, never, Date>;
}

/** Which handler has done its effect for which event (exactly-once effects). */
export interface HandledEventsTable {
  event_id: string;
  handler: string;
  handled_at: CreatedAt;
}

export interface NotificationsTable {
  id: ColumnType<string, never, never>;
  centre_id: string;
  user_id: string;
  /** The en-GB wording, kept for rollbacks and rows of no known kind; readers see `kind` rendered. */
  text: string;
  /** What happened (migration 0013), put into words at read time in the reader's language. */
  kind: string | null;
  params: ColumnType<Record<string, string | number> | null, string | null, never>;
  link: string | null;
  created_at: CreatedAt;
  read_at: ColumnType<Date | null, never, Date>;
}

export type ScanImportStatus = "queued" | "processing" | "done" | "failed";
export type ScanPageStatus = "filed" | "needs_review" | "assigned";
export type ScanPageReason = "no_code" | "bad_signature" | "foreign" | "no_submission";

export interface SubmissionFilesTable {
  centre_id: string;
  submission_id: string;
  file_id: string;
  page_number: number | null;
  source: "upload" | "scan";
  created_at: CreatedAt;
}

export interface ScanImportsTable {
  id: Generated<string>;
  centre_id: string;
  uploaded_by: string;
  file_id: string;
  status: Generated<ScanImportStatus>;
  pages_total: Generated<number>;
  pages_filed: Generated<number>;
  pages_review: Generated<number>;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface ScanPagesTable {
  id: Generated<string>;
  centre_id: string;
  import_id: string;
  page_index: number;
  file_id: string;
  status: ScanPageStatus;
  reason: ScanPageReason | null;
  submission_id: string | null;
  page_number: number | null;
  assigned_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ExportKind = "attendance" | "homework_completion" | "marks" | "xp" | "term_reports";
export type ExportStatus = "queued" | "running" | "done" | "failed";

export interface ExportsTable {
  id: Generated<string>;
  centre_id: string;
  kind: ExportKind;
  params: ColumnType<unknown, string, string>;
  status: Generated<ExportStatus>;
  rows_written: Generated<number>;
  file_id: string | null;
  requested_by: string;
  created_at: CreatedAt;
  finished_at: Date | null;
  error: string | null;
}

export type XpSourceType = "exercise" | "homework" | "attendance" | "award";

/** The append-only XP ledger: a trigger refuses UPDATE and DELETE. */
export interface XpLedgerTable {
  /** bigint identity, read as a string. */
  id: ColumnType<string, never, never>;
  centre_id: string;
  student_id: string;
  amount: number;
  reason: string;
  source_type: XpSourceType;
  source_id: string;
  awarded_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface BadgesEarnedTable {
  centre_id: string;
  student_id: string;
  badge: string;
  /** The ledger entry whose award earned it. */
  entry_id: string;
  earned_at: ColumnType<Date, Date | undefined, never>;
}

export type PinGuessPath = "sign_in" | "kiosk" | "profile";

/** A PIN guess judged, or reserved ('pending') while its check runs. */
export interface StudentPinGuessesTable {
  id: Generated<string>;
  centre_id: string;
  student_id: string;
  guessed_at: Date;
  outcome: "pending" | "wrong";
  path: PinGuessPath;
  ip: string | null;
}

/** The row PIN guesses for a student serialise on; locked_at set means PIN sign-in is refused. */
export interface StudentPinLocksTable {
  student_id: string;
  centre_id: string;
  locked_at: Date | null;
  unlocked_at: Date | null;
  succeeded_at: Date | null;
  reset_at: Date | null;
  reset_by: string | null;
}

/** The current badge version of a student; no row means version 0, never revoked. */
export interface StudentBadgesTable {
  student_id: string;
  centre_id: string;
  version: number;
  revoked_at: Date | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A conversation about one student between their parent(s) and the staff who look after them. */
export interface MessageThreadsTable {
  id: Generated<string>;
  centre_id: string;
  student_id: string;
  subject: string;
  opened_by: string;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: CreatedAt;
  last_message_at: ColumnType<Date, Date | undefined, Date>;
}

/** Who is in a thread: told about new messages, with what they have read. */
export interface MessageParticipantsTable {
  centre_id: string;
  thread_id: string;
  user_id: string;
  joined_at: CreatedAt;
  last_read_at: Date | null;
  nudged_at: Date | null;
}

/** Every message ever written in a thread: a trigger refuses UPDATE and DELETE. */
export interface ThreadMessagesTable {
  /** bigint identity, read as a string. */
  id: ColumnType<string, never, never>;
  centre_id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: CreatedAt;
}

export type MailStatus = "queued" | "sending" | "sent" | "failed" | "skipped";

/** Outgoing email, one row per logical email (src/platform/mail). */
export interface MailMessagesTable {
  id: string;
  key: string;
  centre_id: string | null;
  recipient_id: string;
  template: string;
  params_encrypted: string | null;
  unsubscribe_url: string | null;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, never, number>;
  last_error: string | null;
  message_id: string;
  provider_response: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sent_at: Date | null;
}

export type EmailChoice = "immediate" | "digest" | "off";

/** A person's choice of how a kind of email reaches them; no row means the kind's default. */
export interface EmailPreferencesTable {
  centre_id: string;
  user_id: string;
  kind: string;
  choice: EmailChoice;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A line waiting for its person's daily digest (mail_key set once a digest carried it). */
export interface DigestItemsTable {
  id: ColumnType<string, never, never>;
  centre_id: string;
  user_id: string;
  key: string;
  kind: string;
  note_kind: string | null;
  params: ColumnType<Record<string, string | number> | null, string | null, never>;
  text: string;
  link: string | null;
  created_at: CreatedAt;
  mail_key: ColumnType<string | null, never, string>;
}

/** Overdue homework a student's parents were told about: once per student and homework. */
export interface HomeworkOverdueNoticesTable {
  centre_id: string;
  homework_id: string;
  student_id: string;
  noticed_at: CreatedAt;
}

export type AnnouncementAudience = "centre" | "parents" | "class";

/** Posted by an admin or head tutor (migration 0017); written by the announcements module only. */
export interface AnnouncementsTable {
  id: Generated<string>;
  centre_id: string;
  author_id: string | null;
  audience: AnnouncementAudience;
  class_id: string | null;
  title: string;
  body: string;
  created_at: CreatedAt;
  /** When it leaves home pages (the end of its last day in centre time); null keeps it there. */
  home_until: Date | null;
}

/** One row per person an announcement reached, resolved when it was posted; read_at once they read it. */
export interface AnnouncementRecipientsTable {
  centre_id: string;
  announcement_id: string;
  user_id: string;
  read_at: ColumnType<Date | null, never, Date>;
}

/** A reporting period a head tutor sets: inclusive local dates. */
export interface ReportingPeriodsTable {
  id: Generated<string>;
  centre_id: string;
  name: string;
  starts_on: ColumnType<Date, string, string>;
  ends_on: ColumnType<Date, string, string>;
  created_by: string;
  created_at: CreatedAt;
}

/** A tutor's words on one student of a class (its course) for a reporting period. */
export interface TermReportCommentsTable {
  centre_id: string;
  period_id: string;
  class_id: string;
  student_id: string;
  comment: string;
  next_steps: string;
  author_id: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A class's reports for a period, released to parents by a head tutor: once, never taken back. */
export interface TermReportReleasesTable {
  id: Generated<string>;
  centre_id: string;
  period_id: string;
  class_id: string;
  released_by: string;
  released_at: CreatedAt;
}

export interface Database {
  reporting_periods: ReportingPeriodsTable;
  term_report_comments: TermReportCommentsTable;
  term_report_releases: TermReportReleasesTable;
  student_pin_guesses: StudentPinGuessesTable;
  student_pin_locks: StudentPinLocksTable;
  student_badges: StudentBadgesTable;
  xp_ledger: XpLedgerTable;
  badges_earned: BadgesEarnedTable;
  exports: ExportsTable;
  outbox_events: OutboxEventsTable;
  handled_events: HandledEventsTable;
  notifications: NotificationsTable;
  centres: CentresTable;
  users: UsersTable;
  guardianships: GuardianshipsTable;
  consent_events: ConsentEventsTable;
  user_tokens: UserTokensTable;
  kiosk_devices: KioskDevicesTable;
  audit_events: AuditEventsTable;
  courses: CoursesTable;
  lessons: LessonsTable;
  materials: MaterialsTable;
  exercises: ExercisesTable;
  enrolments: EnrolmentsTable;
  classes: ClassesTable;
  class_members: ClassMembersTable;
  class_slots: ClassSlotsTable;
  class_memberships: ClassMembershipsTable;
  centre_terms: CentreDateRangeTable;
  centre_holidays: CentreDateRangeTable;
  class_sessions: ClassSessionsTable;
  attendance: AttendanceTable;
  homework: HomeworkTable;
  homework_exercises: HomeworkExercisesTable;
  submissions: SubmissionsTable;
  marking_queue_entries: MarkingQueueEntriesTable;
  answers: AnswersTable;
  files: FilesTable;
  submission_files: SubmissionFilesTable;
  scan_imports: ScanImportsTable;
  scan_pages: ScanPagesTable;
  message_threads: MessageThreadsTable;
  message_participants: MessageParticipantsTable;
  thread_messages: ThreadMessagesTable;
  mail_messages: MailMessagesTable;
  email_preferences: EmailPreferencesTable;
  digest_items: DigestItemsTable;
  homework_overdue_notices: HomeworkOverdueNoticesTable;
  announcements: AnnouncementsTable;
  announcement_recipients: AnnouncementRecipientsTable;
}

export type Centre = Selectable<CentresTable>;
export type NewCentre = Insertable<CentresTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type FileRow = Selectable<FilesTable>;
