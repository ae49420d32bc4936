import { raw, type SafeHtml } from "#html/jsx-runtime";
import type { AnnouncementItem } from "../../../views/announcements/announcements";
import {
  AdminDashboardView,
  ParentDashboardView,
  StudentDashboardView,
  TutorDashboardView,
} from "../../../views/dashboards/dashboards";
import type { ChildCard } from "../../../views/home/home";
import { type CachedView, viewsForCentre } from "../../platform/cache";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { formatDateTime } from "../../platform/i18n";
import type { CentreContext, UserPrincipal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { homeAnnouncementsView } from "../announcements";
import { adminDashboardView, parentDashboardView, studentDashboardView, tutorDashboardView } from "../dashboards";
import { childrenOf, childrenWithConsent, needsConsentByAge, openDateOfBirth } from "../people";

/** A parent's children, each with whether consent is needed and where it stands (one statement). */
export async function childCards(centre: CentreContext, parentId: string): Promise<ChildCard[]> {
  const children = await childrenWithConsent(db, centre.id, parentId);
  const today = localDate(new Date(), centre.timeZone);
  return children.map((child) => ({
    id: child.id,
    name: child.name,
    studentCode: child.studentCode,
    needsConsent: needsConsentByAge(openDateOfBirth(child.id, child.dateOfBirthSealed), today),
    consent: child.consent?.action ?? null,
    // On the centre's clock, in the reader's language (the guard set both for this request).
    consentAt: child.consent ? formatDateTime(child.consent.at) : null,
  }));
}

/**
 * The role's dashboard, rendered, and the person's announcements: both cached, read in one round
 * trip (the dashboards service and the announcements module say what each shows at this moment).
 * A parent's `children`, when the page has read them already, are not read again.
 */
export async function dashboardFor(
  principal: UserPrincipal,
  centre: CentreContext,
  children: readonly { id: string; name: string }[] | null = null,
  now = new Date(),
): Promise<[SafeHtml, AnnouncementItem[]]> {
  const announcements = homeAnnouncementsView(centre.id, principal.userId, now);
  const both = <C, T>(dashboard: CachedView<C, T>) => viewsForCentre(redis, centre.id, dashboard, announcements);
  if (principal.role === "student") {
    // The XP section is cached with the figures, rendered by the gamification module.
    const [{ dashboard, xpSection }, items] = await both(studentDashboardView(centre, principal.userId, now));
    return [raw(`${xpSection ?? ""}${StudentDashboardView({ dashboard }).html}`), items];
  }
  if (principal.role === "parent") {
    const known = children ?? (await childrenOf(db, centre.id, principal.userId));
    const [dashboard, items] = await both(parentDashboardView(centre, principal.userId, known, now));
    return [ParentDashboardView({ dashboard }), items];
  }
  if (principal.role === "tutor" || principal.role === "head_tutor") {
    const seesAll = principal.role === "head_tutor";
    const [dashboard, items] = await both(await tutorDashboardView(centre, principal.userId, seesAll, now));
    return [TutorDashboardView({ dashboard }), items];
  }
  const [dashboard, items] = await both(adminDashboardView(centre, now));
  return [AdminDashboardView({ dashboard }), items];
}
