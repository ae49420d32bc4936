import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { deleteFromTenant, selectFromTenant, updateTenant } from "../../platform/tenancy";
import { auditBase } from "./audit";
import { syncSessions } from "./generate";
import { type DatedRange, datedRange } from "./queries";

/**
 * A centre's terms and holidays, shared by all its classes. A class that follows a term takes its
 * dates; no class meets on a holiday. Any change re-plans the classes it touches at once, in the
 * same transaction: future sessions without attendance move, attended and past ones stay.
 */

export type CalendarKind = "term" | "holiday";
export type DatedRangeInput = Omit<DatedRange, "id">;

const TABLE = { term: "centre_terms", holiday: "centre_holidays" } as const;
const ACTION = { term: "class.term_change", holiday: "class.holiday_change" } as const;

/** The active classes a change of this term or holiday touches: a term's own classes, or every class for a holiday. */
async function touchedClasses(trx: Kysely<Database>, actor: Actor, kind: CalendarKind, id: string) {
  let query = selectFromTenant(trx, "classes", actor.centreId).where("status", "=", "active");
  if (kind === "term") query = query.where("term_id", "=", id);
  return (await query.select("id").orderBy("id").execute()).map((row) => row.id);
}

async function replan(trx: Kysely<Database>, actor: Actor, classIds: string[], now: Date) {
  for (const classId of classIds) await syncSessions(trx, actor.centre, classId, { now });
}

/** Creates (id null) or edits a term or holiday; returns its id. */
export async function saveDatedRange(
  actor: Actor,
  kind: CalendarKind,
  id: string | null,
  input: DatedRangeInput,
  now = new Date(),
): Promise<string> {
  const before = id ? await datedRange(db, actor.centreId, TABLE[kind], id) : undefined;
  if (id && !before) throw new NotFoundError(t("classes.calendar.notFound"));
  const values = { name: input.name, starts_on: input.startsOn, ends_on: input.endsOn };
  return db.transaction().execute(async (trx) => {
    const saved = id
      ? await updateTenant(trx, TABLE[kind], actor.centreId)
          .set(values)
          .where("id", "=", id)
          .returning("id")
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto(TABLE[kind])
          .values({ centre_id: actor.centreId, ...values })
          .returning("id")
          .executeTakeFirstOrThrow();
    if (kind === "term")
      await updateTenant(trx, "classes", actor.centreId)
        .set({ starts_on: input.startsOn, ends_on: input.endsOn, updated_at: new Date() })
        .where("term_id", "=", saved.id)
        .execute();
    await replan(trx, actor, await touchedClasses(trx, actor, kind, saved.id), now);
    await recordAudit(trx, {
      ...auditBase(actor),
      action: ACTION[kind],
      target: { type: kind, id: saved.id },
      before: before ? { ...before } : null,
      after: { ...input },
    });
    return saved.id;
  });
}

/** Deletes a term (its classes keep its dates as their own) or a holiday (its dates get their sessions back). */
export async function deleteDatedRange(actor: Actor, kind: CalendarKind, id: string, now = new Date()): Promise<void> {
  const before = await datedRange(db, actor.centreId, TABLE[kind], id);
  if (!before) throw new NotFoundError(t("classes.calendar.notFound"));
  await db.transaction().execute(async (trx) => {
    const touched = await touchedClasses(trx, actor, kind, id);
    await deleteFromTenant(trx, TABLE[kind], actor.centreId).where("id", "=", id).execute();
    // A term's classes keep their dates, so only a holiday's removal changes any session.
    if (kind === "holiday") await replan(trx, actor, touched, now);
    await recordAudit(trx, {
      ...auditBase(actor),
      action: ACTION[kind],
      target: { type: kind, id },
      before: { ...before },
      after: null,
    });
  });
}
