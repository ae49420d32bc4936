import { type Kysely, sql } from "kysely";
import type { Database, Role, UserStatus } from "../../platform/db/schema";

export interface CentreRow {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  locale: string;
  createdAt: Date;
}

/** Every centre on the installation, for the platform admin. */
export function allCentres(db: Kysely<Database>): Promise<CentreRow[]> {
  return db
    .selectFrom("centres")
    .select(["id", "slug", "name", "time_zone as timeZone", "locale", "created_at as createdAt"])
    .orderBy("name")
    .orderBy("slug")
    .execute();
}

export interface HeadCount {
  centreId: string;
  role: Role;
  status: UserStatus;
  count: number;
}

/** How many people each centre has, by role and status: counts only, no personal data. */
export async function headCounts(db: Kysely<Database>): Promise<HeadCount[]> {
  const rows = await db
    .selectFrom("users") // platform-wide: the platform admin sees every centre's head counts
    .where("centre_id", "is not", null)
    .select(["centre_id as centreId", "role", "status", sql<string>`count(*)`.as("count")])
    .groupBy(["centre_id", "role", "status"])
    .execute();
  return rows.map((row) => ({ ...row, centreId: row.centreId as string, count: Number(row.count) }));
}
