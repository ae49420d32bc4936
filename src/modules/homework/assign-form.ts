import type { AssignProps } from "../../../views/homework/staff";
import type { ExerciseKind } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { activeClasses, classesForTutor, studentsOfClass, studentsToTutor } from "../classes";
import { coursesForStudent, exercisesForLessons, publishedLessonsForCourse } from "../courses";
import { seesWholeCentre } from "./access";

export interface AssignChoice {
  kind: "exercises" | "worksheet";
  classId: string;
  /** One student outside any class (1:1), when no class is chosen. */
  soloStudentId: string;
  lessonId: string;
}

/** The classes a person may set homework to: a tutor their own, a head tutor and up any active class. */
function classesToAssign(actor: Actor) {
  return seesWholeCentre(actor) ? activeClasses(actor.centreId) : classesForTutor(actor.centreId, actor.userId);
}

/** The published lessons of every course the student takes: what 1:1 homework can be set from. */
async function lessonsForStudent(actor: Actor, studentId: string) {
  const courses = await coursesForStudent(actor.centreId, studentId);
  return (await Promise.all(courses.map((course) => publishedLessonsForCourse(actor.centreId, course.id)))).flat();
}

/**
 * Everything the two-step assignment form offers for the chosen class (or 1:1 student), lesson
 * and kind. Choices that are not the actor's to make (another tutor's class, a student they do
 * not teach, another course's lesson) are dropped.
 */
export async function assignProps(
  actor: Actor,
  choice: AssignChoice,
  form: { csrfToken: string; values: Record<string, string>; errors: Record<string, string>; checked?: string[] },
): Promise<AssignProps> {
  const [classes, tutored] = await Promise.all([
    classesToAssign(actor),
    studentsToTutor(actor.centreId, seesWholeCentre(actor) ? null : actor.userId),
  ]);
  const chosenClass = classes.find((row) => row.id === choice.classId);
  const soloStudent = chosenClass ? undefined : tutored.find((row) => row.id === choice.soloStudentId);
  const [lessons, students] = chosenClass
    ? await Promise.all([
        publishedLessonsForCourse(actor.centreId, chosenClass.courseId),
        studentsOfClass(actor.centreId, chosenClass.id),
      ])
    : [soloStudent ? await lessonsForStudent(actor, soloStudent.id) : [], []];
  const lesson = lessons.find((row) => row.id === choice.lessonId);
  const exercises = lesson ? await exercisesForLessons(actor.centreId, [lesson.id]) : [];
  const checked = new Set(form.checked ?? []);
  return {
    ...form,
    timeZone: actor.centre.timeZone,
    kind: choice.kind,
    classId: chosenClass?.id ?? "",
    soloStudentId: soloStudent?.id ?? "",
    lessonId: lesson?.id ?? "",
    classOptions: classes.map((row) => ({
      value: row.id,
      label: t("homework.assign.classLabel", { name: row.name, course: row.courseTitle }),
    })),
    lessonOptions: lessons.map((row) => ({ value: row.id, label: row.title })),
    studentOptions: students.map((student) => ({ value: student.id, label: student.name })),
    soloStudentOptions: tutored.map((student) => ({ value: student.id, label: student.name })),
    exercises: exercises
      .filter((exercise) => (exercise.kind === "worksheet") === (choice.kind === "worksheet"))
      .map((exercise) => ({
        id: exercise.id,
        label: t("homework.assign.exerciseLabel", {
          kind: t(`homework.kind.${exercise.kind as ExerciseKind}`),
          prompt: exercise.prompt.slice(0, 80),
          points: exercise.points,
        }),
        checked: checked.has(exercise.id),
      })),
  };
}
