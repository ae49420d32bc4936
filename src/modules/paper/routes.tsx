import { Elysia } from "elysia";
import { z } from "zod";
import { StudentAttachmentsView } from "../../../views/paper/attachments";
import { ImportsView, ImportView } from "../../../views/paper/imports";
import { ReviewView, reasonLabel } from "../../../views/paper/review";
import { db } from "../../platform/db";
import { pageAtQuery, pageLinks } from "../../platform/db/keyset";
import { AppError, NotFoundError, ValidationError } from "../../platform/errors";
import { formWithin } from "../../platform/http/body-limit";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { attachmentsForSubmission, attachmentsPath, fileUrl, KIND_RULES, tooLargeMessage } from "../files";
import { formatDue } from "../homework";
import { attachToSubmission, detachFromSubmission } from "./attachments";
import { assignableSubmissions, ownSubmission, worksheetForStaff } from "./homework-link";
import { assignPage, startImport } from "./imports";
import { toProgress } from "./present";
import { importInCentre, importsPage, pagesNeedingReview } from "./queries";
import { buildWorksheetPdf } from "./worksheet-pdf";

const notFound = { error: lazy("paper.error.notFound") };
const idParams = z.object({ id: z.uuid(notFound) });
const fileParams = z.object({ id: z.uuid(notFound), fileId: z.uuid({ error: lazy("paper.error.photoNotFound") }) });
const pageQuery = pageAtQuery.extend({
  added: z.literal("1").optional().catch(undefined),
  assigned: z.literal("1").optional().catch(undefined),
});
const attachForm = z.object({ file: z.instanceof(File, { error: lazy("paper.validation.choosePhoto") }) });
const importForm = z.object({
  files: z
    .union([z.instanceof(File), z.array(z.instanceof(File)).min(1).max(200)], {
      error: lazy("paper.validation.chooseScans"),
    })
    .transform((value) => (Array.isArray(value) ? value : [value])),
});
const assignForm = z.object({
  submissionId: z.uuid({ error: lazy("paper.validation.chooseWorksheet") }),
  pageNumber: z
    .union([
      z.literal(""),
      z.coerce
        .number()
        .int({ error: lazy("paper.validation.wholeNumber") })
        .min(0, { error: lazy("paper.validation.min") })
        .max(999, { error: lazy("paper.validation.max") }),
    ])
    .default("")
    .transform((value) => (value === "" ? null : value)),
});

/** Room for the form's other fields and the multipart framing around the files. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads an upload within its kind's limit as it streams (a chunked body without a length is cut
 * off too); the guard's CSRF and permission checks need the parsed form, so they come after.
 */
function uploadWithin(kind: "submission" | "scan_batch") {
  const maxBytes = KIND_RULES[kind].maxBytes + MULTIPART_OVERHEAD_BYTES;
  // The refusal is worded per request, in the language of the person uploading.
  return (context: { request: Request }) => formWithin(maxBytes, tooLargeMessage(KIND_RULES[kind]))(context);
}

interface Context {
  request: Request;
  actor: Actor;
  page: PageRenderer;
  csrfToken: string;
}

function requireQrScanning(actor: Actor): void {
  if (!actor.centre.features.qr_scanning) throw new NotFoundError(t("paper.error.featureOff"));
}

/** Form problems (bad input, wrong type, too large, marked) come back on the form with their status. */
function formError(error: unknown): { message: string; status: number } | null {
  if (error instanceof ValidationError)
    return { message: Object.values(error.fieldErrors)[0] ?? error.message, status: 422 };
  if (error instanceof AppError && error.status >= 400 && error.status < 500 && error.status !== 404) {
    return { message: error.message, status: error.status };
  }
  return null;
}

async function studentAttachmentsPage(
  context: Context,
  submissionId: string,
  options: { error?: string; status?: number; added?: boolean } = {},
) {
  const { actor } = context;
  const submission = await ownSubmission(actor, submissionId);
  const items = await attachmentsForSubmission(actor.centreId, submission.id);
  return context.page(
    <StudentAttachmentsView
      submissionId={submission.id}
      homeworkId={submission.homeworkId}
      title={submission.title}
      open={submission.status !== "marked"}
      items={items}
      csrfToken={context.csrfToken}
      error={options.error}
      added={options.added}
    />,
    { title: t("paper.attachments.pageTitle", { title: submission.title }), status: options.status },
  );
}

async function fileBytes(file: File): Promise<{ bytes: Uint8Array; name: string }> {
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

async function importsListPage(context: Context, query: unknown, options: { error?: string; status?: number } = {}) {
  const { actor } = context;
  const { after, before } = parseInput(pageQuery, query);
  const list = await importsPage(db, actor.centreId, { after, before });
  return context.page(
    <ImportsView
      imports={list.rows.map(toProgress)}
      links={pageLinks("/paper/imports", list, { after, before })}
      csrfToken={context.csrfToken}
      error={options.error}
      featureOff={!actor.centre.features.qr_scanning}
    />,
    { title: t("paper.imports.title"), status: options.status },
  );
}

async function reviewPage(context: Context, query: unknown, errors: Record<string, string> = {}, status?: number) {
  const { actor } = context;
  const { after, before, assigned } = parseInput(pageQuery, query);
  const [list, submissions] = await Promise.all([
    pagesNeedingReview(db, actor.centreId, { after, before }),
    assignableSubmissions(actor),
  ]);
  const pages = await Promise.all(
    list.rows.map(async (row) => ({
      id: row.id,
      importId: row.importId,
      pageIndex: row.pageIndex,
      reason: row.reason ? reasonLabel(row.reason) : "",
      url: await fileUrl({ centreId: actor.centreId, fileId: row.fileId }),
      thumbnailUrl: await fileUrl({ centreId: actor.centreId, fileId: row.fileId, variant: "thumbnail" }).catch(
        () => null,
      ),
      error: errors[row.id],
    })),
  );
  const choices = new Map<
    string,
    { homeworkTitle: string; due: string; students: { submissionId: string; name: string }[] }
  >();
  for (const row of submissions) {
    const choice = choices.get(row.homeworkId) ?? {
      homeworkTitle: row.homeworkTitle,
      due: formatDue(row.dueAt, actor.centre.timeZone),
      students: [],
    };
    choice.students.push({ submissionId: row.submissionId, name: row.studentName });
    choices.set(row.homeworkId, choice);
  }
  return context.page(
    <ReviewView
      pages={pages}
      choices={[...choices.values()]}
      links={pageLinks("/paper/review", list, { after, before })}
      csrfToken={context.csrfToken}
      assigned={assigned === "1"}
    />,
    { title: t("paper.review.title"), status },
  );
}

/** A removed photo is deleted, not hidden: the student is asked first. */
async function confirmRemovePhoto({ params, actor }: ConfirmContext): Promise<Confirmation> {
  const { id } = parseInput(fileParams, params);
  const { title } = await ownSubmission(actor, id);
  return {
    question: t("paper.confirm.remove.question"),
    consequence: t("paper.confirm.remove.consequence", { title }),
    action: t("paper.confirm.remove.action"),
    back: attachmentsPath(id),
    done: t("paper.confirm.remove.done"),
  };
}

export const paperRoutes = new Elysia({ name: "paper-routes" })
  .use(guard)
  .get(
    "/homework/:id/worksheet.pdf",
    async ({ actor, params }) => {
      const { id } = parseInput(idParams, params);
      requireQrScanning(actor);
      const worksheet = await worksheetForStaff(actor, id);
      const pdf = await buildWorksheetPdf(
        {
          title: worksheet.title,
          dueAt: worksheet.dueAt,
          centreName: actor.centre.name,
          pages: worksheet.pages,
          prompt: worksheet.prompt,
          copies: worksheet.students.map((student) => ({
            homeworkId: worksheet.id,
            studentId: student.id,
            studentName: student.name,
          })),
        },
        actor.centre,
      );
      return new Response(pdf, {
        headers: {
          "content-type": "application/pdf",
          "content-disposition": `attachment; filename="worksheet-${worksheet.id.slice(0, 8)}.pdf"`,
          "cache-control": "no-store",
        },
      });
    },
    { permission: "worksheet.print" },
  )
  .get(
    "/homework/submissions/:id/files",
    (context) => {
      const { id } = parseInput(idParams, context.params);
      const { added } = parseInput(pageQuery, context.query);
      return studentAttachmentsPage(context, id, { added: added === "1" });
    },
    { permission: "submission.attach_file" },
  )
  .post(
    "/homework/submissions/:id/files",
    async (context) => {
      const { id } = parseInput(idParams, context.params);
      try {
        const { file } = parseInput(attachForm, context.body);
        await attachToSubmission(context.actor, id, await fileBytes(file));
      } catch (error) {
        const problem = formError(error);
        if (!problem) throw error;
        return studentAttachmentsPage(context, id, { error: problem.message, status: problem.status });
      }
      return redirectTo(context.request, `${attachmentsPath(id)}?added=1`);
    },
    { permission: "submission.attach_file", parse: uploadWithin("submission") },
  )
  .post(
    "/homework/submissions/:id/files/:fileId/remove",
    async ({ request, actor, params }) => {
      const { id, fileId } = parseInput(fileParams, params);
      await detachFromSubmission(actor, id, fileId);
      return redirectTo(request, attachmentsPath(id));
    },
    { permission: "submission.attach_file", confirm: confirmRemovePhoto },
  )
  .get("/paper/imports", (context) => importsListPage(context, context.query), { permission: "scan.import" })
  .post(
    "/paper/imports",
    async (context) => {
      requireQrScanning(context.actor);
      let importId: string;
      try {
        const { files } = parseInput(importForm, context.body);
        importId = await startImport(context.actor, await Promise.all(files.map(fileBytes)));
      } catch (error) {
        const problem = formError(error);
        if (!problem) throw error;
        return importsListPage(context, {}, { error: problem.message, status: problem.status });
      }
      return redirectTo(context.request, `/paper/imports/${importId}`);
    },
    { permission: "scan.import", parse: uploadWithin("scan_batch") },
  )
  .get(
    "/paper/imports/:id",
    async ({ actor, params, page }) => {
      const { id } = parseInput(idParams, params);
      const row = await importInCentre(db, actor.centreId, id);
      if (!row) throw new NotFoundError(t("paper.error.importNotFound"));
      return page(<ImportView progress={toProgress(row)} />, {
        title: t("paper.import.title"),
        liveTopics: [`scan:${row.id}`],
      });
    },
    { permission: "scan.import" },
  )
  .get("/paper/review", (context) => reviewPage(context, context.query), { permission: "scan.review" })
  .post(
    "/paper/review/:id",
    async (context) => {
      const { id } = parseInput(idParams, context.params);
      try {
        await assignPage(context.actor, id, parseInput(assignForm, context.body));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reviewPage(context, {}, { [id]: Object.values(error.fieldErrors)[0] ?? error.message }, 422);
      }
      return redirectTo(context.request, "/paper/review?assigned=1");
    },
    { permission: "scan.review" },
  );
