import { db } from "../../platform/db";
import type { CentreId } from "../../platform/tenancy";
import { centreById } from "../centres/queries";
import { needsConsentByAge } from "../people/consent";
import { childrenOf, consentStates } from "../people/queries";
import { openDateOfBirth, todayIn } from "../people/sensitive";

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
  const today = todayIn(centre?.timezone ?? "UTC");
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
