import { config } from "../../config";
import { logoPathOf } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { isLocale, SOURCE_LOCALE } from "../../platform/i18n";
import type { MailRecipientDetails } from "../../platform/mail";
import { openEmail } from "./sensitive";

/** The centre's logo as a full link for an email's header (its public, stable address). */
function logoUrl(slug: string | null, logoFileId: string | null): string | null {
  const path = slug ? logoPathOf({ slug, logoFileId }) : null;
  return path ? new URL(path, config.PUBLIC_URL).href : null;
}

/**
 * The person an email is for, with their address opened: only the mail worker calls this, when
 * it composes the email. They read it in their own language, else their centre's; disabled
 * accounts receive nothing.
 */
export async function mailRecipientOf(userId: string): Promise<MailRecipientDetails | null> {
  const row = await db
    .selectFrom("users") // platform-wide: the queued email names its recipient by id
    .leftJoin("centres", "centres.id", "users.centre_id")
    .select([
      "users.id",
      "users.name",
      "users.status",
      "users.email_encrypted",
      "users.locale",
      "centres.name as centreName",
      "centres.locale as centreLocale",
      "centres.time_zone as timeZone",
      "centres.slug",
      "centres.logo_file_id as logoFileId",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  const locale = [row.locale, row.centreLocale].find((candidate) => candidate && isLocale(candidate));
  return {
    name: row.name,
    address: openEmail(row.id, row.email_encrypted),
    reachable: row.status !== "disabled",
    locale: locale && isLocale(locale) ? locale : SOURCE_LOCALE,
    timeZone: row.timeZone ?? "UTC",
    centreName: row.centreName,
    centreLogoUrl: logoUrl(row.slug, row.logoFileId),
  };
}
