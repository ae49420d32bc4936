import type { Kysely } from "kysely";
import type { Database } from "../../platform/db";

export interface CentreListing {
  slug: string;
  name: string;
  timezone: string;
}

/** Centres shown on the public landing page: names only, nothing private. */
export function centresForLanding(db: Kysely<Database>): Promise<CentreListing[]> {
  return db.selectFrom("centres").select(["slug", "name", "timezone"]).orderBy("name").orderBy("slug").execute();
}
