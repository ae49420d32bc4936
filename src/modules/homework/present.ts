import { type MarkedAnswer, type QuestionItem, type StatusBadge, statusLabel } from "../../../views/homework/parts";
import type { ExerciseKind, SubmissionStatus } from "../../platform/db/schema";
import { formatNumber, t } from "../../platform/i18n";
import { correctAnswerText, isTutorMarked } from "../courses";
import type { AnswerRow } from "./queries";

/**
 * Plain data the homework views render, in the current language; dates are already words in the
 * centre's time zone.
 */

type OverdueStatus = Exclude<SubmissionStatus, "marked" | "submitted">;

export function statusBadge(status: SubmissionStatus, late: boolean): StatusBadge {
  if (status === "marked") return { label: statusLabel("marked"), tone: "ok" };
  if (late && status === "submitted") return { label: t("homework.status.submittedLate"), tone: "" };
  if (late) return { label: t(`homework.status.${status as OverdueStatus}Overdue`), tone: "bad" };
  return { label: statusLabel(status), tone: status === "returned" ? "bad" : "" };
}

/** "7 / 10", "7.5 / 10" ("7,5 / 10" in Spanish), or null before a mark. */
export function scoreText(score: string | number | null, maxScore: string | number): string | null {
  if (score === null) return null;
  return t("homework.score", { score: Number(score), max: Number(maxScore) });
}

/** A whole number of points, or halves, as the locale writes it ("2.5", "2,5"). */
export function pointsText(points: string | number): string {
  return formatNumber(Number(points));
}

const PAPER_PAGES = /^Paper worksheet: (\d+) pages?\.(?:\n\n)?/;

/**
 * Homework set on paper without an exercise keeps its pages as a first line of its instructions
 * ("Paper worksheet: 3 pages.", which the paper module reads back); it is shown in the reader's
 * language.
 */
export function instructionsText(instructions: string): string {
  const match = PAPER_PAGES.exec(instructions);
  if (!match) return instructions;
  const line = t("homework.paperPages", { pages: Number(match[1]) });
  const rest = instructions.slice(match[0].length);
  return rest ? `${line}\n\n${rest}` : line;
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
  if (question.kind === "worksheet") return t("homework.answer.onPaper");
  if (question.answer === "") return t("homework.answer.none");
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
      correctAnswer: correctAnswerText(exercise),
    };
  });
}
