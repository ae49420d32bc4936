import { z } from "zod";
import { normaliseAnswer, parseNumber } from "./marking";

/** Zod schemas for the courses module's forms and parameters: everything is parsed here, at the edge. */

const title = z.string("Enter a title").trim().min(1, "Enter a title").max(200, "Keep the title under 200 characters");

export const idParams = z.object({ id: z.uuid("That could not be found") });
export const enrolmentParams = z.object({
  id: z.uuid("That course could not be found"),
  studentId: z.uuid("That student could not be found"),
});

export const courseListQuery = z.object({
  status: z.enum(["draft", "published", "archived", ""], "Choose a status").default(""),
  page: z.coerce.number("Choose a page").int().min(1).max(100_000).default(1),
});

export const pageQuery = z.object({ page: z.coerce.number("Choose a page").int().min(1).max(100_000).default(1) });

export const courseForm = z.object({
  title,
  summary: z.string("Enter a summary").trim().max(2000, "Keep the summary under 2,000 characters").default(""),
});

export const lessonForm = z.object({ title });

export const moveForm = z.object({ direction: z.enum(["up", "down"], "Choose up or down") });

export const materialForm = z.object({
  title,
  body: z
    .string("Write the material")
    .trim()
    .min(1, "Write the material")
    .max(50_000, "Keep the material under 50,000 characters"),
});

export const enrolForm = z.object({ studentId: z.uuid("Choose a student") });

const prompt = z
  .string("Write the question")
  .trim()
  .min(1, "Write the question")
  .max(5000, "Keep the question under 5,000 characters");
/** A blank form field means "use the default", not zero (z.coerce would read "" as 0). */
const blankAs = (fallback: string) => (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? fallback : (value ?? fallback);

const points = z.preprocess(
  blankAs("1"),
  z.coerce
    .number("Enter the points as a whole number")
    .int("Enter the points as a whole number")
    .min(0, "Points cannot be negative")
    .max(1000, "Keep the points at 1,000 or fewer"),
);

export const MAX_CHOICES = 8;
const choiceFields = Object.fromEntries(
  Array.from({ length: MAX_CHOICES }, (_, index) => [
    `choice${index + 1}`,
    z.string("Write the choice").trim().max(500, "Keep each choice under 500 characters").default(""),
  ]),
) as Record<`choice${number}`, z.ZodDefault<z.ZodString>>;

const numberText = (message: string) =>
  z.union([z.string(), z.number()], message).transform((value, context) => {
    const parsed = parseNumber(value);
    if (parsed === null) {
      context.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return parsed;
  });

const multipleChoice = z
  .object({
    kind: z.literal("multiple_choice"),
    prompt,
    points,
    ...choiceFields,
    correct: z.coerce
      .number("Choose the correct answer")
      .int("Choose the correct answer")
      .min(1, "Choose the correct answer")
      .max(MAX_CHOICES, "Choose the correct answer"),
  })
  .transform((form, context) => {
    // The choice fields are built in a loop, so their keys are not in the inferred type.
    const fields = form as unknown as Record<string, string | undefined>;
    const written = Array.from({ length: MAX_CHOICES }, (_, index) => fields[`choice${index + 1}`] ?? "");
    const choices = written.filter((choice) => choice !== "");
    if (choices.length < 2)
      context.addIssue({ code: "custom", message: "Write at least two choices", path: ["choice1"] });
    if (written[form.correct - 1] === "")
      context.addIssue({ code: "custom", message: "The correct answer must be a choice you wrote", path: ["correct"] });
    const correct = written.slice(0, form.correct - 1).filter((choice) => choice !== "").length;
    return { kind: form.kind, prompt: form.prompt, points: form.points, config: { choices, correct } };
  });

const numeric = z
  .object({
    kind: z.literal("numeric"),
    prompt,
    points,
    answer: numberText("Enter the answer as a number"),
    tolerance: z.preprocess(
      blankAs("0"),
      numberText("Enter the tolerance as a number (0 for exact)").pipe(
        z.number().min(0, "The tolerance cannot be negative"),
      ),
    ),
  })
  .transform(({ answer, tolerance, ...rest }) => ({ ...rest, config: { answer, tolerance } }));

const shortAnswer = z
  .object({
    kind: z.literal("short_answer"),
    prompt,
    points,
    accepted: z.string("List the accepted answers").max(4000, "Keep the accepted answers under 4,000 characters"),
  })
  .transform(({ accepted, ...rest }, context) => {
    const answers = distinctAnswers(accepted.split(/\r?\n/));
    if (answers.length === 0)
      context.addIssue({ code: "custom", message: "List at least one accepted answer", path: ["accepted"] });
    if (answers.length > 20 || answers.some((answer) => answer.length > 200))
      context.addIssue({ code: "custom", message: "Up to 20 answers of 200 characters each", path: ["accepted"] });
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
      .number("Enter the number of pages")
      .int("Enter a whole number of pages")
      .min(1, "A worksheet has at least one page")
      .max(100, "Keep a worksheet to 100 pages"),
  })
  .transform(({ pages, ...rest }) => ({ ...rest, config: { pages } }));

/** One form per kind; the kind decides which fields are read and checked. */
export const exerciseForm = z.discriminatedUnion(
  "kind",
  [multipleChoice, numeric, shortAnswer, freeResponse, worksheet],
  "Choose a kind of exercise",
);

export type ExerciseInput = z.output<typeof exerciseForm>;
