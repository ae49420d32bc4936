import { type Kysely, sql } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database, PinGuessPath } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { t } from "../../platform/i18n";
import type { AuditRequest } from "../../platform/principal";
import { type CentreId, deleteFromTenant, selectFromTenant, tenantJoin, updateTenant } from "../../platform/tenancy";
import { tutorsOf } from "../classes";
import { PIN_GUESS_BUDGET, PIN_GUESS_LIFETIME_BUDGET, PIN_GUESS_WINDOW_HOURS } from "./pin-policy";
import { parentsOf, personById } from "./queries";

/**
 * The PIN guessing budget of each student, from every path that checks a PIN (sign-in page,
 * kiosk, changing one's own PIN). In PostgreSQL, so a lock and the guesses behind it survive a
 * Redis restart. A guess reserves its slot before the PIN is checked, under a row lock on the
 * student's guard row, so concurrent guesses from many addresses cannot overrun the budget.
 * A spent budget locks PIN sign-in until a tutor, parent or admin unlocks it; it never expires.
 */

/** The clock the budget reads; tests replace `now` to simulate days passing. */
export const pinClock = { now: (): Date => new Date() };

export class StudentPinLockedError extends AppError {
  constructor() {
    super(423, t("people.pin.lockedError"));
  }
}

export interface GuessSlot {
  id: string;
  centreId: CentreId;
  studentId: string;
}

export interface Guesser {
  path: PinGuessPath;
  request: AuditRequest;
}

/** The guard row, created on first use and locked for the rest of the transaction. */
async function lockedGuard(trx: Kysely<Database>, centreId: CentreId, studentId: string) {
  await trx
    .insertInto("student_pin_locks")
    .values({ student_id: studentId, centre_id: centreId })
    .onConflict((conflict) => conflict.column("student_id").doNothing())
    .execute();
  return selectFromTenant(trx, "student_pin_locks", centreId)
    .where("student_id", "=", studentId)
    .select(["locked_at as lockedAt", "unlocked_at as unlockedAt", "succeeded_at as succeededAt"])
    .forUpdate()
    .executeTakeFirstOrThrow();
}

type Guard = Awaited<ReturnType<typeof lockedGuard>>;

const latest = (...dates: (Date | null)[]) => new Date(Math.max(0, ...dates.map((date) => date?.getTime() ?? 0)));

/**
 * Whether the guesses already counted (pending ones included) have spent either budget. Guesses
 * before an unlock never count; a correct PIN restarts only the account-life count, not the
 * rolling one, so the student's own sign-ins give an attacker no fresh guesses.
 */
async function budgetSpent(trx: Kysely<Database>, centreId: CentreId, studentId: string, guard: Guard, now: Date) {
  const windowStart = new Date(now.getTime() - PIN_GUESS_WINDOW_HOURS * 3600_000);
  const row = await selectFromTenant(trx, "student_pin_guesses", centreId)
    .where("student_id", "=", studentId)
    .where("guessed_at", ">=", latest(guard.unlockedAt))
    .select([
      sql<number>`(count(*) filter (where guessed_at > ${windowStart}))::int`.as("inWindow"),
      sql<number>`(count(*) filter (where guessed_at >= ${latest(guard.succeededAt)}))::int`.as("sinceSuccess"),
    ])
    .executeTakeFirstOrThrow();
  return row.inWindow >= PIN_GUESS_BUDGET || row.sinceSuccess >= PIN_GUESS_LIFETIME_BUDGET;
}

/** Holds a slot for one guess, or refuses when the student is locked. Call before checking the PIN. */
export async function reserveGuess(centreId: CentreId, studentId: string, guesser: Guesser): Promise<GuessSlot> {
  const now = pinClock.now();
  const id = await db.transaction().execute(async (trx) => {
    const guard = await lockedGuard(trx, centreId, studentId);
    // Guesses still being checked count as spent: a burst cannot reserve more than the budget.
    if (guard.lockedAt || (await budgetSpent(trx, centreId, studentId, guard, now))) return null;
    const row = await trx
      .insertInto("student_pin_guesses")
      .values({
        centre_id: centreId,
        student_id: studentId,
        guessed_at: now,
        outcome: "pending",
        path: guesser.path,
        ip: guesser.request.ip,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
  if (!id) throw new StudentPinLockedError();
  return { id, centreId, studentId };
}

/** The PIN was right: the slot is given back and the account-life count starts again. */
export async function guessWasRight(slot: GuessSlot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockedGuard(trx, slot.centreId, slot.studentId);
    await deleteFromTenant(trx, "student_pin_guesses", slot.centreId).where("id", "=", slot.id).execute();
    await updateTenant(trx, "student_pin_locks", slot.centreId)
      .set({ succeeded_at: pinClock.now() })
      .where("student_id", "=", slot.studentId)
      .execute();
  });
}

/**
 * The PIN was wrong: the slot is spent. Returns whether this guess used up the budget, in which
 * case the student is now locked, the lock audited and the people who look after them told.
 */
export async function guessWasWrong(slot: GuessSlot, guesser: Guesser): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const guard = await lockedGuard(trx, slot.centreId, slot.studentId);
    await updateTenant(trx, "student_pin_guesses", slot.centreId)
      .set({ outcome: "wrong" })
      .where("id", "=", slot.id)
      .execute();
    if (guard.lockedAt || !(await budgetSpent(trx, slot.centreId, slot.studentId, guard, pinClock.now()))) return false;
    await updateTenant(trx, "student_pin_locks", slot.centreId)
      .set({ locked_at: pinClock.now() })
      .where("student_id", "=", slot.studentId)
      .execute();
    await recordAudit(trx, {
      centreId: slot.centreId,
      actor: { id: null, role: null },
      action: "auth.pin_locked",
      target: { type: "user", id: slot.studentId },
      after: { path: guesser.path },
      request: guesser.request,
    });
    await publishEvent(trx, {
      type: "student.pin_locked",
      centreId: slot.centreId,
      payload: await whoToTell(trx, slot.centreId, slot.studentId),
    });
    return true;
  });
}

/** The student's tutors (of their active classes) and parents, for the lock notification. Reads
 * on the caller's transaction: other guesses may hold every pooled connection while they wait. */
async function whoToTell(trx: Kysely<Database>, centreId: CentreId, studentId: string) {
  const [student, parents, tutors] = await Promise.all([
    personById(trx, centreId, studentId),
    parentsOf(trx, centreId, studentId),
    tutorsOf(centreId, studentId, trx),
  ]);
  const tell = [...new Set([...tutors, ...parents.map((parent) => parent.id)])];
  return { studentId, studentName: student?.name ?? "A student", tell };
}

export interface PinState {
  lockedAt: Date | null;
  resetAt: Date | null;
  resetBy: { name: string; role: string } | null;
}

/** Whether the student is locked, and who last gave them a new PIN. */
export async function pinStateOf(executor: Kysely<Database>, centreId: CentreId, studentId: string): Promise<PinState> {
  const row = await selectFromTenant(executor, "student_pin_locks", centreId)
    .leftJoin("users", tenantJoin("users.id", "student_pin_locks.reset_by"))
    .where("student_pin_locks.student_id", "=", studentId)
    .select([
      "student_pin_locks.locked_at as lockedAt",
      "student_pin_locks.reset_at as resetAt",
      "users.name as resetByName",
      "users.role as resetByRole",
    ])
    .executeTakeFirst();
  const resetBy = row?.resetByName && row.resetByRole ? { name: row.resetByName, role: row.resetByRole } : null;
  return { lockedAt: row?.lockedAt ?? null, resetAt: row?.resetAt ?? null, resetBy };
}

/** Remembers who gave the student a new PIN (inside the reset's transaction; after clearPinGuesses). */
export async function noteReset(trx: Kysely<Database>, centreId: CentreId, studentId: string, by: string) {
  await updateTenant(trx, "student_pin_locks", centreId)
    .set({ reset_at: pinClock.now(), reset_by: by })
    .where("student_id", "=", studentId)
    .execute();
}

/**
 * Lifts a lock and forgets the guesses before it, inside the caller's transaction (an unlock, or a
 * PIN reset, which makes every earlier guess moot). Returns whether the student was locked.
 */
export async function clearPinGuesses(trx: Kysely<Database>, centreId: CentreId, studentId: string): Promise<boolean> {
  const guard = await lockedGuard(trx, centreId, studentId);
  const now = pinClock.now();
  await updateTenant(trx, "student_pin_locks", centreId)
    .set({ locked_at: null, unlocked_at: now })
    .where("student_id", "=", studentId)
    .execute();
  await deleteFromTenant(trx, "student_pin_guesses", centreId)
    .where("student_id", "=", studentId)
    .where("guessed_at", "<=", now)
    .execute();
  return guard.lockedAt !== null;
}
