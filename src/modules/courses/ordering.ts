import type { Kysely } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, updateTenant } from "../../platform/tenancy";

export type Direction = "up" | "down";
type OrderedTable = "lessons" | "materials" | "exercises";
const PARENT_COLUMN = { lessons: "course_id", materials: "lesson_id", exercises: "lesson_id" } as const;

/**
 * Moves one item a place up or down among its siblings. The caller holds a lock on the parent
 * row, so two people reordering the same list take turns instead of scrambling positions.
 * Positions are rewritten 1..n in the current order, which also heals gaps left by deletions.
 */
export async function moveAmongSiblings(
  trx: Kysely<Database>,
  centreId: CentreId,
  table: OrderedTable,
  parentId: string,
  id: string,
  direction: Direction,
): Promise<void> {
  const siblings = await selectFromTenant(trx, table, centreId)
    .where(PARENT_COLUMN[table], "=", parentId)
    .select(["id", "position"])
    .orderBy("position")
    .orderBy("id")
    .execute();
  const order = siblings.map((sibling) => sibling.id);
  const from = order.indexOf(id);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.length) return;
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  for (const [index, siblingId] of order.entries()) {
    if (siblings[index]?.id === siblingId && siblings[index]?.position === index + 1) continue;
    await updateTenant(trx, table, centreId)
      .set({ position: index + 1, updated_at: new Date() })
      .where("id", "=", siblingId)
      .execute();
  }
}

/** The position after the last sibling; call with the parent row locked. */
export async function nextPosition(
  trx: Kysely<Database>,
  centreId: CentreId,
  table: OrderedTable,
  parentId: string,
): Promise<number> {
  const row = await selectFromTenant(trx, table, centreId)
    .where(PARENT_COLUMN[table], "=", parentId)
    .select((eb) => eb.fn.max<number | null>("position").as("last"))
    .executeTakeFirst();
  return (row?.last ?? 0) + 1;
}
