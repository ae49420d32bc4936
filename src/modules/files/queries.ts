import { db } from "../../platform/db";
import { indexedValue } from "../../platform/db/partial-index";
import type { FileRow, FileVariant } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, trustedCentreId } from "../../platform/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function fileInCentre(centreId: CentreId, fileId: string): Promise<FileRow | undefined> {
  if (!UUID.test(fileId)) return undefined;
  return selectFromTenant(db, "files", centreId).selectAll().where("id", "=", fileId).executeTakeFirst();
}

/** A direct upload waiting for its confirmation, visible only to the person who started it. */
export async function pendingUploadOf(
  centreId: CentreId,
  ownerId: string,
  fileId: string,
): Promise<FileRow | undefined> {
  if (!UUID.test(fileId)) return undefined;
  return selectFromTenant(db, "files", centreId)
    .selectAll()
    .where("id", "=", fileId)
    .where("owner_id", "=", ownerId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

export async function variantOf(
  centreId: CentreId,
  fileId: string,
  variant: FileVariant,
): Promise<FileRow | undefined> {
  if (!UUID.test(fileId)) return undefined;
  if (variant === "original") return fileInCentre(centreId, fileId);
  return selectFromTenant(db, "files", centreId)
    .selectAll()
    .where("derived_from", "=", fileId)
    .where("variant", "=", variant)
    .where("status", "=", "stored")
    .executeTakeFirst();
}

export async function stalePendingUploads(centreId: CentreId, createdBefore: Date): Promise<FileRow[]> {
  return selectFromTenant(db, "files", centreId)
    .selectAll()
    .where("status", "=", indexedValue("pending"))
    .where("created_at", "<", createdBefore)
    .execute();
}

/** Which of these object keys have a row; the rest are orphans. */
export async function knownObjectKeys(centreId: CentreId, bucket: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await selectFromTenant(db, "files", centreId)
    .select("object_key")
    .where("bucket", "=", bucket)
    .where("object_key", "in", keys)
    .execute();
  return new Set(rows.map((row) => row.object_key));
}

/** The cleanup job visits every centre; centres are not tenant data. */
export async function allCentreIds(): Promise<CentreId[]> {
  const rows = await db.selectFrom("centres").select("id").execute();
  return rows.map((row) => trustedCentreId(row.id));
}

export async function derivedFilesOf(centreId: CentreId, fileId: string): Promise<FileRow[]> {
  return selectFromTenant(db, "files", centreId).selectAll().where("derived_from", "=", fileId).execute();
}
