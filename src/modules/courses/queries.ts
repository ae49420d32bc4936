import type { Kysely } from "kysely";
import { cappedCount, type KeyPart, type KeysetPage, keysetPage, type PageAt } from "../../platform/db/keyset";
import { escapeLike } from "../../platform/db/like";
import type { ContentStatus, Database, ExerciseKind } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

/** Reads for courses, lessons, materials, exercises and enrolments; every one is tenant-scoped. */

export const COURSES_PAGE_SIZE = 25;
export const ENROLMENTS_PAGE_SIZE = 50;
/** The lists say "more than 999" beyond this: counting stays bounded however many there are. */
export const LIST_COUNT_CAP = 1000;

const COURSE_KEY: KeyPart[] = [
  { column: "title", kind: "text" },
  { column: "id", kind: "uuid" },
];
const ENROLLED_KEY: KeyPart[] = [
  { column: "users.name", kind: "text" },
  { column: "users.id", kind: "uuid" },
];

/** A keyset page with its rows counted up to LIST_COUNT_CAP. */
export interface CountedPage<Row> extends KeysetPage<Row> {
  total: number;
}

export interface CourseRow {
  id: string;
  title: string;
  summary: string;
  status: ContentStatus;
}

export interface LessonRow {
  id: string;
  courseId: string;
  title: string;
  position: number;
  status: ContentStatus;
}

export interface MaterialRow {
  id: string;
  lessonId: string;
  kind: "text" | "file";
  title: string;
  bodyMarkdown: string;
  fileId: string | null;
  position: number;
}

export interface ExerciseRow {
  id: string;
  lessonId: string;
  kind: ExerciseKind;
  prompt: string;
  config: Record<string, unknown>;
  points: number;
  position: number;
}

export interface StudentRow {
  id: string;
  name: string;
  studentCode: string | null;
}

const courseColumns = ["id", "title", "summary", "status"] as const;
const lessonColumns = ["id", "course_id as courseId", "title", "position", "status"] as const;
const materialColumns = [
  "id",
  "lesson_id as lessonId",
  "kind",
  "title",
  "body_markdown as bodyMarkdown",
  "file_id as fileId",
  "position",
] as const;
const exerciseColumns = ["id", "lesson_id as lessonId", "kind", "prompt", "config", "points", "position"] as const;

/**
 * The staff course list, by title then id, a page after or before a course (courses_centre_title_idx,
 * or courses_centre_status_title_idx filtered by status); counted up to LIST_COUNT_CAP.
 */
export async function coursesPage(
  db: Kysely<Database>,
  centreId: CentreId,
  status: ContentStatus | undefined,
  at: PageAt,
): Promise<CountedPage<CourseRow>> {
  let query = selectFromTenant(db, "courses", centreId);
  if (status) query = query.where("status", "=", status);
  const [page, total] = await Promise.all([
    keysetPage(query.select(courseColumns), COURSE_KEY, (row) => [row.title, row.id], at, COURSES_PAGE_SIZE),
    cappedCount(db, query.select("id"), LIST_COUNT_CAP),
  ]);
  return { ...page, total };
}

export function courseById(db: Kysely<Database>, centreId: CentreId, id: string): Promise<CourseRow | undefined> {
  return selectFromTenant(db, "courses", centreId).where("id", "=", id).select(courseColumns).executeTakeFirst();
}

export function courseIdByTitle(db: Kysely<Database>, centreId: CentreId, title: string) {
  return selectFromTenant(db, "courses", centreId).where("title", "=", title).select("id").executeTakeFirst();
}

export function lessonsOfCourse(
  db: Kysely<Database>,
  centreId: CentreId,
  courseId: string,
  onlyPublished: boolean,
): Promise<LessonRow[]> {
  let query = selectFromTenant(db, "lessons", centreId).where("course_id", "=", courseId);
  if (onlyPublished) query = query.where("status", "=", "published");
  return query.select(lessonColumns).orderBy("position").orderBy("id").execute();
}

export function lessonById(db: Kysely<Database>, centreId: CentreId, id: string): Promise<LessonRow | undefined> {
  return selectFromTenant(db, "lessons", centreId).where("id", "=", id).select(lessonColumns).executeTakeFirst();
}

export function materialsOfLesson(db: Kysely<Database>, centreId: CentreId, lessonId: string): Promise<MaterialRow[]> {
  return selectFromTenant(db, "materials", centreId)
    .where("lesson_id", "=", lessonId)
    .select(materialColumns)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export function materialById(db: Kysely<Database>, centreId: CentreId, id: string): Promise<MaterialRow | undefined> {
  return selectFromTenant(db, "materials", centreId).where("id", "=", id).select(materialColumns).executeTakeFirst();
}

export function exercisesOfLessons(
  db: Kysely<Database>,
  centreId: CentreId,
  lessonIds: readonly string[],
): Promise<ExerciseRow[]> {
  if (lessonIds.length === 0) return Promise.resolve([]);
  return selectFromTenant(db, "exercises", centreId)
    .where("lesson_id", "in", [...lessonIds])
    .select(exerciseColumns)
    .orderBy("lesson_id")
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export function exercisesWithIds(
  db: Kysely<Database>,
  centreId: CentreId,
  ids: readonly string[],
): Promise<ExerciseRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectFromTenant(db, "exercises", centreId)
    .where("id", "in", [...ids])
    .select(exerciseColumns)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function exerciseInUse(db: Kysely<Database>, centreId: CentreId, exerciseIds: string[]): Promise<boolean> {
  if (exerciseIds.length === 0) return false;
  const row = await selectFromTenant(db, "homework_exercises", centreId)
    .where("exercise_id", "in", exerciseIds)
    .select("exercise_id")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A course's students by name then id, a page after or before one: the centre's people in name
 * order (users_centre_name_idx), each checked for an enrolment in the course by key (a LATERAL with
 * LIMIT 1, a per-row lookup in any plan), so a page reads about its own rows when most of the
 * centre takes the course, instead of every enrolment of the course to sort them; counted up to
 * LIST_COUNT_CAP.
 */
export async function enrolledStudents(
  db: Kysely<Database>,
  centreId: CentreId,
  courseId: string,
  at: PageAt,
): Promise<CountedPage<StudentRow>> {
  const enrolled = selectFromTenant(db, "enrolments", centreId).where("enrolments.course_id", "=", courseId);
  const [page, total] = await Promise.all([
    keysetPage(
      selectFromTenant(db, "users", centreId)
        .innerJoinLateral(
          (eb) =>
            selectFromTenant(db, "enrolments", centreId)
              .where("enrolments.student_id", "=", eb.ref("users.id"))
              .where("enrolments.course_id", "=", courseId)
              .select("enrolments.student_id")
              .limit(1)
              .as("enrolled"),
          (join) => join.onTrue(),
        )
        .select(["users.id", "users.name", "users.student_code as studentCode"]),
      ENROLLED_KEY,
      (row) => [row.name, row.id],
      at,
      ENROLMENTS_PAGE_SIZE,
    ),
    cappedCount(db, enrolled.select("enrolments.student_id"), LIST_COUNT_CAP),
  ]);
  return { ...page, total };
}

/** How many students the enrol picker offers at once: more are found by searching. */
export const CANDIDATES_SHOWN = 20;

/**
 * Active students of the centre who are not yet in the course, for the enrol picker: the first
 * CANDIDATES_SHOWN by name, or those whose name contains `find` or whose code starts with it.
 * `more` says others match too. Walked by name with each enrolment checked by key, so a large
 * centre costs a page of students, not all of them.
 */
export async function studentsNotEnrolled(
  db: Kysely<Database>,
  centreId: CentreId,
  courseId: string,
  find: string | null = null,
): Promise<{ rows: StudentRow[]; more: boolean }> {
  let query = selectFromTenant(db, "users", centreId)
    .leftJoin("enrolments", (join) =>
      join
        .onRef("enrolments.student_id", "=", "users.id")
        .onRef("enrolments.centre_id", "=", "users.centre_id")
        .on("enrolments.course_id", "=", courseId),
    )
    .where("users.role", "=", "student")
    .where("users.status", "=", "active")
    .where("enrolments.student_id", "is", null);
  if (find) {
    const escaped = escapeLike(find);
    query = query.where((eb) =>
      eb.or([eb("users.name", "ilike", `%${escaped}%`), eb("users.student_code", "ilike", `${escaped}%`)]),
    );
  }
  const rows = await query
    .select(["users.id", "users.name", "users.student_code as studentCode"])
    .orderBy("users.name")
    .orderBy("users.id")
    .limit(CANDIDATES_SHOWN + 1)
    .execute();
  return { rows: rows.slice(0, CANDIDATES_SHOWN), more: rows.length > CANDIDATES_SHOWN };
}

/** A student of the centre who may be enrolled: active, not disabled or still invited. */
export function enrollableStudent(db: Kysely<Database>, centreId: CentreId, id: string) {
  return selectFromTenant(db, "users", centreId)
    .where("id", "=", id)
    .where("role", "=", "student")
    .where("status", "=", "active")
    .select(["id", "name"])
    .executeTakeFirst();
}

export async function isEnrolled(
  db: Kysely<Database>,
  centreId: CentreId,
  courseId: string,
  studentIds: readonly string[],
): Promise<boolean> {
  if (studentIds.length === 0) return false;
  const row = await selectFromTenant(db, "enrolments", centreId)
    .where("course_id", "=", courseId)
    .where("student_id", "in", [...studentIds])
    .select("student_id")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Published courses any of these students is enrolled in (a student's own, or a parent's children's). */
export function publishedCoursesFor(
  db: Kysely<Database>,
  centreId: CentreId,
  studentIds: readonly string[],
): Promise<CourseRow[]> {
  if (studentIds.length === 0) return Promise.resolve([]);
  return selectFromTenant(db, "enrolments", centreId)
    .innerJoin("courses", tenantJoin("courses.id", "enrolments.course_id"))
    .where("enrolments.student_id", "in", [...studentIds])
    .where("courses.status", "=", "published")
    .select(["courses.id", "courses.title", "courses.summary", "courses.status"])
    .distinct()
    .orderBy("courses.title")
    .orderBy("courses.id")
    .execute();
}

/** An enrolled student's name, for the question before unenrolling them. */
export async function enrolledStudentName(
  db: Kysely<Database>,
  centreId: CentreId,
  courseId: string,
  studentId: string,
): Promise<string | undefined> {
  const row = await selectFromTenant(db, "enrolments", centreId)
    .innerJoin("users", tenantJoin("users.id", "enrolments.student_id"))
    .where("enrolments.course_id", "=", courseId)
    .where("enrolments.student_id", "=", studentId)
    .select("users.name")
    .executeTakeFirst();
  return row?.name;
}
