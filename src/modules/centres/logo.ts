import { logoPathOf } from "../../platform/centre-context";
import { NotFoundError } from "../../platform/errors";
import type { CentreId } from "../../platform/tenancy";
import { fileUrl } from "../files";

/** Where a page finds a centre's logo (/c/<slug>/logo, served by centres/routes.tsx). */
export const logoPath = logoPathOf;

/** A signed link to the logo's thumbnail; the original until the worker has made it. */
export async function logoLink(centreId: CentreId, fileId: string): Promise<string> {
  try {
    return await fileUrl({ centreId, fileId, variant: "thumbnail" });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return fileUrl({ centreId, fileId });
  }
}
