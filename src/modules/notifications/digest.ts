import type { Kysely } from "kysely";
import { nowIn, zonedInstant } from "../../platform/calendar";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { queueMail } from "../../platform/mail";
import { type CentreId, selectFromTenant, trustedCentreId, updateTenant } from "../../platform/tenancy";
import type { Note, NotificationKind } from "./kinds";
import { digestMail } from "./mail";
import { unsubscribeUrl } from "./unsubscribe-token";

/** The digest goes out at this local time in each centre, on the first run of the job after it. */
export const DIGEST_TIME = "17:00";
/** How often the worker looks for digests due (src/worker.ts). */
export const DIGEST_EVERY_MS = 5 * 60_000;

export function digestMailKey(userId: string, localDate: string): string {
  return `digest:${userId}:${localDate}`;
}

function lineAsNote(row: {
  note_kind: string | null;
  params: Record<string, string | number> | null;
  text: string;
  link: string | null;
}): Note {
  const link = row.link ? { link: row.link } : {};
  return row.note_kind && row.params
    ? { kind: row.note_kind as NotificationKind, params: row.params, ...link }
    : { text: row.text, ...link };
}

/**
 * One person's digest for a local day: every line that waited for it (added before the cutoff),
 * queued as one email under the day's key and marked as carried in the same transaction. When
 * the day's digest went already, later lines wait for tomorrow's.
 */
async function sendDigestTo(centreId: CentreId, userId: string, date: string, cutoff: Date): Promise<boolean> {
  return db.transaction().execute(async (trx: Kysely<Database>) => {
    const lines = await selectFromTenant(trx, "digest_items", centreId)
      .where("user_id", "=", userId)
      .where("mail_key", "is", null)
      .where("created_at", "<", cutoff)
      .select(["id", "note_kind", "params", "text", "link"])
      .orderBy("id")
      .limit(200)
      .forUpdate()
      .skipLocked()
      .execute();
    if (lines.length === 0) return false;
    const key = digestMailKey(userId, date);
    const { queued } = await queueMail(trx, digestMail, {
      key,
      centreId,
      recipientId: userId,
      params: { date, items: lines.map(lineAsNote) },
      unsubscribeUrl: unsubscribeUrl({ centreId, userId, kind: "digest" }),
    });
    if (!queued) return false;
    await updateTenant(trx, "digest_items", centreId)
      .where(
        "id",
        "in",
        lines.map((line) => line.id),
      )
      .set({ mail_key: key })
      .execute();
    return true;
  });
}

/** Lines a digest carried are kept this long (the email holds them from then on), then deleted. */
const CARRIED_KEPT_MS = 7 * 24 * 3_600_000;

/** Each centre's digests once its local clock has passed 17:00; returns how many were queued. */
export async function sendDueDigests(now: Date = new Date()): Promise<number> {
  await db
    .deleteFrom("digest_items") // platform-wide: housekeeping of lines already carried, in every centre
    .where("mail_key", "is not", null)
    .where("created_at", "<", new Date(now.getTime() - CARRIED_KEPT_MS))
    .execute();
  const centres = await db
    .selectFrom("digest_items") // platform-wide: the digest job serves every centre with lines waiting
    .where("mail_key", "is", null)
    .select("centre_id")
    .distinct()
    .execute();
  let sent = 0;
  for (const { centre_id } of centres) {
    const centreId = trustedCentreId(centre_id);
    const centre = await loadCentreContext(centreId);
    if (!centre) continue;
    const local = nowIn(centre.timeZone, now);
    if (local.time < DIGEST_TIME) continue;
    const cutoff = zonedInstant(local.date, DIGEST_TIME, centre.timeZone);
    const people = await selectFromTenant(db, "digest_items", centreId)
      .where("mail_key", "is", null)
      .where("created_at", "<", cutoff)
      .select("user_id")
      .distinct()
      .execute();
    for (const { user_id } of people) if (await sendDigestTo(centreId, user_id, local.date, cutoff)) sent += 1;
  }
  return sent;
}
