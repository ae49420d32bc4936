import { db } from "../../platform/db";
import { ConflictError, NotFoundError } from "../../platform/errors";
import type { Confirmation } from "../../platform/http/confirmation";
import { t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import type { ConfirmContext } from "../../web/guard";
import { visibleCourse } from "./access";
import { enrolmentParams, idParams } from "./forms";
import { courseById, enrolledStudentName, exercisesWithIds, lessonById, materialById } from "./queries";

/** What the course pages ask before archiving a course or deleting from it, naming the thing. */

const PROMPT_SHOWN = 80;

function idOf(context: ConfirmContext): string {
  return parseInput(idParams, context.params).id;
}

export async function confirmArchiveCourse(context: ConfirmContext): Promise<Confirmation> {
  const { id, title } = await visibleCourse(context.actor, idOf(context));
  return {
    question: t("courses.confirm.archive.question", { title }),
    consequence: t("courses.confirm.archive.consequence", { title }),
    action: t("courses.confirm.archive.action"),
    back: `/courses/${id}`,
    done: t("courses.confirm.archive.done", { title }),
  };
}

export async function confirmDeleteLesson(context: ConfirmContext): Promise<Confirmation> {
  const lesson = await lessonById(db, context.actor.centreId, idOf(context));
  if (!lesson) throw new NotFoundError(t("courses.error.lessonNotFound"));
  if (lesson.status !== "draft") throw new ConflictError(t("courses.error.onlyDrafts"));
  const { title } = lesson;
  return {
    question: t("courses.confirm.lesson.question", { title }),
    consequence: t("courses.confirm.lesson.consequence", { title }),
    action: t("courses.confirm.delete"),
    back: `/courses/${lesson.courseId}`,
    done: t("courses.confirm.lesson.done", { title }),
  };
}

export async function confirmDeleteMaterial(context: ConfirmContext): Promise<Confirmation> {
  const material = await materialById(db, context.actor.centreId, idOf(context));
  if (!material) throw new NotFoundError(t("courses.error.materialNotFound"));
  const { title } = material;
  return {
    question: t("courses.confirm.material.question", { title }),
    consequence: t("courses.confirm.material.consequence", { title }),
    action: t("courses.confirm.delete"),
    back: `/lessons/${material.lessonId}`,
    done: t("courses.confirm.material.done", { title }),
  };
}

export async function confirmDeleteExercise(context: ConfirmContext): Promise<Confirmation> {
  const [exercise] = await exercisesWithIds(db, context.actor.centreId, [idOf(context)]);
  if (!exercise) throw new NotFoundError(t("courses.error.exerciseNotFound"));
  const long = exercise.prompt.length > PROMPT_SHOWN;
  const prompt = long ? `${exercise.prompt.slice(0, PROMPT_SHOWN)}…` : exercise.prompt;
  return {
    question: t("courses.confirm.exercise.question"),
    consequence: t("courses.confirm.exercise.consequence", { prompt }),
    action: t("courses.confirm.delete"),
    back: `/lessons/${exercise.lessonId}`,
    done: t("courses.confirm.exercise.done"),
  };
}

export async function confirmUnenrol(context: ConfirmContext): Promise<Confirmation> {
  const { id, studentId } = parseInput(enrolmentParams, context.params);
  const course = await courseById(db, context.actor.centreId, id);
  if (!course) throw new NotFoundError(t("courses.error.courseNotFound"));
  const name = await enrolledStudentName(db, context.actor.centreId, id, studentId);
  if (!name) throw new NotFoundError(t("courses.error.notEnrolled"));
  const names = { name, title: course.title };
  return {
    question: t("courses.confirm.unenrol.question", names),
    consequence: t("courses.confirm.unenrol.consequence", names),
    action: t("courses.confirm.unenrol.action"),
    back: `/courses/${id}#enrolments`,
    done: t("courses.confirm.unenrol.done", names),
  };
}
