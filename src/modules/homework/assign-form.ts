import type { AssignProps } from "../../../views/homework/staff";
import { db } from "../../platform/db";
import type { Actor } from "../../platform/principal";
import { activeSlots, classesForTutor, studentsOfClass } from "../classes";
import { exercisesForLessons, publishedLessonsForCourse } from "../courses";
import { seesWholeCentre } from "./access";

const KIND_LABELS: Record<string, string> = {
  multiple_choice: "Multiple choice",
  numeric: "Number",
  short_answer: "Short answer",
  free_response: "Written answer",
  worksheet: "Worksheet",
};

export interface AssignChoice {
  kind: "exercises" | "worksheet";
  classId: string;
  lessonId: string;
}

/** The classes a person may set homework to: a tutor their own, a head tutor and up any active class. */
function classesToAssign(actor: Actor) {
  return seesWholeCentre(actor) ? activeSlots(db, actor.centreId) : classesForTutor(actor.centreId, actor.userId);
}

/**
 * Everything the two-step assignment form offers for the chosen class, lesson and kind. Choices
 * that are not the actor's to make (another tutor's class, another course's lesson) are dropped.
 */
export async function assignProps(
  actor: Actor,
  choice: AssignChoice,
  form: { csrfToken: string; values: Record<string, string>; errors: Record<string, string>; checked?: string[] },
): Promise<AssignProps> {
  const classes = await classesToAssign(actor);
  const chosenClass = classes.find((row) => row.id === choice.classId);
  const [lessons, students] = chosenClass
    ? await Promise.all([
        publishedLessonsForCourse(actor.centreId, chosenClass.courseId),
        studentsOfClass(actor.centreId, chosenClass.id),
      ])
    : [[], []];
  const lesson = lessons.find((row) => row.id === choice.lessonId);
  const exercises = lesson ? await exercisesForLessons(actor.centreId, [lesson.id]) : [];
  const checked = new Set(form.checked ?? []);
  return {
    ...form,
    timeZone: actor.centre.timeZone,
    kind: choice.kind,
    classId: chosenClass?.id ?? "",
    lessonId: lesson?.id ?? "",
    classOptions: classes.map((row) => ({ value: row.id, label: `${row.name} (${row.courseTitle})` })),
    lessonOptions: lessons.map((row) => ({ value: row.id, label: row.title })),
    studentOptions: students.map((student) => ({ value: student.id, label: student.name })),
    exercises: exercises
      .filter((exercise) => (exercise.kind === "worksheet") === (choice.kind === "worksheet"))
      .map((exercise) => ({
        id: exercise.id,
        label: `${KIND_LABELS[exercise.kind]}: ${exercise.prompt.slice(0, 80)} (${exercise.points} pts)`,
        checked: checked.has(exercise.id),
      })),
  };
}
