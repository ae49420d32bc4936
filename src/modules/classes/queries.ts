import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { cappedCount, type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import { prepared } from "../../platform/db/prepared";
import type { AttendanceMethod, AttendanceStatus, Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";
import type { DateRange, WeeklySlot } from "./schedule";

export const CLASSES_PAGE_SIZE = 25;
/** The list says "more than 999 classes" beyond this: counting stays bounded. */
export const CLASSES_COUNT_CAP = 1000;

const dateText = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const nullableDateText = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export interface ClassRecord {
  id: string;
  name: string;
  courseId: string;
  courseTitle: string;
  tutorId: string;
  tutorName: string;
  /** Weekly slots in order of weekday and time. */
  slots: WeeklySlot[];
  room: string;
  startsOn: string;
  endsOn: string | null;
  /** The centre term the class follows (its dates are then the term's), or null for dates of its own. */
  termId: string | null;
  status: "active" | "archived";
}

/** A class's slots as one JSON array, so a class is still read in one row. */
const slotsOfClass = sql<WeeklySlot[]>`(
  select coalesce(json_agg(json_build_object(
    'weekday', s.weekday, 'startTime', to_char(s.start_time, 'HH24:MI'), 'durationMinutes', s.duration_minutes
  ) order by s.weekday, s.start_time), '[]'::json)
  from class_slots s where s.centre_id = classes.centre_id and s.class_id = classes.id)`;

function classesWithNames(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "classes", centreId)
    .innerJoin("courses", tenantJoin("courses.id", "classes.course_id"))
    .innerJoin("users", tenantJoin("users.id", "classes.tutor_id"))
    .select([
      "classes.id",
      "classes.name",
      "classes.course_id as courseId",
      "courses.title as courseTitle",
      "classes.tutor_id as tutorId",
      "users.name as tutorName",
      slotsOfClass.as("slots"),
      "classes.room",
      dateText("classes.starts_on").as("startsOn"),
      nullableDateText("classes.ends_on").as("endsOn"),
      "classes.term_id as termId",
      "classes.status",
    ]);
}

export function classRecord(db: Kysely<Database>, centreId: CentreId, id: string): Promise<ClassRecord | undefined> {
  return classesWithNames(db, centreId).where("classes.id", "=", id).executeTakeFirst();
}

export interface ClassFilters {
  /** Only this tutor's classes. */
  tutorId?: string;
  /** This tutor's classes are listed first. */
  viewerId: string;
  status: "active" | "archived";
}

/** The class list's key: the viewer's own classes first (rank 0), then by name, then id. */
function classKey(viewerId: string): KeyPart[] {
  return [
    {
      column: "rank",
      kind: "int",
      expression: sql`(case when classes.tutor_id = ${viewerId}::uuid then 0 else 1 end)`,
    },
    { column: "classes.name", kind: "text" },
    { column: "classes.id", kind: "uuid" },
  ];
}

/**
 * The class list: the viewer's own classes first, then by name; stable by id. A page after or
 * before a class by keyset; counted up to CLASSES_COUNT_CAP.
 */
export async function classesPage(
  db: Kysely<Database>,
  centreId: CentreId,
  filters: ClassFilters,
  at: PageAt,
): Promise<KeysetPage<ClassRecord> & { total: number }> {
  const key = classKey(filters.viewerId);
  let query = classesWithNames(db, centreId).where("classes.status", "=", filters.status);
  if (filters.tutorId) query = query.where("classes.tutor_id", "=", filters.tutorId);
  let count = selectFromTenant(db, "classes", centreId).where("status", "=", filters.status);
  if (filters.tutorId) count = count.where("tutor_id", "=", filters.tutorId);
  const [page, total] = await Promise.all([
    keysetPage(
      query.select(keyText(key[0] as KeyPart).as("rank")),
      key,
      (row) => [row.rank, row.name, row.id],
      at,
      CLASSES_PAGE_SIZE,
    ),
    cappedCount(db, count.select("id"), CLASSES_COUNT_CAP),
  ]);
  return { ...page, rows: page.rows.map(({ rank: _, ...row }) => row), total };
}

export function activeClassesOfTutor(db: Kysely<Database>, centreId: CentreId, tutorId: string) {
  return activeClassesOfTutorStatement.all(db, { centreId, tutorId });
}

// Built once (issue 17): every tutor's mark reads it for the tutor's scope.
const activeClassesOfTutorStatement = prepared((db, p: { centreId: CentreId; tutorId: string }) =>
  classesWithNames(db, p.centreId)
    .where("classes.tutor_id", "=", p.tutorId)
    .where("classes.status", "=", "active")
    .orderBy("classes.name")
    .orderBy("classes.id"),
);

/** The active classes a student is in now, with their names: one query however many there are. */
export function activeClassesOfStudent(db: Kysely<Database>, centreId: CentreId, studentId: string) {
  return selectFromTenant(db, "class_members", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_members.class_id"))
    .where("class_members.student_id", "=", studentId)
    .where("classes.status", "=", "active")
    .select(["classes.id", "classes.name"])
    .execute();
}

/** Active classes of a centre with what session generation needs. */
export function activeSlots(db: Kysely<Database>, centreId: CentreId) {
  return classesWithNames(db, centreId).where("classes.status", "=", "active").orderBy("classes.id").execute();
}

export interface NamedPerson {
  id: string;
  name: string;
}

export function membersOf(
  db: Kysely<Database>,
  centreId: CentreId,
  classId: string,
): Promise<(NamedPerson & { avatarFileId: string | null })[]> {
  return membersOfStatement.all(db, { centreId, classId });
}

// Built once, like isMember's and sessionRecord's statements (issue 17): every check-in reads them.
const membersOfStatement = prepared((db, p: { centreId: CentreId; classId: string }) =>
  selectFromTenant(db, "class_members", p.centreId)
    .innerJoin("users", tenantJoin("users.id", "class_members.student_id"))
    .where("class_members.class_id", "=", p.classId)
    .select(["users.id", "users.name", "users.avatar_file_id as avatarFileId"])
    .orderBy("users.name")
    .orderBy("users.id"),
);

export async function isMember(db: Kysely<Database>, centreId: CentreId, classId: string, studentId: string) {
  return (await isMemberStatement.first(db, { centreId, classId, studentId })) !== undefined;
}

const isMemberStatement = prepared((db, p: { centreId: CentreId; classId: string; studentId: string }) =>
  selectFromTenant(db, "class_members", p.centreId)
    .where("class_id", "=", p.classId)
    .where("student_id", "=", p.studentId)
    .select("student_id"),
);

/** Active people of the centre with one of the roles, for pickers. */
export function peopleWithRoles(
  db: Kysely<Database>,
  centreId: CentreId,
  roles: ("student" | "tutor" | "head_tutor")[],
): Promise<NamedPerson[]> {
  return selectFromTenant(db, "users", centreId)
    .where("role", "in", roles)
    .where("status", "<>", "disabled")
    .select(["id", "name"])
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export async function personHasRole(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
  roles: ("student" | "tutor" | "head_tutor")[],
): Promise<boolean> {
  const row = await selectFromTenant(db, "users", centreId)
    .where("id", "=", id)
    .where("role", "in", roles)
    .where("status", "<>", "disabled")
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Active students in the tutor's active classes, by name. */
export function studentsOfTutor(db: Kysely<Database>, centreId: CentreId, tutorId: string): Promise<NamedPerson[]> {
  return selectFromTenant(db, "class_members", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_members.class_id"))
    .innerJoin("users", tenantJoin("users.id", "class_members.student_id"))
    .where("classes.tutor_id", "=", tutorId)
    .where("classes.status", "=", "active")
    .where("users.status", "<>", "disabled")
    .select(["users.id", "users.name"])
    .distinct()
    .orderBy("users.name")
    .orderBy("users.id")
    .execute();
}

/** Which of these ids are active students of the centre. */
export async function studentsWithRole(db: Kysely<Database>, centreId: CentreId, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await selectFromTenant(db, "users", centreId)
    .where("id", "in", ids)
    .where("role", "=", "student")
    .where("status", "<>", "disabled")
    .select("id")
    .execute();
  return rows.map((row) => row.id);
}

export interface SessionRecord {
  id: string;
  classId: string;
  className: string;
  tutorId: string;
  tutorName: string;
  startsAt: Date;
  endsAt: Date;
  /** The session's own room, else the class's. */
  room: string;
  meetingUrl: string | null;
  status: "scheduled" | "cancelled";
  present: number;
  late: number;
  absent: number;
  members: number;
}

/** How many of a session's students are marked with the status. */
const markedAs = (status: AttendanceStatus) =>
  sql<number>`(select count(*) from attendance a where a.centre_id = class_sessions.centre_id and a.session_id = class_sessions.id and a.status = ${status})::int`;

function sessionsWithCounts(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "class_sessions", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
    .innerJoin("users", tenantJoin("users.id", "classes.tutor_id"))
    .select([
      "class_sessions.id",
      "class_sessions.class_id as classId",
      "classes.name as className",
      "classes.tutor_id as tutorId",
      "users.name as tutorName",
      "class_sessions.starts_at as startsAt",
      "class_sessions.ends_at as endsAt",
      sql<string>`coalesce(nullif(class_sessions.room, ''), classes.room)`.as("room"),
      "class_sessions.meeting_url as meetingUrl",
      "class_sessions.status",
      markedAs("present").as("present"),
      markedAs("late").as("late"),
      markedAs("absent").as("absent"),
      sql<number>`(select count(*) from class_members m where m.centre_id = classes.centre_id and m.class_id = classes.id)::int`.as(
        "members",
      ),
    ]);
}

export function sessionRecord(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<SessionRecord | undefined> {
  return sessionRecordStatement.first(db, { centreId, id });
}

const sessionRecordStatement = prepared((db, p: { centreId: CentreId; id: string }) =>
  sessionsWithCounts(db, p.centreId).where("class_sessions.id", "=", p.id),
);

/** Sessions starting in [from, to), in time order; one tutor's only when tutorId is given. */
export function sessionsBetween(
  db: Kysely<Database>,
  centreId: CentreId,
  from: Date,
  to: Date,
  tutorId?: string,
): Promise<SessionRecord[]> {
  let query = sessionsWithCounts(db, centreId)
    .where("class_sessions.starts_at", ">=", from)
    .where("class_sessions.starts_at", "<", to);
  if (tutorId) query = query.where("classes.tutor_id", "=", tutorId);
  return query.orderBy("class_sessions.starts_at").orderBy("classes.name").orderBy("class_sessions.id").execute();
}

export function sessionsOfClass(db: Kysely<Database>, centreId: CentreId, classId: string, from: Date, limit: number) {
  return sessionsWithCounts(db, centreId)
    .where("class_sessions.class_id", "=", classId)
    .where("class_sessions.starts_at", ">=", from)
    .orderBy("class_sessions.starts_at")
    .limit(limit)
    .execute();
}

export interface AttendanceMark {
  studentId: string;
  status: AttendanceStatus;
  checkedInAt: Date | null;
  method: AttendanceMethod;
}

export function marksForSession(
  db: Kysely<Database>,
  centreId: CentreId,
  sessionId: string,
): Promise<AttendanceMark[]> {
  return selectFromTenant(db, "attendance", centreId)
    .where("session_id", "=", sessionId)
    .select(["student_id as studentId", "status", "checked_in_at as checkedInAt", "method"])
    .execute();
}

export interface StudentAttendanceRow {
  sessionId: string;
  classId: string;
  className: string;
  startsAt: Date;
  endsAt: Date;
  sessionStatus: "scheduled" | "cancelled";
  /** Shown to the student only while the centre runs video sessions. */
  meetingUrl: string | null;
  /** Null when nobody recorded the student for this session. */
  status: AttendanceStatus | null;
  checkedInAt: Date | null;
}

/**
 * Sessions of the student's classes (and any session they were marked in) starting in [from, to).
 * Keyed by the student (issue 17): the sessions are found from the student's own class_members
 * rows (each class's sessions in range, by class_sessions_centre_class_start_idx) and their own
 * attendance rows (attendance_centre_student_idx), never by walking the centre's sessions in range.
 */
export function attendanceRowsForStudent(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  from: Date,
  to: Date,
): Promise<StudentAttendanceRow[]> {
  const sessionColumns = [
    "s.id as sessionId",
    "s.class_id as classId",
    "s.starts_at as startsAt",
    "s.ends_at as endsAt",
    "s.status as sessionStatus",
    "s.meeting_url as meetingUrl",
  ] as const;
  // Each side looks its sessions up per row of the student's own (OFFSET 0 keeps the lookup a
  // lookup: PostgreSQL may otherwise hash the centre's sessions in range to join them).
  const sessions = (eb: ExpressionBuilder<Database, "class_members" | "attendance">, key: "class" | "session") =>
    selectFromTenant(db, "class_sessions", centreId)
      .where(
        key === "class" ? "class_sessions.class_id" : "class_sessions.id",
        "=",
        key === "class" ? eb.ref("class_members.class_id" as never) : eb.ref("attendance.session_id" as never),
      )
      .where("class_sessions.starts_at", ">=", from)
      .where("class_sessions.starts_at", "<", to)
      .selectAll("class_sessions")
      .offset(0)
      .as("s");
  const ofTheirClasses = selectFromTenant(db, "class_members", centreId)
    .innerJoinLateral(
      (eb) => sessions(eb, "class"),
      (join) => join.onTrue(),
    )
    .where("class_members.student_id", "=", studentId)
    .select(sessionColumns);
  const markedAt = selectFromTenant(db, "attendance", centreId)
    .innerJoinLateral(
      (eb) => sessions(eb, "session"),
      (join) => join.onTrue(),
    )
    .where("attendance.student_id", "=", studentId)
    .select(sessionColumns);
  return db
    .selectFrom(ofTheirClasses.union(markedAt).as("own"))
    .innerJoin("classes", (join) => join.onRef("classes.id", "=", "own.classId").on("classes.centre_id", "=", centreId))
    .leftJoin("attendance", (join) =>
      join
        .on("attendance.centre_id", "=", centreId)
        .onRef("attendance.session_id", "=", "own.sessionId")
        .on("attendance.student_id", "=", studentId),
    )
    .select([
      "own.sessionId",
      "own.classId",
      "classes.name as className",
      "own.startsAt",
      "own.endsAt",
      "own.sessionStatus",
      "own.meetingUrl",
      "attendance.status",
      "attendance.checked_in_at as checkedInAt",
    ])
    .orderBy("own.startsAt")
    .orderBy("own.sessionId")
    .execute();
}

/** Courses a class can follow: any that is not archived. */
export function courseChoices(db: Kysely<Database>, centreId: CentreId): Promise<{ id: string; title: string }[]> {
  return selectFromTenant(db, "courses", centreId)
    .where("status", "<>", "archived")
    .select(["id", "title"])
    .orderBy("title")
    .orderBy("id")
    .execute();
}

export async function courseIsChoosable(db: Kysely<Database>, centreId: CentreId, courseId: string) {
  const row = await selectFromTenant(db, "courses", centreId)
    .where("id", "=", courseId)
    .where("status", "<>", "archived")
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasAttendance(db: Kysely<Database>, centreId: CentreId, classId: string): Promise<boolean> {
  const row = await selectFromTenant(db, "attendance", centreId)
    .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
    .where("class_sessions.class_id", "=", classId)
    .select("attendance.session_id")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the student is a member of one of the tutor's classes. */
export async function teachesStudent(db: Kysely<Database>, centreId: CentreId, tutorId: string, studentId: string) {
  const row = await selectFromTenant(db, "class_members", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_members.class_id"))
    .where("class_members.student_id", "=", studentId)
    .where("classes.tutor_id", "=", tutorId)
    .select("classes.id")
    .executeTakeFirst();
  return row !== undefined;
}

/** The tutors of the student's active classes. */
export async function tutorsOfStudent(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<string[]> {
  const rows = await selectFromTenant(db, "class_members", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_members.class_id"))
    .where("class_members.student_id", "=", studentId)
    .where("classes.status", "=", "active")
    .select("classes.tutor_id as tutorId")
    .distinct()
    .execute();
  return rows.map((row) => row.tutorId);
}

export interface DatedRange extends DateRange {
  id: string;
  name: string;
}

/** A centre's terms or holidays, earliest first. */
export function datedRanges(
  db: Kysely<Database>,
  centreId: CentreId,
  table: "centre_terms" | "centre_holidays",
): Promise<DatedRange[]> {
  return selectFromTenant(db, table, centreId)
    .select(["id", "name", dateText("starts_on").as("startsOn"), dateText("ends_on").as("endsOn")])
    .orderBy("starts_on")
    .orderBy("id")
    .execute();
}

export function datedRange(
  db: Kysely<Database>,
  centreId: CentreId,
  table: "centre_terms" | "centre_holidays",
  id: string,
): Promise<DatedRange | undefined> {
  return selectFromTenant(db, table, centreId)
    .where("id", "=", id)
    .select(["id", "name", dateText("starts_on").as("startsOn"), dateText("ends_on").as("endsOn")])
    .executeTakeFirst();
}

/** A student's name while they are in the class, for the question before removing them. */
export async function memberName(
  db: Kysely<Database>,
  centreId: CentreId,
  classId: string,
  studentId: string,
): Promise<string | undefined> {
  const row = await selectFromTenant(db, "class_members", centreId)
    .innerJoin("users", tenantJoin("users.id", "class_members.student_id"))
    .where("class_members.class_id", "=", classId)
    .where("class_members.student_id", "=", studentId)
    .select("users.name")
    .executeTakeFirst();
  return row?.name;
}

export interface ClassStay {
  classId: string;
  className: string;
  joinedAt: Date;
  leftAt: Date | null;
}

/** Every stay of a student in a class (class_memberships), latest first: moves and removals included. */
export function classStaysOf(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<ClassStay[]> {
  return selectFromTenant(db, "class_memberships", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_memberships.class_id"))
    .where("class_memberships.student_id", "=", studentId)
    .select([
      "classes.id as classId",
      "classes.name as className",
      "class_memberships.joined_at as joinedAt",
      "class_memberships.left_at as leftAt",
    ])
    .orderBy("class_memberships.joined_at", "desc")
    .orderBy("class_memberships.id")
    .execute();
}
