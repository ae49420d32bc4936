import type { ExerciseKind, SubmissionStatus } from "../../platform/db/schema";
import { isTutorMarked } from "../courses";
import { formatDue, isLate } from "./due";

/** Plain data the homework views render; dates are already words in the centre's timezone. */

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Handed in",
  returned: "Returned for redo",
  marked: "Marked",
};

export interface StatusBadge {
  label: string;
  tone: "ok" | "bad" | "";
}

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

export interface Clock {
  timeZone: string;
  now: Date;
}

export function dueText(dueAt: Date, clock: Clock): string {
  return formatDue(dueAt, clock.timeZone);
}

export function lateNow(dueAt: Date, submittedAt: Date | null, clock: Clock): boolean {
  return isLate(dueAt, submittedAt, clock.now);
}

/** One question as the student sees it, with their saved answer. */
export interface QuestionItem {
  exerciseId: string;
  kind: ExerciseKind;
  prompt: string;
  choices: string[];
  pages: number | null;
  points: number;
  answer: string;
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

/** An answer on the marking screen and in the student's results. */
export interface MarkedAnswer extends QuestionItem {
  position: number;
  tutorMarked: boolean;
  isCorrect: boolean | null;
  autoPoints: number | null;
  tutorPoints: number | null;
  feedback: string;
  text: string;
}

interface StoredAnswer {
  exerciseId: string;
  response: unknown;
  isCorrect: boolean | null;
  autoPoints: string | null;
  tutorPoints: string | null;
  feedback: string;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** The homework's exercises in order, each with the student's answer and how it was marked. */
export function toMarkedAnswers(
  exercises: { id: string; kind: ExerciseKind; prompt: string; config: Record<string, unknown>; points: number }[],
  answers: StoredAnswer[],
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
