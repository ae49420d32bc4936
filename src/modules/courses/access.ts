import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { childrenOf } from "../people";
import { type CourseRow, courseById, isEnrolled, type LessonRow, lessonById, publishedCoursesFor } from "./queries";

/**
 * Who sees what. Staff (tutor and up) see every course, lesson and exercise of their centre.
 * Learners — a student, or a parent through their children — see only published courses they
 * (or a child) are enrolled in, and only the published lessons of those. Anything else is a
 * 404, so a learner cannot tell a draft from an id that does not exist.
 */
export function isStaff(actor: Actor): boolean {
  return roleHas(actor.role, "exercise.read");
}

async function learnerIds(actor: Actor): Promise<string[]> {
  if (actor.role === "student") return [actor.userId];
  if (roleHas(actor.role, "guardian.read_children"))
    return (await childrenOf(db, actor.centreId, actor.userId)).map((child) => child.id);
  return [];
}

export async function learnerCourses(actor: Actor): Promise<CourseRow[]> {
  return publishedCoursesFor(db, actor.centreId, await learnerIds(actor));
}

export async function visibleCourse(actor: Actor, courseId: string): Promise<CourseRow> {
  const course = await courseById(db, actor.centreId, courseId);
  if (course && (isStaff(actor) || (await learnerMaySee(actor, course)))) return course;
  throw new NotFoundError(t("courses.error.courseNotFound"));
}

export async function visibleLesson(actor: Actor, lessonId: string): Promise<{ lesson: LessonRow; course: CourseRow }> {
  const lesson = await lessonById(db, actor.centreId, lessonId);
  if (lesson && (isStaff(actor) || lesson.status === "published")) {
    const course = await courseById(db, actor.centreId, lesson.courseId);
    if (course && (isStaff(actor) || (await learnerMaySee(actor, course)))) return { lesson, course };
  }
  throw new NotFoundError(t("courses.error.lessonNotFound"));
}

async function learnerMaySee(actor: Actor, course: CourseRow): Promise<boolean> {
  return course.status === "published" && isEnrolled(db, actor.centreId, course.id, await learnerIds(actor));
}
