import type { Kysely } from "kysely";
import type { CentreListing } from "../../../views/centres/landing";
import type { Database } from "../../platform/db";
import { DEFAULT_PIN_LENGTH, PIN_LENGTHS, type PinLength } from "./pin-length";

/** Centres shown on the public landing page: names only, nothing private. */
export function centresForLanding(db: Kysely<Database>): Promise<CentreListing[]> {
  return db
    .selectFrom("centres")
    .select(["slug", "name", "time_zone as timeZone"])
    .orderBy("name")
    .orderBy("slug")
    .execute();
}

export interface CentreSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
}

export function centreBySlug(db: Kysely<Database>, slug: string): Promise<CentreSummary | undefined> {
  return db
    .selectFrom("centres")
    .where("slug", "=", slug)
    .select(["id", "slug", "name", "time_zone as timeZone"])
    .executeTakeFirst();
}

export function centreById(db: Kysely<Database>, id: string): Promise<CentreSummary | undefined> {
  return db
    .selectFrom("centres")
    .where("id", "=", id)
    .select(["id", "slug", "name", "time_zone as timeZone"])
    .executeTakeFirst();
}

export interface CentreSettings extends CentreSummary {
  featureFlags: Record<string, boolean>;
  /** The language everyone there sees unless they chose their own. */
  locale: string;
}

export function centreSettings(db: Kysely<Database>, id: string): Promise<CentreSettings | undefined> {
  return db
    .selectFrom("centres")
    .where("id", "=", id)
    .select(["id", "slug", "name", "time_zone as timeZone", "feature_flags as featureFlags", "locale"])
    .executeTakeFirst();
}

/** The length of new PINs a centre's settings choose (settings.pinLength), 6 unless the owner chose 4. */
export function pinLengthIn(settings: Record<string, unknown> | undefined): PinLength {
  return PIN_LENGTHS.find((length) => length === settings?.pinLength) ?? DEFAULT_PIN_LENGTH;
}

/** The length of new PINs at the centre. */
export async function pinLengthOf(db: Kysely<Database>, id: string): Promise<PinLength> {
  const row = await db.selectFrom("centres").where("id", "=", id).select("settings").executeTakeFirst();
  return pinLengthIn(row?.settings);
}
