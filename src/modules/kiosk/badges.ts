import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import { t } from "../../platform/i18n";
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
    super(403, t("kiosk.badgeReplaced"));
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

type BadgeRow = Awaited<ReturnType<typeof lockedState>>;

/** What one badge change writes and audits, worked out from the locked current state (null: nothing to do). */
interface BadgeChange {
  set: { version?: number; revoked_at: Date | null };
  action: "kiosk.badge_reissue" | "kiosk.badge_revoke";
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Applies a change to the student's badge under a row lock, with its audit row, in one transaction. */
function changeBadge(actor: Actor, studentId: string, decide: (current: BadgeRow) => BadgeChange | null) {
  return db.transaction().execute(async (trx) => {
    const current = await lockedState(trx, actor, studentId);
    const change = decide(current);
    if (!change) return current.version;
    await updateTenant(trx, "student_badges", actor.centreId)
      .set({ ...change.set, updated_by: actor.userId, updated_at: new Date() })
      .where("student_id", "=", studentId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: change.action,
      target: { type: "user", id: studentId },
      before: change.before,
      after: change.after,
      request: actor.request,
    });
    return change.set.version ?? current.version;
  });
}

/** A new printing of the student's badge: every earlier card stops working. Returns the new version. */
export function reissueBadge(actor: Actor, studentId: string): Promise<number> {
  return changeBadge(actor, studentId, (current) => ({
    set: { version: current.version + 1, revoked_at: null },
    action: "kiosk.badge_reissue",
    before: { version: current.version },
    after: { version: current.version + 1 },
  }));
}

/** Cancels the student's current badge (lost card): refused at every kiosk until a new one is printed. */
export async function revokeBadge(actor: Actor, studentId: string): Promise<void> {
  await changeBadge(actor, studentId, (current) =>
    current.revokedAt
      ? null
      : { set: { revoked_at: new Date() }, action: "kiosk.badge_revoke", after: { version: current.version } },
  );
}
