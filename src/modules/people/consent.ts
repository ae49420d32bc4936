import { recordAudit } from "../../platform/audit";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import type { ConsentAction } from "../../platform/db/schema";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { queueMail } from "../../platform/mail";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { revokeUserSessions } from "../../platform/session/store";
import type { CentreId } from "../../platform/tenancy";
import { centreUrl } from "../centres";
import { consentRequestMail } from "./mail";
import { consentStates, isGuardianOf, type PersonDetail, personById } from "./queries";
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

/** Where a student stands: no consent needed (13 or over, or no date of birth), or the latest answer. */
export type ConsentStatus = "not_needed" | "not_given" | ConsentAction;

export async function consentStatusOf(
  centreId: CentreId,
  student: Pick<PersonDetail, "id" | "dateOfBirthSealed">,
  today: string,
): Promise<ConsentStatus> {
  if (!needsConsentByAge(openDateOfBirth(student.id, student.dateOfBirthSealed), today)) return "not_needed";
  const states = await consentStates(db, centreId, [student.id]);
  return states.get(student.id)?.action ?? "not_given";
}

/**
 * Staff ask a linked parent, by email, to give consent for an under-13 student; the email leads
 * to the parent's home page, where consent is given. Once a day per parent and student: asking
 * again the same day sends nothing more. Returns whether an email was queued.
 */
export async function requestConsent(actor: Actor, studentId: string, parentId: string): Promise<{ queued: boolean }> {
  const today = localDate(new Date(), actor.centre.timeZone);
  return db.transaction().execute(async (trx) => {
    const [student, parent] = await Promise.all([
      personById(trx, actor.centreId, studentId),
      personById(trx, actor.centreId, parentId),
    ]);
    if (student?.role !== "student") throw new NotFoundError(t("people.error.studentNotInCentre"));
    if (parent?.role !== "parent" || !(await isGuardianOf(trx, actor.centreId, parentId, studentId)))
      throw new NotFoundError(t("people.error.notLinked"));
    const status = await consentStatusOf(actor.centreId, student, today);
    if (status === "not_needed") throw new ConflictError(t("people.error.consentNotNeeded", { name: student.name }));
    if (status === "given") throw new ConflictError(t("people.error.consentAlreadyGiven", { name: student.name }));
    if (parent.status !== "active") throw new ConflictError(t("people.error.parentNotActive", { name: parent.name }));
    const { queued } = await queueMail(trx, consentRequestMail, {
      key: `consent-request:${studentId}:${parentId}:${today}`,
      centreId: actor.centreId,
      recipientId: parentId,
      // The centre's own sign-in page: the parent signs in there without choosing a centre.
      params: { student: student.name, link: `${centreUrl(actor.centre.slug)}?next=%2Fhome` },
    });
    if (queued)
      await recordAudit(trx, {
        centreId: actor.centreId,
        actor: { id: actor.userId, role: actor.role },
        action: "consent.request",
        target: { type: "user", id: studentId },
        after: { parentId },
        request: actor.request,
      });
    return { queued };
  });
}
