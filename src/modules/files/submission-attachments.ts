import type { Attachment } from "../../../views/paper/attachments";
import { db } from "../../platform/db";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";
import { fileUrl } from "./service";

/** Where a student adds photos of their work (submission.attach_file; the paper module serves it). */
export function attachmentsPath(submissionId: string): string {
  return `/homework/submissions/${submissionId}/files`;
}

/**
 * The attachments of a submission, scanned pages in page order then photos as added, with
 * signed URLs. For the submission and marking screens: the caller has already checked that the
 * viewer may see the submission.
 */
export async function attachmentsForSubmission(centreId: CentreId, submissionId: string): Promise<Attachment[]> {
  const rows = await selectFromTenant(db, "submission_files", centreId)
    .innerJoin("files", tenantJoin("files.id", "submission_files.file_id"))
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
