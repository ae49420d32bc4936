import { z } from "zod";
import type { ExerciseKind } from "../../platform/db/schema";
import { lazy } from "../../platform/i18n";

/**
 * The shape of exercises.config for each kind. Authoring writes only values that pass these
 * schemas; marking re-reads them so a hand-edited or corrupt row never throws mid-submission.
 */
export const multipleChoiceConfig = z.object({
  choices: z.array(z.string().trim().min(1).max(500)).min(2).max(8),
  correct: z.number().int().min(0),
});
export const numericConfig = z.object({
  answer: z.number().finite(),
  tolerance: z.number().finite().min(0),
});
export const shortAnswerConfig = z.object({
  accepted: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
});
export const freeResponseConfig = z.object({});
export const worksheetConfig = z.object({ pages: z.number().int().min(1).max(100) });

export type MultipleChoiceConfig = z.infer<typeof multipleChoiceConfig>;
export type NumericConfig = z.infer<typeof numericConfig>;
export type ShortAnswerConfig = z.infer<typeof shortAnswerConfig>;
export type WorksheetConfig = z.infer<typeof worksheetConfig>;

export const configSchemas = {
  multiple_choice: multipleChoiceConfig.refine((c) => c.correct < c.choices.length, {
    error: lazy("courses.form.correctIsChoice"),
    path: ["correct"],
  }),
  numeric: numericConfig,
  short_answer: shortAnswerConfig,
  free_response: freeResponseConfig,
  worksheet: worksheetConfig,
} satisfies Record<ExerciseKind, z.ZodType>;

export const exerciseKinds = Object.keys(configSchemas) as ExerciseKind[];

/** The kinds a tutor marks by hand; the others are marked as soon as they are submitted. */
export function isTutorMarked(kind: ExerciseKind): boolean {
  return kind === "free_response" || kind === "worksheet";
}
