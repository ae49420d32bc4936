import type { CentreOverview } from "../../../views/platform/centres";
import { ROLES, type UserStatus } from "../../platform/db/schema";
import type { CentreRow, HeadCount } from "./queries";

export const CENTRE_ROLES = ROLES.filter((role) => role !== "platform_admin");
export const USER_STATUSES: UserStatus[] = ["active", "invited", "disabled"];

function zeroes<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/** Each centre with its head counts; centres nobody has joined yet show zeroes. */
export function toOverviews(centres: CentreRow[], counts: HeadCount[]): CentreOverview[] {
  const overviews = new Map<string, CentreOverview>(
    centres.map((centre) => [
      centre.id,
      {
        id: centre.id,
        slug: centre.slug,
        name: centre.name,
        timeZone: centre.timeZone,
        createdOn: centre.createdAt.toISOString().slice(0, 10),
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
