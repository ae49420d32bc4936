import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant, updateTenant } from "../../platform/tenancy";
import type { ScannedBadge } from "./badge";

/**
 * Which printing of each student's badge is valid. Printing a new badge bumps the version, so
 * the old card stops working; revoking marks the current one unusable until a new one is printed.
 * No row means the student still has their first badge (version 0).
 */
export interface BadgeState {
  version: number;
  revoked: boolean;
}

/** A badge that was ours but is no longer valid: say so, so the student knows to ask for a new one. */
export class RevokedBadgeError extends AppError {
  constructor() {
    super(
      403,
      "This badge has been replaced or cancelled and no longer works. Please sign in with your code and PIN, and ask the front desk for your current badge.",
    );
  }
}

export async function badgeStateOf(executor: Kysely<Database>, centreId: CentreId, studentId: string) {
  const row = await selectFromTenant(executor, "student_badges", centreId)
    .where("student_id", "=", studentId)
    .select(["version", "revoked_at as revokedAt"])
    .executeTakeFirst();
  return { version: row?.version ?? 0, revoked: row?.revokedAt != null } satisfies BadgeState;
}

/** Refuses a scanned badge that is not the student's current, unrevoked one. */
export async function assertCurrentBadge(centreId: CentreId, scanned: ScannedBadge): Promise<void> {
  const state = await badgeStateOf(db, centreId, scanned.studentId);
  if (state.revoked || state.version !== scanned.version) throw new RevokedBadgeError();
}

async function lockedState(trx: Kysely<Database>, actor: Actor, studentId: string) {
  await trx
    .insertInto("student_badges")
    .values({ student_id: studentId, centre_id: actor.centreId, version: 0, updated_by: actor.userId })
    .onConflict((conflict) => conflict.column("student_id").doNothing())
    .execute();
  return selectFromTenant(trx, "student_badges", actor.centreId)
    .where("student_id", "=", studentId)
    .select(["version", "revoked_at as revokedAt"])
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** A new printing of the student's badge: every earlier card stops working. Returns the new version. */
export async function reissueBadge(actor: Actor, studentId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const current = await lockedState(trx, actor, studentId);
    const version = current.version + 1;
    await updateTenant(trx, "student_badges", actor.centreId)
      .set({ version, revoked_at: null, updated_by: actor.userId, updated_at: new Date() })
      .where("student_id", "=", studentId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "kiosk.badge_reissue",
      target: { type: "user", id: studentId },
      before: { version: current.version },
      after: { version },
      request: actor.request,
    });
    return version;
  });
}

/** Cancels the student's current badge (lost card): refused at every kiosk until a new one is printed. */
export async function revokeBadge(actor: Actor, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockedState(trx, actor, studentId);
    if (current.revokedAt) return;
    await updateTenant(trx, "student_badges", actor.centreId)
      .set({ revoked_at: new Date(), updated_by: actor.userId, updated_at: new Date() })
      .where("student_id", "=", studentId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "kiosk.badge_revoke",
      target: { type: "user", id: studentId },
      after: { version: current.version },
      request: actor.request,
    });
  });
}
