import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { cachePart, invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import type { ContentStatus, Database } from "../../platform/db/schema";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type CentreId, deleteFromTenant, selectFromTenant, updateTenant } from "../../platform/tenancy";
import {
  type CourseRow,
  courseById,
  type ExerciseRow,
  enrollableStudent,
  exercisesOfLessons,
  exercisesWithIds,
  isEnrolled as isEnrolledAny,
  type LessonRow,
  lessonById as lessonRow,
  lessonsOfCourse,
  publishedCoursesFor,
} from "./queries";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidsOnly = (ids: readonly string[]) => ids.filter((id) => UUID.test(id));

// ---- The module's API for other modules (homework, classes, dashboards) ----

/** Every exercise of these lessons, in lesson then position order (answers included: for marking). */
export function exercisesForLessons(centreId: CentreId, lessonIds: readonly string[]): Promise<ExerciseRow[]> {
  return exercisesOfLessons(db, centreId, uuidsOnly(lessonIds));
}

/** The exercises with these ids that belong to the centre; unknown ids are simply absent. */
export function exercisesByIds(centreId: CentreId, ids: readonly string[]): Promise<ExerciseRow[]> {
  return exercisesWithIds(db, centreId, uuidsOnly(ids));
}

export async function lessonById(centreId: CentreId, id: string): Promise<LessonRow | undefined> {
  return UUID.test(id) ? lessonRow(db, centreId, id) : undefined;
}

/** The lessons a student sees, in order. */
export async function publishedLessonsForCourse(centreId: CentreId, courseId: string): Promise<LessonRow[]> {
  return UUID.test(courseId) ? lessonsOfCourse(db, centreId, courseId, true) : [];
}

/** "My courses": the published courses the student is enrolled in, by title. */
export function coursesForStudent(centreId: CentreId, studentId: string): Promise<CourseRow[]> {
  return publishedCoursesFor(db, centreId, uuidsOnly([studentId]));
}

export function isEnrolled(centreId: CentreId, courseId: string, studentId: string): Promise<boolean> {
  if (!UUID.test(courseId) || !UUID.test(studentId)) return Promise.resolve(false);
  return isEnrolledAny(db, centreId, courseId, [studentId]);
}

/** The titles of these courses of the centre, by title (the markbook's course filter). */
export function courseTitles(centreId: CentreId, ids: readonly string[]): Promise<{ id: string; title: string }[]> {
  const known = uuidsOnly(ids);
  if (known.length === 0) return Promise.resolve([]);
  return selectFromTenant(db, "courses", centreId)
    .where("id", "in", known)
    .select(["id", "title"])
    .orderBy("title")
    .execute();
}

// ---- Courses ----

function auditBase(actor: Actor) {
  return { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
}

/** The course, locked for the rest of the transaction; 404 when it is not this centre's. */
export async function lockedCourse(trx: Kysely<Database>, centreId: CentreId, id: string): Promise<CourseRow> {
  const course = await selectFromTenant(trx, "courses", centreId)
    .where("id", "=", id)
    .select(["id", "title", "summary", "status"])
    .forUpdate()
    .executeTakeFirst();
  if (!course) throw new NotFoundError(t("courses.error.courseNotFound"));
  return course;
}

export interface CourseInput {
  title: string;
  summary: string;
}

export async function createCourse(actor: Actor, input: CourseInput): Promise<string> {
  const course = await db
    .insertInto("courses")
    .values({ centre_id: actor.centreId, title: input.title, summary: input.summary, created_by: actor.userId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return course.id;
}

export async function updateCourse(actor: Actor, id: string, input: CourseInput): Promise<void> {
  const result = await updateTenant(db, "courses", actor.centreId)
    .set({ title: input.title, summary: input.summary, updated_at: new Date() })
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError(t("courses.error.courseNotFound"));
}

/**
 * Publish (students enrolled in it see it), unpublish (back to draft) or archive (hidden from
 * students, kept for history). Each change of status is audited; repeating one changes nothing.
 */
export async function setCourseStatus(actor: Actor, id: string, status: ContentStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await lockedCourse(trx, actor.centreId, id);
    if (course.status === status) return;
    await updateTenant(trx, "courses", actor.centreId)
      .set({ status, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, {
      ...auditBase(actor),
      action: status === "archived" ? "course.archive" : "course.publish",
      target: { type: "course", id },
      before: { title: course.title, status: course.status },
      after: { title: course.title, status },
    });
  });
}

/** The course as the course page needs it, or 404. */
export async function courseOr404(centreId: CentreId, id: string): Promise<CourseRow> {
  const course = await courseById(db, centreId, id);
  if (!course) throw new NotFoundError(t("courses.error.courseNotFound"));
  return course;
}

// ---- Enrolment ----

export async function enrol(actor: Actor, courseId: string, studentId: string): Promise<void> {
  const course = await courseOr404(actor.centreId, courseId);
  const student = await enrollableStudent(db, actor.centreId, studentId);
  if (!student) throw new NotFoundError(t("courses.error.studentNotFound"));
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("enrolments")
      .values({ centre_id: actor.centreId, course_id: courseId, student_id: studentId })
      .onConflict((conflict) => conflict.doNothing())
      .returning("enrolled_at")
      .executeTakeFirst();
    // Enrolling someone already enrolled changes nothing, so there is nothing to audit.
    if (!added) return;
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "enrolment.enrol",
      target: { type: "student", id: studentId },
      before: { courseId, courseTitle: course.title, enrolled: false },
      after: { courseId, courseTitle: course.title, enrolled: true, enrolledAt: added.enrolled_at },
    });
  });
  // A student's courses show only on their own progress (and their parents' view of it).
  await invalidateParts(redis, actor.centreId, [cachePart.student(studentId)]);
}

export async function unenrol(actor: Actor, courseId: string, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteFromTenant(trx, "enrolments", actor.centreId)
      .where("course_id", "=", courseId)
      .where("student_id", "=", studentId)
      .returning("enrolled_at")
      .executeTakeFirst();
    if (!removed) throw new NotFoundError(t("courses.error.notEnrolled"));
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "enrolment.unenrol",
      target: { type: "student", id: studentId },
      before: { courseId, enrolled: true, enrolledAt: removed.enrolled_at },
      after: { courseId, enrolled: false },
    });
  });
  await invalidateParts(redis, actor.centreId, [cachePart.student(studentId)]);
}

/** Refuses deleting what homework already uses: one exercise, or a lesson with such an exercise in it. */
export function inUseConflict(what: "exercise" | "lesson"): ConflictError {
  return new ConflictError(t(what === "lesson" ? "courses.error.lessonInUse" : "courses.error.exerciseInUse"));
}
