import { NotFoundError } from "../../platform/errors";
import { storage } from "../../platform/storage";
import type { CentreId } from "../../platform/tenancy";
import { KIND_RULES } from "./kinds";
import { fileInCentre } from "./queries";
import { fileUrl } from "./service";

/** A stored file's bytes, for a worker reading an upload back (a scan batch); null when it is gone. */
export async function storedFileBytes(centreId: CentreId, fileId: string): Promise<Uint8Array | null> {
  const file = await fileInCentre(centreId, fileId);
  const object = file && (await storage.get(KIND_RULES[file.kind].bucket, file.object_key));
  return object ? object.bytes : null;
}

/** A link that saves the file under its original name; null while its upload is still in flight. */
export async function downloadLink(centreId: CentreId, fileId: string): Promise<{ href: string; name: string } | null> {
  const file = await fileInCentre(centreId, fileId);
  if (!file) return null;
  try {
    return { href: await fileUrl({ centreId, fileId, download: true }), name: file.original_name };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
