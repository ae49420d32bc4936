import { db } from "../../platform/db";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { removeFile, uploadFile } from "../files";
import { ownSubmission } from "./homework-link";

/**
 * Students attach photos and PDF scans to their own submission (source 'upload'); the scan
 * import files worksheet pages (source 'scan'). The files module lists them for every screen.
 */

export interface AttachmentUpload {
  bytes: Uint8Array;
  name: string;
}

const LOCKED = new Set(["marked"]);
const MAX_ATTACHMENTS = 30;

/** A student adds a photo or PDF scan to their own submission, until it is marked. */
export async function attachToSubmission(
  actor: Actor,
  submissionId: string,
  upload: AttachmentUpload,
): Promise<string> {
  const submission = await ownSubmission(actor, submissionId);
  if (LOCKED.has(submission.status)) throw new ConflictError(t("paper.error.markedNoAdd"));
  const count = await attachmentCount(actor.centreId, submission.id);
  if (count >= MAX_ATTACHMENTS) throw new ConflictError(t("paper.error.tooManyPhotos", { max: MAX_ATTACHMENTS }));
  const file = await uploadFile({
    centreId: actor.centreId,
    ownerId: actor.userId,
    kind: "submission",
    bytes: upload.bytes,
    originalName: upload.name,
  });
  try {
    await db
      .insertInto("submission_files")
      .values({ centre_id: actor.centreId, submission_id: submission.id, file_id: file.id, source: "upload" })
      .execute();
  } catch (error) {
    await removeFile({ centreId: actor.centreId, fileId: file.id });
    throw error;
  }
  return file.id;
}

async function attachmentCount(centreId: CentreId, submissionId: string): Promise<number> {
  const row = await selectFromTenant(db, "submission_files", centreId)
    .where("submission_id", "=", submissionId)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A student removes a photo they added, until the work is marked. Scanned pages stay. */
export async function detachFromSubmission(actor: Actor, submissionId: string, fileId: string): Promise<void> {
  const submission = await ownSubmission(actor, submissionId);
  if (LOCKED.has(submission.status)) throw new ConflictError(t("paper.error.markedNoRemove"));
  const link = await selectFromTenant(db, "submission_files", actor.centreId)
    .where("submission_id", "=", submission.id)
    .where("file_id", "=", fileId)
    .where("source", "=", "upload")
    .select("file_id")
    .executeTakeFirst();
  if (!link) throw new NotFoundError(t("paper.error.photoMissing"));
  // The link goes with the file (on delete cascade).
  await removeFile({ centreId: actor.centreId, fileId });
}
