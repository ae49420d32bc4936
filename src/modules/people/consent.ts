import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { ConsentAction } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { revokeUserSessions } from "../../platform/session/store";
import type { CentreId } from "../../platform/tenancy";
import { consentStates, isGuardianOf } from "./queries";
import { ageOn, openDateOfBirth } from "./sensitive";

/** COPPA: under 13 a student needs a linked parent's consent before using AetherLearn. */
export const CONSENT_AGE = 13;

export function needsConsentByAge(dateOfBirth: string | null, today: string): boolean {
  return dateOfBirth !== null && ageOn(dateOfBirth, today) < CONSENT_AGE;
}

export async function hasConsent(centreId: CentreId, studentId: string): Promise<boolean> {
  const states = await consentStates(db, centreId, [studentId]);
  return states.get(studentId)?.action === "given";
}

/** Whether this student may sign in today: old enough, or a parent's consent stands. */
export async function consentAllowsSignIn(
  centreId: CentreId,
  student: { id: string; dateOfBirthSealed: string | null },
  today: string,
): Promise<boolean> {
  const dateOfBirth = openDateOfBirth(student.id, student.dateOfBirthSealed);
  if (!needsConsentByAge(dateOfBirth, today)) return true;
  return hasConsent(centreId, student.id);
}

/** A parent gives or withdraws consent for their own child, in their own session; both are recorded. */
export async function recordConsent(parent: Actor, studentId: string, action: ConsentAction): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await isGuardianOf(trx, parent.centreId, parent.userId, studentId))) {
      throw new NotFoundError(t("people.error.notYourChild"));
    }
    await trx
      .insertInto("consent_events")
      .values({
        centre_id: parent.centreId,
        student_id: studentId,
        parent_id: parent.userId,
        action,
        method: "parent_session",
        ip: parent.request.ip,
        user_agent: parent.request.userAgent,
      })
      .execute();
    await recordAudit(trx, {
      centreId: parent.centreId,
      actor: { id: parent.userId, role: parent.role },
      action: action === "given" ? "consent.give" : "consent.withdraw",
      target: { type: "user", id: studentId },
      after: { consent: action, method: "parent_session" },
      request: parent.request,
    });
  });
  // Withdrawal takes effect at once, not at the student's next sign-in.
  if (action === "withdrawn") await revokeUserSessions(redis, studentId);
}
