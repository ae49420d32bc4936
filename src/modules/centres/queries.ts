import type { Kysely } from "kysely";
import type { Database } from "../../platform/db";
import { DEFAULT_PIN_LENGTH, PIN_LENGTHS, type PinLength } from "./pin-length";

export interface CentreSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  /** Its logo's file (shown on its sign-in page), or null. */
  logoFileId: string | null;
}

const SUMMARY = ["id", "slug", "name", "time_zone as timeZone", "logo_file_id as logoFileId"] as const;

export function centreBySlug(db: Kysely<Database>, slug: string): Promise<CentreSummary | undefined> {
  return db.selectFrom("centres").where("slug", "=", slug).select(SUMMARY).executeTakeFirst();
}

export function centreById(db: Kysely<Database>, id: string): Promise<CentreSummary | undefined> {
  return db.selectFrom("centres").where("id", "=", id).select(SUMMARY).executeTakeFirst();
}

export interface CentreSettings extends CentreSummary {
  featureFlags: Record<string, boolean>;
  /** The language everyone there sees unless they chose their own. */
  locale: string;
  contact: { email: string | null; phone: string | null; postalAddress: string | null; website: string | null };
}

export async function centreSettings(db: Kysely<Database>, id: string): Promise<CentreSettings | undefined> {
  const row = await db
    .selectFrom("centres")
    .where("id", "=", id)
    .select([
      ...SUMMARY,
      "feature_flags as featureFlags",
      "locale",
      "contact_email",
      "contact_phone",
      "postal_address",
      "website",
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const { contact_email, contact_phone, postal_address, website, ...centre } = row;
  return { ...centre, contact: { email: contact_email, phone: contact_phone, postalAddress: postal_address, website } };
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
