import type { AnnouncementItem } from "../../../views/announcements/announcements";
import type { NavLink } from "../../../views/layout";
import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { toItem } from "./present";
import { forHome } from "./queries";

/** The announcements page, from the home page: for everyone who reads them. */
export function announcementLinks(role: Role): NavLink[] {
  return roleHas(role, "announcement.read") ? [{ href: "/announcements", label: t("announcements.title") }] : [];
}

/** What the home page shows of the announcements that reached this person: unread ones first. */
export async function homeAnnouncements(centreId: CentreId, userId: string): Promise<AnnouncementItem[]> {
  const rows = await forHome(centreId, userId);
  return rows.map((row) => toItem(row, row.readAt));
}
