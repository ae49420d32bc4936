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
import { childrenOf, consentStates, needsConsentByAge, openDateOfBirth } from "../people";

/** A parent's children, each with whether consent is needed and where it stands. */
export async function childCards(centre: CentreContext, parentId: string): Promise<ChildCard[]> {
  const children = await childrenOf(db, centre.id, parentId);
  const states = await consentStates(
    db,
    centre.id,
    children.map((child) => child.id),
  );
  const today = localDate(new Date(), centre.timeZone);
  return children.map((child) => {
    const state = states.get(child.id);
    return {
      id: child.id,
      name: child.name,
      studentCode: child.studentCode,
      needsConsent: needsConsentByAge(openDateOfBirth(child.id, child.dateOfBirthSealed), today),
      consent: state?.action ?? null,
      // On the centre's clock, in the reader's language (the guard set both for this request).
      consentAt: state ? formatDateTime(state.at) : null,
    };
  });
}

/** The role's dashboard, rendered; figures come from the cached dashboards service. */
export async function dashboardFor(principal: UserPrincipal, centre: CentreContext): Promise<SafeHtml | null> {
  if (principal.role === "student") {
    // The XP section is cached with the figures, rendered by the gamification module.
    const { dashboard, xpSection } = await studentDashboard(centre, principal.userId);
    return raw(`${xpSection ?? ""}${StudentDashboardView({ dashboard }).html}`);
  }
  if (principal.role === "parent")
    return ParentDashboardView({ dashboard: await parentDashboard(centre, principal.userId) });
  if (principal.role === "tutor" || principal.role === "head_tutor") {
    const seesAll = principal.role === "head_tutor";
    return TutorDashboardView({ dashboard: await tutorDashboard(centre, principal.userId, seesAll) });
  }
  return AdminDashboardView({ dashboard: await adminDashboard(centre) });
}
