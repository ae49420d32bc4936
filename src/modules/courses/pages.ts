import type { CourseAbilities, EnrolmentProps, LessonItem } from "../../../views/courses/course";
import type { CourseListItem } from "../../../views/courses/courses";
import type { LessonEditorProps, LessonViewProps } from "../../../views/courses/lesson";
import { statusLabel } from "../../../views/courses/parts";
import { db } from "../../platform/db";
import { type PageAt, pageLinks } from "../../platform/db/keyset";
import { canAct, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { visibleCourse, visibleLesson } from "./access";
import { toAuthorExercise, toMaterialItems, toPracticeExercise } from "./present";
import {
  type CourseRow,
  enrolledStudents,
  exercisesOfLessons,
  type LessonRow,
  LIST_COUNT_CAP,
  lessonsOfCourse,
  materialsOfLesson,
  studentsNotEnrolled,
} from "./queries";

/** Assembles the data each course page needs; the routes render it. */

export function withStatusLabel<Row extends CourseRow | LessonRow>(row: Row): Row & { statusLabel: string } {
  return { ...row, statusLabel: statusLabel(row.status) };
}

export function courseAbilities(actor: Actor): CourseAbilities {
  return {
    edit: canAct(actor.role, "course.update", actor.centre.features),
    publish: roleHas(actor.role, "course.publish"),
    archive: roleHas(actor.role, "course.archive"),
    editLessons: canAct(actor.role, "lesson.update", actor.centre.features),
    deleteLessons: canAct(actor.role, "lesson.delete", actor.centre.features),
  };
}

export async function lessonItems(actor: Actor, courseId: string, onlyPublished: boolean): Promise<LessonItem[]> {
  return (await lessonsOfCourse(db, actor.centreId, courseId, onlyPublished)).map(withStatusLabel);
}

export async function enrolmentProps(
  actor: Actor,
  course: CourseListItem | CourseRow,
  at: PageAt,
  csrfToken: string,
  error?: string,
  find: string | null = null,
): Promise<EnrolmentProps | null> {
  if (!roleHas(actor.role, "enrolment.read")) return null;
  const manage = roleHas(actor.role, "enrolment.manage");
  const [enrolled, candidates] = await Promise.all([
    enrolledStudents(db, actor.centreId, course.id, at),
    manage ? studentsNotEnrolled(db, actor.centreId, course.id, find) : null,
  ]);
  return {
    courseId: course.id,
    students: enrolled.rows,
    total: enrolled.total,
    totalCap: LIST_COUNT_CAP,
    links: pageLinks(`/courses/${course.id}`, enrolled, at, { anchor: "#enrolments" }),
    candidates: candidates?.rows ?? null,
    moreCandidates: candidates?.more ?? false,
    find,
    csrfToken,
    error,
  };
}

/** A lesson the actor may see, with its course, materials (ready to show) and exercises. */
async function lessonContent(actor: Actor, lessonId: string) {
  const { lesson, course } = await visibleLesson(actor, lessonId);
  const [materials, exercises] = await Promise.all([
    materialsOfLesson(db, actor.centreId, lesson.id),
    exercisesOfLessons(db, actor.centreId, [lesson.id]),
  ]);
  return {
    lesson,
    course: { id: course.id, title: course.title },
    materials: await toMaterialItems(actor.centreId, materials),
    exercises,
  };
}

export async function lessonEditorProps(actor: Actor, lessonId: string, csrfToken: string): Promise<LessonEditorProps> {
  const { lesson, course, materials, exercises } = await lessonContent(actor, lessonId);
  return {
    course,
    lesson: withStatusLabel(lesson),
    materials,
    exercises: exercises.map(toAuthorExercise),
    canEdit: canAct(actor.role, "lesson.update", actor.centre.features),
    csrfToken,
  };
}

/** The student's reading of a lesson; authors get the same through the preview. */
export async function lessonViewProps(actor: Actor, lessonId: string, preview: boolean): Promise<LessonViewProps> {
  const { lesson, course, materials, exercises } = await lessonContent(actor, lessonId);
  return {
    course,
    lesson: { id: lesson.id, title: lesson.title },
    materials,
    exercises: exercises.map(toPracticeExercise),
    preview,
  };
}

export async function courseFor(actor: Actor, courseId: string): Promise<CourseListItem> {
  return withStatusLabel(await visibleCourse(actor, courseId));
}
