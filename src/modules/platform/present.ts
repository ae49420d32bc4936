import type { CentreOverview } from "../../../views/platform/centres";
import { ROLES, type UserStatus } from "../../platform/db/schema";
import { formatDate, isLocale, LOCALE_NAMES, SOURCE_LOCALE } from "../../platform/i18n";
import type { CentreRow, HeadCount } from "./queries";

export const CENTRE_ROLES = ROLES.filter((role) => role !== "platform_admin");
export const USER_STATUSES: UserStatus[] = ["active", "invited", "disabled"];

function zeroes<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/**
 * Each centre with its head counts; centres nobody has joined yet show zeroes. Dates are shown in
 * the reader's language, on the platform's clock (UTC: the platform admin is in no centre).
 */
export function toOverviews(centres: CentreRow[], counts: HeadCount[]): CentreOverview[] {
  const overviews = new Map<string, CentreOverview>(
    centres.map((centre) => [
      centre.id,
      {
        id: centre.id,
        slug: centre.slug,
        name: centre.name,
        timeZone: centre.timeZone,
        locale: centre.locale,
        localeName: LOCALE_NAMES[isLocale(centre.locale) ? centre.locale : SOURCE_LOCALE],
        createdOn: formatDate(centre.createdAt),
        total: 0,
        byRole: zeroes(ROLES),
        byStatus: zeroes(USER_STATUSES),
      },
    ]),
  );
  for (const count of counts) {
    const overview = overviews.get(count.centreId);
    if (!overview) continue;
    overview.total += count.count;
    overview.byRole[count.role] += count.count;
    overview.byStatus[count.status] += count.count;
  }
  return [...overviews.values()];
}
