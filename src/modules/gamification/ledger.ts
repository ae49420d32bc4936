import { type Kysely, sql } from "kysely";
import { localDate } from "../../platform/calendar";
import type { Database, XpSourceType } from "../../platform/db/schema";
import { publishEvent } from "../../platform/events";
import type { CentreId } from "../../platform/tenancy";
import { daysWithXp, heldBadges, xpTotals } from "./queries";
import { type BadgeDefinition, newBadges, streakLength } from "./rules";

export interface Award {
  centreId: CentreId;
  studentId: string;
  amount: number;
  reason: string;
  sourceType: XpSourceType;
  /** The thing that earned it (submission, session, or the tutor award itself): paid once. */
  sourceId: string;
  awardedBy: string | null;
  at: Date;
  /** Full marks on the work this award is for (the "Perfect score" badge). */
  perfect?: boolean;
}

export interface Awarded {
  entryId: string;
  award: Award;
  badges: BadgeDefinition[];
}

/**
 * Writes an award to the ledger in the caller's transaction, then the badges it earns, and
 * publishes xp.awarded and badge.earned with it. Returns null when this source has already paid
 * this student (a re-delivered event). Awards to one student are serialised by a transaction lock,
 * so two at once cannot both miss the badge their sum earns.
 */
export async function recordAward(trx: Kysely<Database>, award: Award, timeZone: string): Promise<Awarded | null> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`xp:${award.studentId}`}, 0))`.execute(trx);
  const entry = await trx
    .insertInto("xp_ledger")
    .values({
      centre_id: award.centreId,
      student_id: award.studentId,
      amount: award.amount,
      reason: award.reason,
      source_type: award.sourceType,
      source_id: award.sourceId,
      awarded_by: award.awardedBy,
      created_at: award.at,
    })
    .onConflict((conflict) => conflict.constraint("xp_ledger_once").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!entry) return null;
  const badges = await earnBadges(trx, award, entry.id, timeZone);
  await publishEvent(trx, {
    type: "xp.awarded",
    centreId: award.centreId,
    payload: {
      entryId: entry.id,
      studentId: award.studentId,
      amount: award.amount,
      reason: award.reason,
      at: award.at.toISOString(),
    },
  });
  for (const badge of badges) {
    await publishEvent(trx, {
      type: "badge.earned",
      centreId: award.centreId,
      payload: { studentId: award.studentId, badge: badge.code },
    });
  }
  return { entryId: entry.id, award, badges };
}

async function earnBadges(
  trx: Kysely<Database>,
  award: Award,
  entryId: string,
  timeZone: string,
): Promise<BadgeDefinition[]> {
  const totals = await xpTotals(trx, award.centreId, award.studentId);
  const days = await daysWithXp(trx, award.centreId, award.studentId, timeZone, award.at);
  const held = await heldBadges(trx, award.centreId, award.studentId);
  const streak = streakLength(days, localDate(award.at, timeZone));
  const earned = newBadges({ ...totals, streak, perfect: award.perfect ?? false }, held);
  if (earned.length === 0) return [];
  await trx
    .insertInto("badges_earned")
    .values(
      earned.map((badge) => ({
        centre_id: award.centreId,
        student_id: award.studentId,
        badge: badge.code,
        entry_id: entryId,
        earned_at: award.at,
      })),
    )
    .execute();
  return earned;
}
