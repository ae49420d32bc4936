import { type MarkedAnswer, type QuestionItem, STATUS_LABELS, type StatusBadge } from "../../../views/homework/parts";
import type { ExerciseKind, SubmissionStatus } from "../../platform/db/schema";
import { isTutorMarked } from "../courses";
import type { AnswerRow } from "./queries";

/** Plain data the homework views render; dates are already words in the centre's time zone. */

export function statusBadge(status: SubmissionStatus, late: boolean): StatusBadge {
  if (status === "marked") return { label: STATUS_LABELS.marked, tone: "ok" };
  if (late && status !== "submitted") return { label: `${STATUS_LABELS[status]} · overdue`, tone: "bad" };
  return {
    label: late ? `${STATUS_LABELS[status]} · late` : STATUS_LABELS[status],
    tone: status === "returned" ? "bad" : "",
  };
}

/** "7 / 10", "7.5 / 10", or null before a mark. */
export function scoreText(score: string | number | null, maxScore: string | number): string | null {
  if (score === null) return null;
  const format = (value: string | number) => String(Number(value));
  return `${format(score)} / ${format(maxScore)}`;
}

function choicesOf(config: Record<string, unknown>): string[] {
  const choices = config.choices;
  return Array.isArray(choices) ? choices.filter((choice): choice is string => typeof choice === "string") : [];
}

function pagesOf(config: Record<string, unknown>): number | null {
  return typeof config.pages === "number" ? config.pages : null;
}

/** A stored response (JSON) as the text the form shows back. */
export function responseText(response: unknown): string {
  if (typeof response === "string") return response;
  if (typeof response === "number") return String(response);
  return "";
}

export function toQuestion(
  exercise: { id: string; kind: ExerciseKind; prompt: string; config: Record<string, unknown>; points: number },
  response: unknown,
): QuestionItem {
  return {
    exerciseId: exercise.id,
    kind: exercise.kind,
    prompt: exercise.prompt,
    choices: choicesOf(exercise.config),
    pages: pagesOf(exercise.config),
    points: exercise.points,
    answer: responseText(response),
  };
}

/** The student's answer as words: the chosen option's text for multiple choice. */
export function answerText(question: QuestionItem): string {
  if (question.kind === "worksheet") return "Done on paper";
  if (question.answer === "") return "Not answered";
  if (question.kind === "multiple_choice") return question.choices[Number(question.answer)] ?? question.answer;
  return question.answer;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** The homework's exercises in order, each with the student's answer and how it was marked. */
export function toMarkedAnswers(
  exercises: { id: string; kind: ExerciseKind; prompt: string; config: Record<string, unknown>; points: number }[],
  answers: AnswerRow[],
): MarkedAnswer[] {
  const byExercise = new Map(answers.map((answer) => [answer.exerciseId, answer]));
  return exercises.map((exercise, index) => {
    const stored = byExercise.get(exercise.id);
    const question = toQuestion(exercise, stored?.response);
    return {
      ...question,
      position: index + 1,
      tutorMarked: isTutorMarked(exercise.kind),
      isCorrect: stored?.isCorrect ?? null,
      autoPoints: numberOrNull(stored?.autoPoints ?? null),
      tutorPoints: numberOrNull(stored?.tutorPoints ?? null),
      feedback: stored?.feedback ?? "",
      text: answerText(question),
    };
  });
}
