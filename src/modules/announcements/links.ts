import type { AnnouncementItem } from "../../../views/announcements/announcements";
import type { NavLink } from "../../../views/layout";
import { type CachedView, cachePart } from "../../platform/cache";
import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { toItem } from "./present";
import { forHome, HOME_ANNOUNCEMENTS, onHome, type ReceivedRow } from "./queries";

/** The announcements page, from the home page: for everyone who reads them. */
export function announcementLinks(role: Role): NavLink[] {
  return roleHas(role, "announcement.read") ? [{ href: "/announcements", label: t("announcements.title") }] : [];
}

/** What the home page shows of the announcements that reached this person: unread ones first. */
export async function homeAnnouncements(
  centreId: CentreId,
  userId: string,
  now = new Date(),
): Promise<AnnouncementItem[]> {
  const rows = await forHome(centreId, userId, now);
  return rows.map((row) => toItem(row, row.readAt));
}

const TEN_MINUTES = 600;

/** A row as it comes back from the cache, its instants as JSON's strings. */
function revived(row: ReceivedRow): ReceivedRow {
  return {
    ...row,
    createdAt: new Date(row.createdAt),
    homeUntil: row.homeUntil === null ? null : new Date(row.homeUntil),
    readAt: row.readAt === null ? null : new Date(row.readAt),
  };
}

/**
 * homeAnnouncements kept ten minutes under the centre's announcements and what this person has
 * read (the service marks both stale), for the home page to read with its dashboard in one round
 * trip. Time only takes rows off the list (past their day on the home page, read too long ago), so
 * the cached rows still showing are the answer, unless the list was full and lost one: then the
 * next one is read afresh.
 */
export function homeAnnouncementsView(
  centreId: CentreId,
  userId: string,
  now = new Date(),
): CachedView<ReceivedRow[], AnnouncementItem[]> {
  return {
    entry: {
      parts: ["announcements", cachePart.reader(userId)],
      name: `home-announcements:${userId}`,
      ttlSeconds: TEN_MINUTES,
      compute: () => forHome(centreId, userId, now),
    },
    shown: async (cached) => {
      const rows = cached.map(revived);
      const showing = rows.filter((row) => onHome(row, now));
      if (showing.length < rows.length && rows.length >= HOME_ANNOUNCEMENTS)
        return homeAnnouncements(centreId, userId, now);
      return showing.map((row) => toItem(row, row.readAt));
    },
  };
}
