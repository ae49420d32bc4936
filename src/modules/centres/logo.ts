import { NotFoundError } from "../../platform/errors";
import type { CentreId } from "../../platform/tenancy";
import { fileUrl } from "../files";
import { centrePath } from "./address";

/**
 * Where a page finds a centre's logo: a stable address of the centre's own (pages are rendered
 * before a signed link would expire, and e-mails need one that does not), versioned by the file
 * so a new logo is fetched at once.
 */
export function logoPath(centre: { slug: string; logoFileId: string | null }): string | null {
  return centre.logoFileId ? `${centrePath(centre.slug)}/logo?v=${centre.logoFileId.slice(0, 8)}` : null;
}

/** A signed link to the logo's thumbnail; the original until the worker has made it. */
export async function logoLink(centreId: CentreId, fileId: string): Promise<string> {
  try {
    return await fileUrl({ centreId, fileId, variant: "thumbnail" });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return fileUrl({ centreId, fileId });
  }
}
