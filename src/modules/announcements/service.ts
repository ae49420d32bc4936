import { recordAudit } from "../../platform/audit";
import { cachePart, invalidateParts } from "../../platform/cache";
import { dayBounds } from "../../platform/calendar";
import { db } from "../../platform/db";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { classById } from "../classes";
import { type Audience, recordRecipients } from "./audience";
import { type AnnouncementRow, announcementById, receipt } from "./queries";

/**
 * Announcements: an admin or head tutor (`announcement.post`) writes to the whole centre, to its
 * parents, or to one class. Who it reaches is settled when it is posted (see audience.ts): for a
 * class, its students, their parents and its tutor — the people that class's news concerns, and
 * no other class's or centre's. Each of them sees it on their home page and their list of
 * announcements; parents and staff are also emailed, each as their email preferences for
 * announcements say, by the worker (events.ts), so a centre-wide post does not hold the request.
 * Students have no email address and see it in the app only. The author sees how many it reached
 * and how many have read it; admins (`announcement.manage`) also see who, and may delete any.
 */

export interface NewAnnouncement {
  title: string;
  body: string;
  audience: Audience;
  /** The last day (centre time, "YYYY-MM-DD") it shows on home pages; null for no end. */
  homeUntil?: string | null;
}

/** The end of the chosen day on the centre's clock; the day must not be over already. */
function homeUntilInstant(actor: Actor, day: string | null | undefined, now = new Date()): Date | null {
  if (!day) return null;
  const { to } = dayBounds(day, actor.centre.timeZone);
  if (to <= now) throw new ValidationError({ homeUntil: t("announcements.error.homeUntilPast") });
  return to;
}

async function checkAudience(actor: Actor, audience: Audience): Promise<void> {
  if (audience.kind !== "class") return;
  const found = await classById(actor.centreId, audience.classId);
  if (found?.status !== "active") throw new ValidationError({ audience: t("announcements.error.class") });
}

/** Posts it, records whom it reached, and leaves the emails to the worker; returns its id. */
export async function postAnnouncement(actor: Actor, input: NewAnnouncement): Promise<string> {
  await checkAudience(actor, input.audience);
  const homeUntil = homeUntilInstant(actor, input.homeUntil);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("announcements")
      .values({
        centre_id: actor.centreId,
        author_id: actor.userId,
        audience: input.audience.kind,
        class_id: input.audience.kind === "class" ? input.audience.classId : null,
        title: input.title,
        body: input.body,
        home_until: homeUntil,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const reached = await recordRecipients(trx, actor.centreId, row.id, input.audience, actor.userId);
    // Rolls the post back: an announcement nobody would see is a mistake worth saying so.
    if (reached === 0) throw new ValidationError({ audience: t("announcements.error.nobody") });
    await publishEvent(trx, {
      type: "announcement.posted",
      centreId: actor.centreId,
      payload: { announcementId: row.id, title: input.title },
    });
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "announcement.post",
      target: { type: "announcement", id: row.id },
      after: {
        title: input.title,
        audience: input.audience.kind,
        classId: input.audience.kind === "class" ? input.audience.classId : null,
        reached,
      },
      request: actor.request,
    });
    return row.id;
  });
  await invalidateParts(redis, actor.centreId, ["announcements"]);
  return id;
}

/** Whether the actor wrote it, or may see and manage every announcement of the centre. */
export function oversees(actor: Actor, announcement: AnnouncementRow): boolean {
  return announcement.authorId === actor.userId || roleHas(actor.role, "announcement.manage");
}

/**
 * The announcement, for someone it reached, its author, or an admin; anyone else is told it does
 * not exist, as for another centre's.
 */
export async function visibleAnnouncement(
  actor: Actor,
  id: string,
): Promise<{ announcement: AnnouncementRow; receipt: { readAt: Date | null } | undefined }> {
  const [announcement, mine] = await Promise.all([
    announcementById(db, actor.centreId, id),
    receipt(actor.centreId, id, actor.userId),
  ]);
  if (!announcement || (!mine && !oversees(actor, announcement)))
    throw new NotFoundError(lazy("announcements.error.notFound"));
  return { announcement, receipt: mine };
}

/** Reading or dismissing it: marks it read for this reader (the first time only). */
export async function markRead(actor: Actor, id: string): Promise<void> {
  const mine = await receipt(actor.centreId, id, actor.userId);
  if (!mine) throw new NotFoundError(lazy("announcements.error.notFound"));
  if (mine.readAt) return;
  await updateTenant(db, "announcement_recipients", actor.centreId)
    .set({ read_at: new Date() })
    .where("announcement_id", "=", id)
    .where("user_id", "=", actor.userId)
    .where("read_at", "is", null)
    .execute();
  await invalidateParts(redis, actor.centreId, [cachePart.reader(actor.userId)]);
}

/** Its author or an admin deletes it: it leaves every home page and list; emails already sent stay sent. */
export async function deleteAnnouncement(actor: Actor, id: string): Promise<void> {
  const { announcement } = await visibleAnnouncement(actor, id);
  if (!oversees(actor, announcement)) throw new ForbiddenError(lazy("announcements.error.notYours"));
  await db.transaction().execute(async (trx) => {
    await deleteFromTenant(trx, "announcements", actor.centreId).where("id", "=", id).execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "announcement.delete",
      target: { type: "announcement", id },
      before: { title: announcement.title, audience: announcement.audience, classId: announcement.classId },
      request: actor.request,
    });
  });
  await invalidateParts(redis, actor.centreId, ["announcements"]);
}
