import { Elysia } from "elysia";
import { z } from "zod";
import { FileMaterialFormView, type MaterialMedium } from "../../../views/courses/file-material";
import type { FileKind } from "../../platform/db/schema";
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { type StreamedFormBody, streamedFormBody } from "../../platform/http/streamed-form";
import { lazy, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import {
  confirmDirectUpload,
  KIND_RULES,
  removeFile,
  startDirectUpload,
  tooLargeMessage,
  uploadFileStream,
} from "../files";
import { visibleLesson } from "./access";
import { idParams } from "./forms";
import { addFileMaterial } from "./lesson-service";

/** Each medium an author picks is a file kind, with its own types and size limit. */
const MEDIUM_KINDS = {
  document: "material",
  image: "material_image",
  audio: "material_audio",
  video: "material_video",
} as const satisfies Record<MaterialMedium, FileKind>;

const MATERIAL_KINDS: readonly FileKind[] = Object.values(MEDIUM_KINDS);
const MiB = 1024 * 1024;

const enterTitle = { error: lazy("courses.form.titleRequired") };
const fileMaterialForm = z.object({
  title: z
    .string(enterTitle)
    .trim()
    .min(1, enterTitle)
    .max(200, { error: lazy("courses.form.titleTooLong") }),
  medium: z.enum(["document", "image", "audio", "video"], { error: lazy("courses.fileMaterial.chooseMedium") }),
});
const startForm = fileMaterialForm.extend({
  name: z.string().max(1000).default("upload"),
  size: z.coerce.number().int().min(0).default(0),
});
const confirmParams = z.object({
  id: z.uuid({ error: lazy("courses.error.lessonNotFound") }),
  fileId: z.uuid({ error: lazy("files.error.uploadNotFound") }),
});

function limits(): Record<MaterialMedium, number> {
  const megabytes = (medium: MaterialMedium) => Math.round(KIND_RULES[MEDIUM_KINDS[medium]].maxBytes / MiB);
  return {
    document: megabytes("document"),
    image: megabytes("image"),
    audio: megabytes("audio"),
    video: megabytes("video"),
  };
}

interface FormOutcome {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string;
  status?: number;
}

async function formPage(
  page: PageRenderer,
  actor: Actor,
  lessonId: string,
  csrfToken: string,
  outcome: FormOutcome = {},
) {
  const { lesson } = await visibleLesson(actor, lessonId);
  return page(
    <FileMaterialFormView
      lessonId={lessonId}
      lessonTitle={lesson.title}
      csrfToken={csrfToken}
      limits={limits()}
      values={outcome.values ?? {}}
      errors={outcome.errors ?? {}}
      error={outcome.error}
    />,
    { title: t("courses.title.addFile"), status: outcome.status },
  );
}

/** A refusal a person can act on (wrong type, too large, not arrived), as a message and its status. */
function refusal(error: unknown): { message: string; status: number } | null {
  if (error instanceof ValidationError)
    return { message: Object.values(error.fieldErrors)[0] ?? error.message, status: 422 };
  if (error instanceof AppError && error.status >= 400 && error.status < 500)
    return { message: error.message, status: error.status };
  return null;
}

/** The JSON the upload script reads: an error in the reader's language with its 4xx. */
function jsonRefusal(error: unknown): Response {
  const problem = refusal(error);
  if (!problem) throw error;
  return Response.json({ error: problem.message }, { status: problem.status });
}

async function uploadedMaterial(actor: Actor, lessonId: string, title: string, fileId: string): Promise<void> {
  try {
    await addFileMaterial(actor, lessonId, { title, fileId });
  } catch (error) {
    // The lesson went away while the file was uploading: the file goes too.
    await removeFile({ centreId: actor.centreId, fileId });
    throw error;
  }
}

/**
 * File materials: a form posted without JavaScript is streamed to storage through the app; with
 * it, the browser asks for a presigned PUT (start), sends the file straight to storage with a
 * progress bar, then confirms, and the app checks the stored object before adding it.
 */
export const fileMaterialRoutes = new Elysia({ name: "file-material-routes" })
  .use(guard)
  .get(
    "/lessons/:id/materials/file",
    async ({ params, actor, page, csrfToken }) => formPage(page, actor, parseInput(idParams, params).id, csrfToken),
    { permission: "material.create" },
  )
  .post(
    "/lessons/:id/materials/file",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      const { file, ...fields } = body as StreamedFormBody;
      try {
        const input = parseInput(fileMaterialForm, fields);
        if (!file || file.name === "") throw new ValidationError({ file: t("courses.fileMaterial.chooseFile") });
        const stored = await uploadFileStream({
          centreId: actor.centreId,
          ownerId: actor.userId,
          kind: MEDIUM_KINDS[input.medium],
          originalName: file.name,
          body: file.body,
        });
        await uploadedMaterial(actor, id, input.title, stored.id);
      } catch (error) {
        await file?.body.cancel().catch(() => undefined);
        const problem = refusal(error);
        if (!problem) throw error;
        const errors = error instanceof ValidationError ? error.fieldErrors : {};
        const message = error instanceof ValidationError ? undefined : problem.message;
        return formPage(page, actor, id, csrfToken, { values: fields, errors, error: message, status: problem.status });
      }
      return redirectTo(request, `/lessons/${id}`);
    },
    // The body is read as it streams: the fields first (the guard checks the CSRF token among
    // them), then the file, straight into storage.
    { permission: "material.create", parse: streamedFormBody },
  )
  .post(
    "/lessons/:id/materials/uploads",
    async ({ params, body, actor }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      try {
        const input = parseInput(startForm, body);
        const kind = MEDIUM_KINDS[input.medium];
        // The browser says how large the file is: refused now rather than after the upload.
        if (input.size > KIND_RULES[kind].maxBytes) throw new PayloadTooLargeError(tooLargeMessage(KIND_RULES[kind]));
        const upload = await startDirectUpload({
          centreId: actor.centreId,
          ownerId: actor.userId,
          kind,
          originalName: input.name,
        });
        return Response.json({
          uploadUrl: upload.uploadUrl,
          confirmUrl: `/lessons/${id}/materials/uploads/${upload.file.id}`,
          maxBytes: upload.maxBytes,
        });
      } catch (error) {
        return jsonRefusal(error);
      }
    },
    { permission: "material.create" },
  )
  .post(
    "/lessons/:id/materials/uploads/:fileId",
    async ({ params, body, actor }) => {
      const { id, fileId } = parseInput(confirmParams, params);
      await visibleLesson(actor, id);
      try {
        const { title } = parseInput(fileMaterialForm.pick({ title: true }), body);
        const stored = await confirmDirectUpload({ centreId: actor.centreId, ownerId: actor.userId, fileId });
        if (!MATERIAL_KINDS.includes(stored.kind)) {
          await removeFile({ centreId: actor.centreId, fileId });
          throw new NotFoundError(t("files.error.uploadNotFound"));
        }
        await uploadedMaterial(actor, id, title, stored.id);
        return Response.json({ location: `/lessons/${id}` });
      } catch (error) {
        return jsonRefusal(error);
      }
    },
    { permission: "material.create" },
  );
