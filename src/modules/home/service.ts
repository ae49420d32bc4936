import { raw, type SafeHtml } from "#html/jsx-runtime";
import {
  AdminDashboardView,
  ParentDashboardView,
  StudentDashboardView,
  TutorDashboardView,
} from "../../../views/dashboards/dashboards";
import type { ChildCard } from "../../../views/home/home";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { formatDateTime } from "../../platform/i18n";
import type { CentreContext, UserPrincipal } from "../../platform/principal";
import { adminDashboard, parentDashboard, studentDashboard, tutorDashboard } from "../dashboards";
import { childrenWithConsent, needsConsentByAge, openDateOfBirth } from "../people";

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
 * The role's dashboard, rendered; figures come from the cached dashboards service. A parent's
 * `children`, when the page has read them already, are not read again.
 */
export async function dashboardFor(
  principal: UserPrincipal,
  centre: CentreContext,
  children: readonly { id: string; name: string }[] | null = null,
): Promise<SafeHtml | null> {
  if (principal.role === "student") {
    // The XP section is cached with the figures, rendered by the gamification module.
    const { dashboard, xpSection } = await studentDashboard(centre, principal.userId);
    return raw(`${xpSection ?? ""}${StudentDashboardView({ dashboard }).html}`);
  }
  if (principal.role === "parent")
    return ParentDashboardView({ dashboard: await parentDashboard(centre, principal.userId, children ?? undefined) });
  if (principal.role === "tutor" || principal.role === "head_tutor") {
    const seesAll = principal.role === "head_tutor";
    return TutorDashboardView({ dashboard: await tutorDashboard(centre, principal.userId, seesAll) });
  }
  return AdminDashboardView({ dashboard: await adminDashboard(centre) });
}
