import { sql } from "kysely";
import { dbRead } from "../../platform/db";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

/** XP a student earned in [from, to) per centre-local month ("YYYY-MM"), and what they held before `from`. */
export async function xpByMonthForStudent(
  centreId: CentreId,
  studentId: string,
  range: { from: Date; to: Date; timeZone: string },
): Promise<{ before: number; months: { month: string; amount: number }[] }> {
  const ledger = () => selectFromTenant(dbRead, "xp_ledger", centreId).where("student_id", "=", studentId);
  const [before, months] = await Promise.all([
    ledger()
      .where("created_at", "<", range.from)
      .select(sql<string>`coalesce(sum(amount), 0)`.as("total"))
      .executeTakeFirst(),
    ledger()
      .where("created_at", ">=", range.from)
      .where("created_at", "<", range.to)
      .select([
        sql<string>`to_char(created_at at time zone ${range.timeZone}, 'YYYY-MM')`.as("month"),
        sql<string>`sum(amount)`.as("amount"),
      ])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
  ]);
  return {
    before: Number(before?.total ?? 0),
    months: months.map((row) => ({ month: row.month, amount: Number(row.amount) })),
  };
}
