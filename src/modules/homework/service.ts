import type { Generated } from "kysely";
import { type Kysely, sql } from "kysely";
import { cachePart, cacheUnaffected, invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import { prepared } from "../../platform/db/prepared";
import type { Database, SubmissionsTable } from "../../platform/db/schema";
import { ConflictError, ValidationError } from "../../platform/errors";
import { publishEvent, publishEvents } from "../../platform/events";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type CentreId, deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { classById, studentsOfClass, studentsToTutor } from "../classes";
import { coursesForStudent, exercisesForLessons, isTutorMarked, lessonById, markAnswer } from "../courses";
import { homeworkForStaff, seesWholeCentre, submissionForStudent } from "./access";
import { homeworkChanged } from "./cache-parts";
import { auditMark } from "./mark-audit";
import { exercisesWithResponses, type SubmissionDetail } from "./queries";

/**
 * schema.ts types max_score as Generated<Numeric>, which Kysely reads as the column type object
 * itself; a typed SQL value satisfies it without widening anything.
 */
function numeric(value: number) {
  return sql<SubmissionsTable["max_score"] extends Generated<infer T> ? T : never>`${value}`;
}

/** A value as jsonb; a bare string parameter would be stored as a JSON-encoded string twice over. */
function asJson(value: unknown) {
  return sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;
}

export interface Assignment {
  title: string;
  instructions: string;
  kind: "exercises" | "worksheet";
  /** The class it is set to, or null for one student outside any class (1:1 tutoring). */
  classId: string | null;
  /** One student of the class (null: the whole class), or the 1:1 student when there is no class. */
  studentId: string | null;
  lessonId: string | null;
  exerciseIds: string[];
  /** A paper worksheet set without a worksheet exercise: its pages and what it is marked out of. */
  pages: number | null;
  outOf: number | null;
  dueAt: Date;
  /** Students see their auto-marked results and the correct answers as soon as they hand in. */
  showResultsOnHandIn?: boolean;
}

/** The one student of a 1:1 assignment, if the actor looks after them (a tutor: a student in one of their classes). */
async function tutoredStudent(actor: Actor, studentId: string | null) {
  const students = await studentsToTutor(actor.centreId, seesWholeCentre(actor) ? null : actor.userId);
  const student = students.find((row) => row.id === studentId);
  if (!student) throw new ValidationError({ soloStudentId: t("homework.validation.ownStudent") });
  return { courseId: null, students: [student] };
}

async function assignedStudents(actor: Actor, input: Assignment) {
  if (input.classId === null) return tutoredStudent(actor, input.studentId);
  const found = await classById(actor.centreId, input.classId);
  if (!found || (!seesWholeCentre(actor) && found.tutorId !== actor.userId)) {
    throw new ValidationError({ classId: t("homework.validation.ownClass") });
  }
  const members = await studentsOfClass(actor.centreId, input.classId);
  const students = input.studentId ? members.filter((student) => student.id === input.studentId) : members;
  if (students.length === 0) {
    throw new ValidationError(
      input.studentId
        ? { studentId: t("homework.validation.classStudent") }
        : { classId: t("homework.validation.noStudents") },
    );
  }
  return { courseId: found.courseId, students };
}

/** Whether the lesson may be set: from the class's course, or for 1:1 work from a course the student takes. */
async function lessonFits(actor: Actor, input: Assignment, courseId: string | null, lessonCourseId: string) {
  if (courseId !== null) return lessonCourseId === courseId;
  const courses = await coursesForStudent(actor.centreId, input.studentId ?? "");
  return courses.some((course) => course.id === lessonCourseId);
}

async function chosenExercises(actor: Actor, input: Assignment, courseId: string | null) {
  if (input.exerciseIds.length === 0) return { exercises: [], courseId };
  const lesson = input.lessonId ? await lessonById(actor.centreId, input.lessonId) : undefined;
  if (!lesson || !(await lessonFits(actor, input, courseId, lesson.courseId)))
    throw new ValidationError({
      lessonId: t(courseId === null ? "homework.validation.studentLesson" : "homework.validation.courseLesson"),
    });
  const offered = await exercisesForLessons(actor.centreId, [lesson.id]);
  const wanted = new Set(input.exerciseIds);
  const exercises = offered.filter((exercise) => wanted.has(exercise.id));
  const worksheet = input.kind === "worksheet";
  if (exercises.length !== wanted.size || exercises.some((exercise) => (exercise.kind === "worksheet") !== worksheet)) {
    throw new ValidationError({ exerciseIds: t("homework.validation.exercises") });
  }
  return { exercises, courseId: lesson.courseId };
}

/**
 * Pages set without an exercise are recorded as the instructions' first line, in the source
 * language: the paper module reads the count back from it, and the views show it translated
 * (present.ts, instructionsText).
 */
function withPages(instructions: string, pages: number | null): string {
  if (pages === null) return instructions;
  const line = `Paper worksheet: ${pages} ${pages === 1 ? "page" : "pages"}.`;
  return instructions ? `${line}\n\n${instructions}` : line;
}

/**
 * Sets homework to a class (or one student of it), or to one student outside any class, and
 * creates one not-started submission per student, worth the exercises' points. The students are
 * told through the homework.assigned event.
 */
export async function assignHomework(actor: Actor, input: Assignment): Promise<string> {
  const assigned = await assignedStudents(actor, input);
  const students = assigned.students;
  const { exercises, courseId } = await chosenExercises(actor, input, assigned.courseId);
  if (exercises.length === 0 && (input.kind === "exercises" || input.pages === null || input.outOf === null)) {
    throw new ValidationError(
      input.kind === "exercises"
        ? { exerciseIds: t("homework.validation.atLeastOne") }
        : { pages: t("homework.validation.worksheetOrPages") },
    );
  }
  const maxScore = exercises.length
    ? exercises.reduce((sum, exercise) => sum + exercise.points, 0)
    : (input.outOf ?? 0);
  const homeworkId = await db.transaction().execute(async (trx) => {
    const homework = await trx
      .insertInto("homework")
      .values({
        centre_id: actor.centreId,
        title: input.title,
        instructions: withPages(input.instructions, exercises.length ? null : input.pages),
        kind: input.kind,
        course_id: courseId,
        class_id: input.classId,
        set_by: actor.userId,
        due_at: input.dueAt,
        show_results_on_hand_in: input.showResultsOnHandIn ?? false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (exercises.length) {
      await trx
        .insertInto("homework_exercises")
        .values(
          exercises.map((exercise, index) => ({
            centre_id: actor.centreId,
            homework_id: homework.id,
            exercise_id: exercise.id,
            position: index + 1,
          })),
        )
        .execute();
    }
    await trx
      .insertInto("submissions")
      .values(
        students.map((student) => ({
          centre_id: actor.centreId,
          homework_id: homework.id,
          student_id: student.id,
          max_score: numeric(maxScore),
        })),
      )
      .execute();
    await publishEvent(trx, {
      type: "homework.assigned",
      centreId: actor.centreId,
      payload: {
        homeworkId: homework.id,
        classId: input.classId,
        studentIds: students.map((student) => student.id),
        title: input.title,
        dueAt: input.dueAt.toISOString(),
      },
    });
    return homework.id;
  });
  const studentIds = students.map((student) => student.id);
  await homeworkChanged(actor.centreId, { classId: input.classId, setBy: actor.userId }, studentIds, ["centre"]);
  return homeworkId;
}

export async function editHomework(actor: Actor, id: string, input: { title: string; instructions: string }) {
  await homeworkForStaff(actor, id);
  await updateTenant(db, "homework", actor.centreId)
    .where("id", "=", id)
    .set({ title: input.title, instructions: input.instructions, updated_at: new Date() })
    .execute();
}

export async function extendHomework(actor: Actor, id: string, dueAt: Date) {
  const homework = await homeworkForStaff(actor, id);
  if (dueAt <= homework.dueAt) throw new ValidationError({ dueAt: t("homework.validation.afterCurrentDue") });
  await updateTenant(db, "homework", actor.centreId)
    .where("id", "=", id)
    .set({ due_at: dueAt, updated_at: new Date() })
    .execute();
}

export async function withdrawHomework(actor: Actor, id: string) {
  await homeworkForStaff(actor, id);
  await updateTenant(db, "homework", actor.centreId)
    .where("id", "=", id)
    .set({ status: "withdrawn", updated_at: new Date() })
    .execute();
}

const OPEN_FOR_ANSWERS = new Set(["not_started", "in_progress", "returned"]);

function openSubmission(submission: SubmissionDetail): SubmissionDetail {
  if (!OPEN_FOR_ANSWERS.has(submission.status)) {
    throw new ConflictError(t("homework.error.handedIn"));
  }
  return submission;
}

interface AnswerValues extends Record<string, unknown> {
  centreId: CentreId;
  submissionId: string;
  exerciseId: string;
  /** The answer as JSON text, stored as jsonb. */
  responseJson: string;
  now: Date;
}

// Built once (issue 17): every answer autosave, a quarter of the scenario's actions, sends it.
export const upsertAnswer = prepared((executor, p: AnswerValues) => {
  const response = sql<string>`cast(${p.responseJson}::text as jsonb)`;
  return (
    executor
      .insertInto("answers")
      .values({ centre_id: p.centreId, submission_id: p.submissionId, exercise_id: p.exerciseId, response })
      .onConflict((conflict) =>
        conflict.columns(["centre_id", "submission_id", "exercise_id"]).doUpdateSet({ response, updated_at: p.now }),
      )
      // xmax is 0 on a row just inserted: a new answer, not a re-save of one already there.
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
  );
});

/** Saves one answer as the student goes; an empty answer clears it. The first answer starts the work. */
export async function saveAnswer(
  actor: Actor,
  homeworkId: string,
  exerciseId: string,
  response: string,
  /** The actor's own submission of this homework, when the caller has just read it (one statement less). */
  read?: SubmissionDetail,
) {
  const submission = openSubmission(read ?? (await submissionForStudent(actor, homeworkId)));
  /** Writes or clears the answer; true when an answer was added or removed (not re-saved). */
  const writeAnswer = async (executor: Kysely<Database>): Promise<boolean> => {
    if (response.trim() === "") {
      const removed = await deleteFromTenant(executor, "answers", actor.centreId)
        .where("submission_id", "=", submission.id)
        .where("exercise_id", "=", exerciseId)
        .executeTakeFirst();
      return removed.numDeletedRows > 0n;
    }
    const row = await upsertAnswer.first(executor, {
      centreId: actor.centreId,
      submissionId: submission.id,
      exerciseId,
      responseJson: JSON.stringify(response),
      now: new Date(),
    });
    return row?.inserted === true;
  };
  // Work already in progress (read just before) stays so: the save is one statement, with no
  // transaction around it. Were the work handed in and sent back in between, the next save that
  // finds it returned starts it again.
  const shown =
    submission.status === "in_progress"
      ? { answered: await writeAnswer(db), started: false }
      : await db.transaction().execute(async (trx) => {
          const answered = await writeAnswer(trx);
          const started = await updateTenant(trx, "submissions", actor.centreId)
            .where("id", "=", submission.id)
            .where("status", "in", ["not_started", "returned"])
            .set({ status: "in_progress", updated_at: new Date() })
            .executeTakeFirst();
          return { answered, started: started.numUpdatedRows > 0n };
        });
  // Re-saving an answer as the student types changes no figure; a new or cleared answer changes
  // the student's exercises attempted; the first answer moves the work to "in progress".
  if (shown.started) await homeworkChanged(actor.centreId, submission.homework, [actor.userId]);
  else if (shown.answered) await invalidateParts(redis, actor.centreId, [cachePart.student(actor.userId)]);
  else cacheUnaffected();
}

/**
 * Hands the work in. Auto-marked exercises are marked at once (an unanswered one scores 0); if
 * nothing is left for a tutor, the submission is marked on the spot, otherwise it joins the
 * marking queue.
 */
export async function submitHomework(
  actor: Actor,
  homeworkId: string,
  now = new Date(),
): Promise<"marked" | "submitted"> {
  const submission = openSubmission(await submissionForStudent(actor, homeworkId));
  // The exercises and the answers saved for them: one statement.
  const exercises = await exercisesWithResponses(db, actor.centreId, homeworkId, submission.id);
  const responses = new Map(
    exercises.filter((exercise) => exercise.answered).map((exercise) => [exercise.id, exercise.response]),
  );
  const marks = exercises.map((exercise) => ({ exercise, mark: markAnswer(exercise, responses.get(exercise.id)) }));
  const autoScore = marks.reduce((sum, { mark }) => sum + (mark?.points ?? 0), 0);
  const needsTutor = exercises.length === 0 || exercises.some((exercise) => isTutorMarked(exercise.kind));
  const tutorId = needsTutor ? await markerOf(actor.centreId, submission) : null;
  await db.transaction().execute(async (trx) => {
    await writeAutoMarks(trx, actor.centreId, submission.id, marks, responses);
    await handIn.affected(trx, {
      centreId: actor.centreId,
      id: submission.id,
      status: needsTutor ? "submitted" : "marked",
      now,
      autoScore,
      score: needsTutor ? null : autoScore,
      markedAt: needsTutor ? null : now,
    });
    const facts = {
      submissionId: submission.id,
      homeworkId,
      studentId: actor.userId,
      title: submission.homework.title,
    };
    const late = now > submission.homework.dueAt;
    const submitted = {
      type: "submission.submitted" as const,
      centreId: actor.centreId,
      payload: { ...facts, tutorId, late },
    };
    if (needsTutor) {
      await publishEvent(trx, submitted);
      return;
    }
    const correctAnswers = marks.filter(({ mark }) => mark?.isCorrect).length;
    const marked = { markerId: null, score: autoScore, maxScore: Number(submission.maxScore), correctAnswers };
    // Handed in, then marked: one statement, in that order.
    await publishEvents(trx, [
      submitted,
      { type: "submission.marked", centreId: actor.centreId, payload: { ...facts, ...marked } },
    ]);
    // Marked on the spot sets a score, so it is audited like a tutor's mark; work that waits for a
    // tutor is audited when the tutor marks it (submission.grade).
    await auditMark(trx, actor, "submission.auto_mark", submission, { status: "marked", score: autoScore, autoScore });
  });
  await homeworkChanged(
    actor.centreId,
    submission.homework,
    [actor.userId],
    needsTutor ? ["queue", "centre"] : ["centre"],
  );
  return needsTutor ? "submitted" : "marked";
}

interface HandInValues extends Record<string, unknown> {
  centreId: CentreId;
  id: string;
  status: "submitted" | "marked";
  now: Date;
  autoScore: number;
  score: number | null;
  markedAt: Date | null;
}

// Built once (issue 17): every hand-in sends it.
const handIn = prepared((executor, p: HandInValues) =>
  updateTenant(executor, "submissions", p.centreId).where("id", "=", p.id).set({
    status: p.status,
    submitted_at: p.now,
    auto_score: p.autoScore,
    score: p.score,
    marker_id: null,
    marked_at: p.markedAt,
    updated_at: p.now,
  }),
);

/** Whose marking queue the work joins: the class's tutor, else whoever set it. */
async function markerOf(centreId: CentreId, submission: SubmissionDetail): Promise<string> {
  const klass = submission.homework.classId ? await classById(centreId, submission.homework.classId) : undefined;
  return klass?.tutorId ?? submission.homework.setBy;
}

/**
 * One answer row per exercise after submitting, so the marking screen has a row to mark: one
 * statement for all of them (an answer already saved keeps its response and gets its mark).
 */
async function writeAutoMarks(
  trx: Kysely<Database>,
  centreId: CentreId,
  submissionId: string,
  marks: readonly { exercise: { id: string }; mark: { isCorrect: boolean; points: number } | null }[],
  responses: Map<string, unknown>,
) {
  if (marks.length === 0) return;
  const now = new Date();
  await trx
    .insertInto("answers")
    .values(
      marks.map(({ exercise, mark }) => ({
        centre_id: centreId,
        submission_id: submissionId,
        exercise_id: exercise.id,
        response: asJson(responses.get(exercise.id) ?? null),
        is_correct: mark?.isCorrect ?? null,
        auto_points: mark?.points ?? null,
        tutor_points: null,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(["centre_id", "submission_id", "exercise_id"]).doUpdateSet({
        is_correct: (eb) => eb.ref("excluded.is_correct"),
        auto_points: (eb) => eb.ref("excluded.auto_points"),
        tutor_points: null,
        updated_at: now,
      }),
    )
    .execute();
}

export { gradeSubmission, moderateSubmission, overrideAutoMark, returnSubmission } from "./grading";
