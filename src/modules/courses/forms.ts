import { z } from "zod";
import { pageAtQuery } from "../../platform/db/keyset";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import { normaliseAnswer, parseNumber } from "./marking";

/** Zod schemas for the courses module's forms and parameters: everything is parsed here, at the edge. */

/** A message rendered when the input is checked, in the language of the request then. */
const says = (key: MessageKey) => ({ error: lazy(key) });

const enterTitle = says("courses.form.titleRequired");
const title = z.string(enterTitle).trim().min(1, enterTitle).max(200, says("courses.form.titleTooLong"));

export const idParams = z.object({ id: z.uuid(says("courses.error.notFound")) });
export const enrolmentParams = z.object({
  id: z.uuid(says("courses.error.courseNotFound")),
  studentId: z.uuid(says("courses.error.studentNotFound")),
});

export const courseListQuery = z.object({
  status: z.enum(["draft", "published", "archived", ""], says("courses.form.chooseStatus")).default(""),
  after: z.string().optional(),
  before: z.string().optional(),
});

export const pageQuery = pageAtQuery;

/** The course page's address: the enrolled list's page, and what the enrol picker searched for. */
export const coursePageQuery = pageAtQuery.extend({
  find: z
    .string()
    .trim()
    .max(100, { error: lazy("courses.enrolment.findTooLong") })
    .optional()
    .transform((value) => value || null),
});

export const courseForm = z.object({
  title,
  summary: z
    .string(says("courses.form.summaryRequired"))
    .trim()
    .max(2000, says("courses.form.summaryTooLong"))
    .default(""),
});

export const lessonForm = z.object({ title });

export const moveForm = z.object({ direction: z.enum(["up", "down"], says("courses.form.chooseDirection")) });

const writeMaterial = says("courses.form.materialRequired");
export const materialForm = z.object({
  title,
  body: z.string(writeMaterial).trim().min(1, writeMaterial).max(50_000, says("courses.form.materialTooLong")),
});

export const enrolForm = z.object({ studentId: z.uuid(says("courses.form.chooseStudent")) });

const writeQuestion = says("courses.form.questionRequired");
const prompt = z.string(writeQuestion).trim().min(1, writeQuestion).max(5000, says("courses.form.questionTooLong"));
/** A blank form field means "use the default", not zero (z.coerce would read "" as 0). */
const blankAs = (fallback: string) => (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? fallback : (value ?? fallback);

const wholePoints = says("courses.form.pointsWhole");
const points = z.preprocess(
  blankAs("1"),
  z.coerce
    .number(wholePoints)
    .int(wholePoints)
    .min(0, says("courses.form.pointsNegative"))
    .max(1000, says("courses.form.pointsTooMany")),
);

export const MAX_CHOICES = 8;
const choiceFields = Object.fromEntries(
  Array.from({ length: MAX_CHOICES }, (_, index) => [
    `choice${index + 1}`,
    z.string(says("courses.form.choiceRequired")).trim().max(500, says("courses.form.choiceTooLong")).default(""),
  ]),
) as Record<`choice${number}`, z.ZodDefault<z.ZodString>>;

const numberText = (key: MessageKey) =>
  z.union([z.string(), z.number()], says(key)).transform((value, context) => {
    const parsed = parseNumber(value);
    if (parsed === null) {
      context.addIssue({ code: "custom", message: t(key) });
      return z.NEVER;
    }
    return parsed;
  });

const chooseCorrect = says("courses.form.chooseCorrect");

const multipleChoice = z
  .object({
    kind: z.literal("multiple_choice"),
    prompt,
    points,
    ...choiceFields,
    correct: z.coerce.number(chooseCorrect).int(chooseCorrect).min(1, chooseCorrect).max(MAX_CHOICES, chooseCorrect),
  })
  .transform((form, context) => {
    // The choice fields are built in a loop, so their keys are not in the inferred type.
    const fields = form as unknown as Record<string, string | undefined>;
    const written = Array.from({ length: MAX_CHOICES }, (_, index) => fields[`choice${index + 1}`] ?? "");
    const choices = written.filter((choice) => choice !== "");
    if (choices.length < 2)
      context.addIssue({ code: "custom", message: t("courses.form.twoChoices"), path: ["choice1"] });
    if (written[form.correct - 1] === "")
      context.addIssue({ code: "custom", message: t("courses.form.correctIsWritten"), path: ["correct"] });
    const correct = written.slice(0, form.correct - 1).filter((choice) => choice !== "").length;
    return { kind: form.kind, prompt: form.prompt, points: form.points, config: { choices, correct } };
  });

const numeric = z
  .object({
    kind: z.literal("numeric"),
    prompt,
    points,
    answer: numberText("courses.form.answerNumber"),
    tolerance: z.preprocess(
      blankAs("0"),
      numberText("courses.form.toleranceNumber").pipe(z.number().min(0, says("courses.form.toleranceNegative"))),
    ),
  })
  .transform(({ answer, tolerance, ...rest }) => ({ ...rest, config: { answer, tolerance } }));

const shortAnswer = z
  .object({
    kind: z.literal("short_answer"),
    prompt,
    points,
    accepted: z.string(says("courses.form.acceptedRequired")).max(4000, says("courses.form.acceptedTooLong")),
  })
  .transform(({ accepted, ...rest }, context) => {
    const answers = distinctAnswers(accepted.split(/\r?\n/));
    if (answers.length === 0)
      context.addIssue({ code: "custom", message: t("courses.form.oneAccepted"), path: ["accepted"] });
    if (answers.length > 20 || answers.some((answer) => answer.length > 200))
      context.addIssue({ code: "custom", message: t("courses.form.acceptedLimits"), path: ["accepted"] });
    return { ...rest, config: { accepted: answers } };
  });

/** Answers that mark the same (case, spacing, trailing punctuation) are listed once, as first written. */
function distinctAnswers(lines: string[]): string[] {
  const byNormalForm = new Map<string, string>();
  for (const line of lines.map((text) => text.trim())) {
    const key = normaliseAnswer(line);
    if (key !== "" && !byNormalForm.has(key)) byNormalForm.set(key, line);
  }
  return [...byNormalForm.values()];
}

const freeResponse = z
  .object({ kind: z.literal("free_response"), prompt, points })
  .transform((form) => ({ ...form, config: {} }));

const worksheet = z
  .object({
    kind: z.literal("worksheet"),
    prompt,
    points,
    pages: z.coerce
      .number(says("courses.form.pagesRequired"))
      .int(says("courses.form.pagesWhole"))
      .min(1, says("courses.form.pagesTooFew"))
      .max(100, says("courses.form.pagesTooMany")),
  })
  .transform(({ pages, ...rest }) => ({ ...rest, config: { pages } }));

/** One form per kind; the kind decides which fields are read and checked. */
export const exerciseForm = z.discriminatedUnion(
  "kind",
  [multipleChoice, numeric, shortAnswer, freeResponse, worksheet],
  says("courses.form.chooseKind"),
);

export type ExerciseInput = z.output<typeof exerciseForm>;
