import { KIND_LABELS } from "../../../views/courses/exercise-form";
import type { AuthorExercise, MaterialItem, PracticeExercise } from "../../../views/courses/lesson";
import type { CentreId } from "../../platform/tenancy";
import { downloadLink } from "../files";
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
      download: row.fileId ? await downloadLink(centreId, row.fileId) : null,
    })),
  );
}

export function toAuthorExercise(row: ExerciseRow): AuthorExercise {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    prompt: row.prompt,
    points: row.points,
    answer: answerSummary(row),
  };
}

function answerSummary(row: ExerciseRow): string {
  switch (row.kind) {
    case "multiple_choice": {
      const config = configSchemas.multiple_choice.safeParse(row.config);
      return config.success ? `Correct: ${config.data.choices[config.data.correct]}` : "Answer unreadable";
    }
    case "numeric": {
      const config = configSchemas.numeric.safeParse(row.config);
      if (!config.success) return "Answer unreadable";
      return config.data.tolerance === 0
        ? `Answer: ${config.data.answer}`
        : `Answer: ${config.data.answer} ± ${config.data.tolerance}`;
    }
    case "short_answer": {
      const config = configSchemas.short_answer.safeParse(row.config);
      return config.success ? `Accepted: ${config.data.accepted.join(" · ")}` : "Answer unreadable";
    }
    case "free_response":
      return "Marked by a tutor";
    case "worksheet": {
      const config = configSchemas.worksheet.safeParse(row.config);
      return `Paper worksheet${config.success ? `, ${config.data.pages} page${config.data.pages === 1 ? "" : "s"}` : ""}, marked by a tutor`;
    }
  }
}

export function toPracticeExercise(row: ExerciseRow): PracticeExercise {
  const choices = configSchemas.multiple_choice.safeParse(row.config);
  const worksheet = configSchemas.worksheet.safeParse(row.config);
  return {
    id: row.id,
    kindLabel: KIND_LABELS[row.kind],
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
