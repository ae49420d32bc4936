import { raw, type SafeHtml } from "#html/jsx-runtime";
import {
  AdminDashboardView,
  ParentDashboardView,
  StudentDashboardView,
  TutorDashboardView,
} from "../../../views/dashboards/dashboards";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import type { UserPrincipal } from "../../platform/principal";
import type { CentreId } from "../../platform/tenancy";
import { centreById } from "../centres";
import { adminDashboard, type DashboardCentre, parentDashboard, studentDashboard, tutorDashboard } from "../dashboards";
import { studentXpSection } from "../gamification";
import { childrenOf, consentStates, needsConsentByAge, openDateOfBirth } from "../people";

export interface ChildCard {
  id: string;
  name: string;
  studentCode: string | null;
  needsConsent: boolean;
  consent: "given" | "withdrawn" | null;
  consentAt: string | null;
}

export async function centreName(centreId: CentreId | null): Promise<string | null> {
  return centreId ? ((await centreById(db, centreId))?.name ?? null) : null;
}

/** A parent's children, each with whether consent is needed and where it stands. */
export async function childCards(centreId: CentreId, parentId: string): Promise<ChildCard[]> {
  const [children, centre] = await Promise.all([childrenOf(db, centreId, parentId), centreById(db, centreId)]);
  const states = await consentStates(
    db,
    centreId,
    children.map((child) => child.id),
  );
  const today = localDate(new Date(), centre?.timeZone ?? "UTC");
  return children.map((child) => {
    const state = states.get(child.id);
    return {
      id: child.id,
      name: child.name,
      studentCode: child.studentCode,
      needsConsent: needsConsentByAge(openDateOfBirth(child.id, child.dateOfBirthSealed), today),
      consent: state?.action ?? null,
      consentAt: state ? state.at.toISOString().slice(0, 16).replace("T", " ") : null,
    };
  });
}

/** The role's dashboard, rendered; figures come from the cached dashboards service. */
export async function dashboardFor(principal: UserPrincipal, centre: DashboardCentre): Promise<SafeHtml | null> {
  if (principal.role === "student") {
    const [dashboard, xp] = await Promise.all([
      studentDashboard(centre, principal.userId),
      studentXpSection(centre.id, principal.userId),
    ]);
    return raw(`${xp?.html ?? ""}${StudentDashboardView({ dashboard }).html}`);
  }
  if (principal.role === "parent")
    return ParentDashboardView({ dashboard: await parentDashboard(centre, principal.userId) });
  if (principal.role === "tutor" || principal.role === "head_tutor") {
    const seesAll = principal.role === "head_tutor";
    return TutorDashboardView({ dashboard: await tutorDashboard(centre, principal.userId, seesAll) });
  }
  return AdminDashboardView({ dashboard: await adminDashboard(centre) });
}
