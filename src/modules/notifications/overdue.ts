import { db } from "../../platform/db";
import { publishEvent } from "../../platform/events";
import { overdueHandIns } from "../homework";

const HOUR_MS = 60 * 60_000;
/** Parents hear of homework not handed in a day after it was due. */
export const OVERDUE_AFTER_MS = 24 * HOUR_MS;
/** How far back a scan looks, so a worker stopped for a day or two still tells everyone once. */
const LOOK_BACK_MS = 48 * HOUR_MS;

/**
 * Finds work not handed in 24 hours after its due time and publishes homework.overdue once per
 * student and homework: the notice row and the event commit together, so a rerun (every few
 * minutes, on any number of workers) skips what was noticed. Returns how many were new.
 */
export async function noticeOverdueHomework(now: Date = new Date()): Promise<number> {
  const to = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const due = await overdueHandIns(db, new Date(to.getTime() - LOOK_BACK_MS), to);
  if (due.length === 0) return 0;
  const noticed = await db
    .selectFrom("homework_overdue_notices") // platform-wide: the scan's own record over every centre
    .where("homework_id", "in", [...new Set(due.map((item) => item.homeworkId))])
    .select(["homework_id", "student_id"])
    .execute();
  const seen = new Set(noticed.map((row) => `${row.homework_id}:${row.student_id}`));
  let count = 0;
  for (const item of due) {
    if (seen.has(`${item.homeworkId}:${item.studentId}`)) continue;
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto("homework_overdue_notices")
        .values({ centre_id: item.centreId, homework_id: item.homeworkId, student_id: item.studentId })
        .onConflict((conflict) => conflict.columns(["centre_id", "homework_id", "student_id"]).doNothing())
        .returning("student_id")
        .executeTakeFirst();
      if (!claimed) return;
      await publishEvent(trx, {
        type: "homework.overdue",
        centreId: item.centreId,
        payload: {
          homeworkId: item.homeworkId,
          studentId: item.studentId,
          title: item.title,
          dueAt: item.dueAt.toISOString(),
        },
      });
      count += 1;
    });
  }
  return count;
}
