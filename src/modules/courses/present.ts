import { kindLabel } from "../../../views/courses/exercise-form";
import type { AuthorExercise, MaterialItem, PracticeExercise } from "../../../views/courses/lesson";
import { formatNumber, t } from "../../platform/i18n";
import type { CentreId } from "../../platform/tenancy";
import { fileDisplay } from "../files";
import { configSchemas } from "./exercise-config";
import { MAX_CHOICES } from "./forms";
import { renderMarkdown } from "./markdown";
import type { ExerciseRow, MaterialRow } from "./queries";

/** What the courses views are given: plain data, answers only where the viewer may see them. */

export async function toMaterialItems(centreId: CentreId, rows: MaterialRow[]): Promise<MaterialItem[]> {
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.kind === "text" ? renderMarkdown(row.bodyMarkdown) : null,
      file: row.fileId ? await fileDisplay(centreId, row.fileId) : null,
    })),
  );
}

export function toAuthorExercise(row: ExerciseRow): AuthorExercise {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    prompt: row.prompt,
    points: row.points,
    answer: answerSummary(row),
  };
}

/** An author's number as the reader writes numbers ("0.5", "0,5"), every decimal kept. */
function exactNumber(value: number): string {
  return formatNumber(value, { maximumFractionDigits: 20, useGrouping: false });
}

function answerSummary(row: ExerciseRow): string {
  switch (row.kind) {
    case "multiple_choice": {
      const config = configSchemas.multiple_choice.safeParse(row.config);
      if (!config.success) return t("courses.answer.unreadable");
      return t("courses.answer.correct", { choice: config.data.choices[config.data.correct] ?? "" });
    }
    case "numeric": {
      const config = configSchemas.numeric.safeParse(row.config);
      if (!config.success) return t("courses.answer.unreadable");
      const answer = exactNumber(config.data.answer);
      return config.data.tolerance === 0
        ? t("courses.answer.exact", { answer })
        : t("courses.answer.within", { answer, tolerance: exactNumber(config.data.tolerance) });
    }
    case "short_answer": {
      const config = configSchemas.short_answer.safeParse(row.config);
      if (!config.success) return t("courses.answer.unreadable");
      return t("courses.answer.accepted", { answers: config.data.accepted.join(" · ") });
    }
    case "free_response":
      return t("courses.answer.tutorMarked");
    case "worksheet": {
      const config = configSchemas.worksheet.safeParse(row.config);
      return config.success
        ? t("courses.answer.worksheetPages", { pages: config.data.pages })
        : t("courses.answer.worksheet");
    }
  }
}

export function toPracticeExercise(row: ExerciseRow): PracticeExercise {
  const choices = configSchemas.multiple_choice.safeParse(row.config);
  const worksheet = configSchemas.worksheet.safeParse(row.config);
  return {
    id: row.id,
    kindLabel: kindLabel(row.kind),
    prompt: row.prompt,
    points: row.points,
    choices: row.kind === "multiple_choice" && choices.success ? choices.data.choices : [],
    pages: row.kind === "worksheet" && worksheet.success ? worksheet.data.pages : null,
  };
}

/** The edit form's values for an existing exercise, in the same field names the form posts. */
export function exerciseFormValues(row: ExerciseRow): Record<string, string> {
  const values: Record<string, string> = { kind: row.kind, prompt: row.prompt, points: String(row.points) };
  const config = row.config as Record<string, unknown>;
  if (row.kind === "multiple_choice" && Array.isArray(config.choices)) {
    config.choices.slice(0, MAX_CHOICES).forEach((choice, index) => {
      values[`choice${index + 1}`] = String(choice);
    });
    values.correct = String(Number(config.correct) + 1);
  }
  if (row.kind === "numeric") {
    values.answer = String(config.answer ?? "");
    values.tolerance = String(config.tolerance ?? "0");
  }
  if (row.kind === "short_answer" && Array.isArray(config.accepted)) values.accepted = config.accepted.join("\n");
  if (row.kind === "worksheet") values.pages = String(config.pages ?? "1");
  return values;
}
