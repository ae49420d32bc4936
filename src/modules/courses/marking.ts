import type { ExerciseKind } from "../../platform/db/schema";
import { formatNumber } from "../../platform/i18n";
import { configSchemas, isTutorMarked } from "./exercise-config";

export type MarkableExercise = { kind: ExerciseKind; config: unknown; points: number };
export type Mark = { isCorrect: boolean; points: number };

/**
 * Marks one response to an auto-marked exercise. Responses come straight from a form or stored
 * JSON, so anything malformed is simply wrong, never an exception. Returns null when a tutor must
 * mark it: free response, worksheet, or a config that no longer reads (a person then decides).
 *
 * Responses: multiple_choice → the chosen index (number or digit string); numeric → a number or
 * a string ("1.5", "1,5", "-2", "1 000"); short_answer → a string.
 */
export function markAnswer(exercise: MarkableExercise, response: unknown): Mark | null {
  if (isTutorMarked(exercise.kind)) return null;
  const correct = isCorrect(exercise.kind, exercise.config, response);
  if (correct === null) return null;
  return { isCorrect: correct, points: correct ? exercise.points : 0 };
}

function isCorrect(kind: ExerciseKind, config: unknown, response: unknown): boolean | null {
  switch (kind) {
    case "multiple_choice": {
      const parsed = configSchemas.multiple_choice.safeParse(config);
      return parsed.success ? parseChoice(response) === parsed.data.correct : null;
    }
    case "numeric": {
      const parsed = configSchemas.numeric.safeParse(config);
      return parsed.success ? withinTolerance(parseNumber(response), parsed.data.answer, parsed.data.tolerance) : null;
    }
    case "short_answer": {
      const parsed = configSchemas.short_answer.safeParse(config);
      return parsed.success ? matchesAccepted(response, parsed.data.accepted) : null;
    }
    default:
      return null;
  }
}

function matchesAccepted(response: unknown, accepted: string[]): boolean {
  if (typeof response !== "string" || response.length > 1000) return false;
  const given = normaliseAnswer(response);
  return given !== "" && accepted.some((answer) => normaliseAnswer(answer) === given);
}

function parseChoice(response: unknown): number | null {
  if (typeof response === "number") return Number.isInteger(response) ? response : null;
  if (typeof response === "string" && /^\s*\d{1,3}\s*$/.test(response)) return Number(response);
  return null;
}

/** Parses what a person types as a number: decimal comma or point, spaces or commas between thousands. */
export function parseNumber(response: unknown): number | null {
  if (typeof response === "number") return Number.isFinite(response) ? response : null;
  if (typeof response !== "string" || response.length > 64) return null;
  let text = response
    .normalize("NFKC")
    .replace(/\u2212/g, "-")
    .replace(/\s+/g, "");
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) && text.includes(".")) text = text.replace(/,/g, "");
  else if (/^[+-]?\d*,\d+$/.test(text)) text = text.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,3})?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function withinTolerance(value: number | null, answer: number, tolerance: number): boolean {
  if (value === null) return false;
  // Inclusive, with slack for binary floating point (1.6 - 1.5 is 0.10000000000000009).
  const slack = 1e-9 * Math.max(1, Math.abs(answer), Math.abs(tolerance));
  return Math.abs(value - answer) <= tolerance + slack;
}

/** Trim, lower-case, collapse spaces, strip trailing sentence punctuation. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.,;:!?…]+$/u, "");
}

/**
 * The right answer of an auto-marked exercise as a student reads it (the option's text, the
 * number in the reader's notation, the first accepted answer); null for tutor-marked work.
 */
export function correctAnswerText(exercise: { kind: ExerciseKind; config: unknown }): string | null {
  switch (exercise.kind) {
    case "multiple_choice": {
      const parsed = configSchemas.multiple_choice.safeParse(exercise.config);
      return parsed.success ? (parsed.data.choices[parsed.data.correct] ?? null) : null;
    }
    case "numeric": {
      const parsed = configSchemas.numeric.safeParse(exercise.config);
      return parsed.success ? formatNumber(parsed.data.answer) : null;
    }
    case "short_answer": {
      const parsed = configSchemas.short_answer.safeParse(exercise.config);
      return parsed.success ? (parsed.data.accepted[0] ?? null) : null;
    }
    default:
      return null;
  }
}
