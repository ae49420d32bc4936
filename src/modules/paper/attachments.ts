import { db } from "../../platform/db";
import { ConflictError, NotFoundError } from "../../platform/errors";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { fileUrl, removeFile, uploadFile } from "../files";
import { ownSubmission } from "./homework-link";

/**
 * Photos and scans on a submission. Students attach their own (source 'upload'); the scan
 * import files worksheet pages (source 'scan', with their page number).
 */

export interface Attachment {
  fileId: string;
  /** Null until the worker has made the thumbnail, and for PDFs (which have none). */
  thumbnailUrl: string | null;
  url: string;
  /** 0 is a worksheet's cover; null for a photo a student took. */
  pageNumber: number | null;
  contentType: string;
  name: string;
}

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
  if (LOCKED.has(submission.status))
    throw new ConflictError("This homework has been marked; photos can no longer be added.");
  const count = await attachmentCount(actor.centreId, submission.id);
  if (count >= MAX_ATTACHMENTS) throw new ConflictError(`A submission holds at most ${MAX_ATTACHMENTS} photos.`);
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
  if (LOCKED.has(submission.status))
    throw new ConflictError("This homework has been marked; its photos stay as they are.");
  const link = await selectFromTenant(db, "submission_files", actor.centreId)
    .where("submission_id", "=", submission.id)
    .where("file_id", "=", fileId)
    .where("source", "=", "upload")
    .select("file_id")
    .executeTakeFirst();
  if (!link) throw new NotFoundError("That photo could not be found.");
  // The link goes with the file (on delete cascade).
  await removeFile({ centreId: actor.centreId, fileId });
}

/**
 * The attachments of a submission, scanned pages in page order then photos as added, with
 * signed URLs. For the submission and marking screens: the caller has already checked that the
 * viewer may see the submission.
 */
export async function attachmentsForSubmission(centreId: CentreId, submissionId: string): Promise<Attachment[]> {
  const rows = await selectFromTenant(db, "submission_files", centreId)
    .innerJoin("files", (join) =>
      join
        .onRef("files.id", "=", "submission_files.file_id")
        .onRef("files.centre_id", "=", "submission_files.centre_id"),
    )
    .where("submission_files.submission_id", "=", submissionId)
    .where("files.status", "=", "stored")
    .select([
      "files.id",
      "files.content_type as contentType",
      "files.original_name as name",
      "submission_files.page_number as pageNumber",
    ])
    .orderBy("submission_files.page_number", (order) => order.asc().nullsLast())
    .orderBy("submission_files.created_at")
    .orderBy("files.id")
    .execute();
  return Promise.all(
    rows.map(async (row) => ({
      fileId: row.id,
      url: await fileUrl({ centreId, fileId: row.id }),
      thumbnailUrl: await fileUrl({ centreId, fileId: row.id, variant: "thumbnail" }).catch(() => null),
      pageNumber: row.pageNumber,
      contentType: row.contentType ?? "application/octet-stream",
      name: row.name,
    })),
  );
}
