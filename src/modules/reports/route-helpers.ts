import { dbRead } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { personById } from "../people";

/** A student of the actor's centre, or "not found". */
export async function studentOf(actor: Actor, studentId: string): Promise<{ id: string; name: string }> {
  const person = await personById(dbRead, actor.centreId, studentId);
  if (person?.role !== "student") throw new NotFoundError(t("dashboards.notInCentre"));
  return { id: person.id, name: person.name };
}

/** A generated PDF as a download, never cached. */
export function pdfResponse(pdf: Uint8Array<ArrayBuffer>, name: string): Response {
  return new Response(pdf, {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
}
