import { Elysia } from "elysia";
import { z } from "zod";
import { ImportPreviewView, ImportResultView, ImportUploadView, type PreviewRow } from "../../../views/people/import";
import { CsvFormatError, decodeUtf8 } from "../../platform/csv-parse";
import { csvLine } from "../../platform/csv-write";
import { PayloadTooLargeError, ValidationError } from "../../platform/errors";
import { formWithin } from "../../platform/http/body-limit";
import { redirectTo } from "../../platform/http/redirect";
import { formatDateTime, formatList, lazy, type MessageKey, t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { activeClasses } from "../classes";
import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type ImportColumn,
  ImportFileError,
  type ImportPlan,
  REQUIRED_COLUMNS,
} from "./import-plan";
import { commitImport, dropStash, previewImport, stashedImport, stashImport } from "./import-service";

const idParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{24}$/, { error: lazy("people-import.error.expired") }),
});
const uploadForm = z.object({ file: z.instanceof(File, { error: lazy("people-import.error.chooseFile") }) });

/** Room for the CSRF field and the multipart framing around the file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

const COLUMN_HELP: Record<ImportColumn, MessageKey> = {
  name: "people-import.column.name",
  student_code: "people-import.column.studentCode",
  birth_date: "people-import.column.dateOfBirth",
  class: "people-import.column.class",
  parent_name: "people-import.column.parentName",
  parent_email: "people-import.column.parentEmail",
};

const OUTCOME_LABEL: Record<PreviewRow["outcome"], MessageKey> = {
  create: "people-import.outcome.create",
  update: "people-import.outcome.update",
  unchanged: "people-import.outcome.unchanged",
  error: "people-import.outcome.error",
};

const CHANGE_LABEL: Record<ImportPlan["rows"][number]["changes"][number], MessageKey> = {
  name: "people-import.change.name",
  dateOfBirth: "people-import.change.dateOfBirth",
  class: "people-import.change.class",
  parent: "people-import.change.parent",
};

function uploadPage(page: PageRenderer, csrfToken: string, error?: string, status?: number) {
  return page(
    <ImportUploadView
      csrfToken={csrfToken}
      columns={IMPORT_COLUMNS.map((header) => ({
        header,
        required: REQUIRED_COLUMNS.includes(header),
        meaning: t(COLUMN_HELP[header]),
      }))}
      maxRows={IMPORT_MAX_ROWS}
      maxKilobytes={IMPORT_MAX_BYTES / 1024}
      error={error}
    />,
    { title: t("people-import.upload.title"), status },
  );
}

function previewRow(row: ImportPlan["rows"][number]): PreviewRow {
  return {
    line: row.line,
    outcome: row.outcome,
    outcomeLabel: t(OUTCOME_LABEL[row.outcome]),
    name: row.name,
    studentCode: row.studentCode || t("people-import.preview.generated"),
    className: row.klass?.name ?? "",
    parent: row.parent ? `${row.parent.name} <${row.parent.email}>` : "",
    notes:
      row.outcome === "error"
        ? row.problems
        : [formatList(row.changes.map((change) => t(CHANGE_LABEL[change])))].filter(Boolean),
  };
}

function previewPage(
  page: PageRenderer,
  csrfToken: string,
  id: string,
  fileName: string,
  plan: ImportPlan,
  status?: number,
) {
  const rows = plan.rows.map(previewRow);
  return page(
    <ImportPreviewView
      csrfToken={csrfToken}
      id={id}
      fileName={fileName}
      counts={plan.counts}
      parentsToInvite={plan.parentsToInvite}
      problemRows={rows.filter((row) => row.outcome === "error")}
      rows={rows}
    />,
    { title: t("people-import.preview.title"), status },
  );
}

/** A file-level problem in the reader's language. */
function fileProblem(error: ImportFileError): string {
  return t(error.key, error.values);
}

/**
 * Importing students from a CSV file: the template, the upload, a preview of every row before
 * anything is written, and the commit. Creating students is the permission; the people the
 * import also invites and the classes it fills are the same centre admins' to manage.
 */
export const importRoutes = new Elysia({ name: "people-import-routes" })
  .use(guard)
  .get("/people/import", ({ page, csrfToken }) => uploadPage(page, csrfToken), { permission: "user.create_student" })
  .get(
    "/people/import/template.csv",
    async ({ actor }) => {
      const [klass] = await activeClasses(actor.centreId);
      const body =
        csvLine([...IMPORT_COLUMNS]) +
        csvLine([
          t("people-import.template.exampleName"),
          "",
          "2015-09-01",
          klass?.name ?? "",
          t("people-import.template.exampleParent"),
          "parent@example.com",
        ]);
      return new Response(`\uFEFF${body}`, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="students-import.csv"',
          "cache-control": "no-store",
        },
      });
    },
    { permission: "user.create_student" },
  )
  .post(
    "/people/import",
    async ({ request, body, page, csrfToken, actor }) => {
      const form = parseInput(uploadForm, body);
      if (form.file.size > IMPORT_MAX_BYTES)
        throw new PayloadTooLargeError(t("people-import.error.tooLarge", { kilobytes: IMPORT_MAX_BYTES / 1024 }));
      try {
        const text = decodeUtf8(new Uint8Array(await form.file.arrayBuffer()));
        await previewImport(actor, text);
        const fileName = form.file.name.replace(/\p{Cc}/gu, "").slice(0, 200);
        const id = await stashImport(actor, fileName, text);
        return redirectTo(request, `/people/import/${id}`);
      } catch (error) {
        if (error instanceof ImportFileError) return uploadPage(page, csrfToken, fileProblem(error), 422);
        if (error instanceof CsvFormatError) return uploadPage(page, csrfToken, t("people-import.file.notUtf8"), 422);
        throw error;
      }
    },
    {
      permission: "user.create_student",
      parse: ({ request }) =>
        formWithin(IMPORT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES, () =>
          t("people-import.error.tooLarge", { kilobytes: IMPORT_MAX_BYTES / 1024 }),
        )({ request }),
    },
  )
  .get(
    "/people/import/:id",
    async ({ params, page, csrfToken, actor }) => {
      const { id } = parseInput(idParams, params);
      const { fileName, text } = await stashedImport(actor, id);
      return previewPage(page, csrfToken, id, fileName, await previewImport(actor, text));
    },
    { permission: "user.create_student" },
  )
  .post(
    "/people/import/:id/commit",
    async ({ params, page, csrfToken, actor }) => {
      const { id } = parseInput(idParams, params);
      const { fileName, text } = await stashedImport(actor, id);
      try {
        const result = await commitImport(actor, text);
        await dropStash(id);
        return page(
          <ImportResultView
            counts={result.counts}
            created={result.created}
            invited={result.invited}
            invitationsExpire={result.invitationExpiresAt ? formatDateTime(result.invitationExpiresAt, "long") : ""}
          />,
          { title: t("people-import.result.title"), status: 201 },
        );
      } catch (error) {
        if (error instanceof ValidationError)
          return previewPage(page, csrfToken, id, fileName, await previewImport(actor, text), 422);
        throw error;
      }
    },
    { permission: "user.create_student" },
  );
