import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { ROLE_TIER } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { tutorTeachesStudent } from "../classes";
import { isGuardianOf } from "./queries";

/**
 * Who looks after a student, for actions on that one student (PIN reset, PIN unlock): head tutors
 * and above centre-wide, a tutor the students in their own classes, a parent their own children.
 * Anyone else is told the student was not found, so its existence is not confirmed.
 */
export async function looksAfter(actor: Pick<Actor, "userId" | "role" | "centreId">, studentId: string) {
  if (ROLE_TIER[actor.role] >= ROLE_TIER.head_tutor) return true;
  if (actor.role === "tutor") return tutorTeachesStudent(actor.centreId, actor.userId, studentId);
  if (actor.role === "parent") return isGuardianOf(db, actor.centreId, actor.userId, studentId);
  return false;
}

export async function assertLooksAfter(actor: Pick<Actor, "userId" | "role" | "centreId">, studentId: string) {
  if (!(await looksAfter(actor, studentId))) throw new NotFoundError(t("people.error.notYourStudent"));
}
