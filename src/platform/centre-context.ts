import { db } from "./db";
import { effectiveFlags } from "./features";
import { isLocale, SOURCE_LOCALE } from "./i18n";
import type { Actor, AuditRequest, CentreContext } from "./principal";
import { type CentreId, trustedCentreId } from "./tenancy";

/**
 * The centre a request acts in: name, address, logo, time zone and the feature flags in force. Read on every
 * request that acts in a centre (one primary-key lookup), so a changed time zone or flag applies
 * to the very next request on every web node.
 */
export async function loadCentreContext(centreId: CentreId): Promise<CentreContext | null> {
  const row = await db
    .selectFrom("centres")
    .where("id", "=", centreId)
    .select(["id", "name", "slug", "logo_file_id", "time_zone", "locale", "feature_flags"])
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: trustedCentreId(row.id),
    name: row.name,
    slug: row.slug,
    logoFileId: row.logo_file_id,
    timeZone: row.time_zone,
    locale: isLocale(row.locale) ? row.locale : SOURCE_LOCALE,
    features: effectiveFlags(row.feature_flags),
  };
}

/**
 * Where a page finds a centre's logo: a stable public address of the centre's own (a signed link
 * would expire in a cached page or an email), versioned by the file so a new logo shows at once.
 */
export function logoPathOf(centre: { slug: string; logoFileId: string | null }): string | null {
  return centre.logoFileId ? `/c/${centre.slug}/logo?v=${centre.logoFileId.slice(0, 8)}` : null;
}

/**
 * An actor outside any HTTP request (seeding, scripts, tests), with the centre read as the guard
 * reads it for a request.
 */
export async function actorInCentre(
  person: Pick<Actor, "userId" | "role" | "name">,
  centreId: CentreId,
  request: AuditRequest,
): Promise<Actor> {
  const centre = await loadCentreContext(centreId);
  if (!centre) throw new Error(`No centre ${centreId}`);
  return { userId: person.userId, role: person.role, name: person.name, centreId: centre.id, centre, request };
}
