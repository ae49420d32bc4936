import { type Kysely, sql } from "kysely";
import { addDays, localDate } from "../../platform/calendar";
import type { Database } from "../../platform/db/schema";
import type { CentreContext } from "../../platform/principal";
import { deleteFromTenant } from "../../platform/tenancy";
import { type ClassRecord, classRecord, datedRanges } from "./queries";
import { classOccurrences, type DateRange } from "./schedule";

/** Dated sessions exist this far ahead; the daily job keeps the window rolling. */
export const SESSION_WINDOW_DAYS = 56;

export interface SyncOptions {
  now?: Date;
  /** Also create sessions from this local date, even past ones (demo data, back-filling). */
  backfillFrom?: string;
}

export interface SyncResult {
  written: number;
  removed: number;
}

/** The centre whose sessions are planned: sessions fall at local times in its time zone. */
export type CentreClock = Pick<CentreContext, "id" | "timeZone">;

/** The sessions a class should have from `from` to the end of the window, holidays left out; none once archived. */
export function plannedSessions(klass: ClassRecord, holidays: DateRange[], timeZone: string, now: Date, from?: string) {
  if (klass.status !== "active") return [];
  const today = localDate(now, timeZone);
  const calendar = { ...klass, holidays };
  const planned = classOccurrences(calendar, from ?? today, addDays(today, SESSION_WINDOW_DAYS), timeZone);
  return from ? planned : planned.filter((session) => session.startsAt > now);
}

/**
 * Brings a class's dated sessions in line with its weekly slots, dates and the centre's holidays:
 * future sessions that no longer fit and have no attendance go (past ones and attended ones stay
 * as history); missing ones are added. Idempotent through the
 * (class_id, starts_at) unique key, so it is safe to run on every change and every day.
 */
export async function syncSessions(
  executor: Kysely<Database>,
  centre: CentreClock,
  classId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const now = options.now ?? new Date();
  const centreId = centre.id;
  const klass = await classRecord(executor, centreId, classId);
  if (!klass) return { written: 0, removed: 0 };
  const holidays = await datedRanges(executor, centreId, "centre_holidays");
  const planned = plannedSessions(klass, holidays, centre.timeZone, now, options.backfillFrom);
  let removal = deleteFromTenant(executor, "class_sessions", centreId)
    .where("class_id", "=", classId)
    .where("starts_at", ">", now)
    .where(
      sql<boolean>`not exists (select 1 from attendance a where a.centre_id = class_sessions.centre_id and a.session_id = class_sessions.id)`,
    );
  if (planned.length > 0)
    removal = removal.where(
      "starts_at",
      "not in",
      planned.map((session) => session.startsAt),
    );
  const removed = await removal.executeTakeFirst();
  if (planned.length === 0) return { written: 0, removed: Number(removed.numDeletedRows) };
  const inserted = await executor
    .insertInto("class_sessions")
    .values(
      planned.map((session) => ({
        centre_id: centreId,
        class_id: classId,
        starts_at: session.startsAt,
        ends_at: session.endsAt,
      })),
    )
    // A changed duration moves the end of sessions that keep their start.
    .onConflict((conflict) =>
      conflict
        .columns(["class_id", "starts_at"])
        .doUpdateSet({ ends_at: (eb) => eb.ref("excluded.ends_at") })
        .where(sql<boolean>`class_sessions.ends_at <> excluded.ends_at`),
    )
    .executeTakeFirst();
  return { written: Number(inserted.numInsertedOrUpdatedRows ?? 0), removed: Number(removed.numDeletedRows) };
}
