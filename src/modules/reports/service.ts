import { recordAudit } from "../../platform/audit";
import { db, dbRead } from "../../platform/db";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { deleteFromTenant } from "../../platform/tenancy";
import { type ClassRecord, classById, type NamedPerson, studentsOfClass } from "../classes";
import { recordExportRequest } from "../exports";
import { type PeriodRow, periodById, releaseOf } from "./queries";

export interface PeriodInput {
  name: string;
  startsOn: string;
  endsOn: string;
}

/** A head tutor (or above) adds a reporting period. */
export async function createPeriod(actor: Actor, input: PeriodInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("reporting_periods")
      .values({
        centre_id: actor.centreId,
        name: input.name,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "report.period_create",
      target: { type: "reporting_period", id: row.id },
      after: { ...input },
      request: actor.request,
    });
    return row.id;
  });
}

export interface ClassInPeriod {
  period: PeriodRow;
  group: ClassRecord;
  students: NamedPerson[];
}

/**
 * A period and one of the centre's classes, as the actor may work on them: the class's own tutor,
 * or a head tutor and above for any class. Anything else is "not found", as if it did not exist.
 */
export async function classInPeriod(actor: Actor, periodId: string, classId: string): Promise<ClassInPeriod> {
  const [period, group] = await Promise.all([
    periodById(dbRead, actor.centreId, periodId),
    classById(actor.centreId, classId),
  ]);
  if (!period) throw new NotFoundError(t("reports.periodNotFound"));
  if (!group || (group.tutorId !== actor.userId && !outranks(actor.role, "tutor")))
    throw new NotFoundError(t("reports.classNotFound"));
  return { period, group, students: await studentsOfClass(actor.centreId, classId) };
}

export interface CommentInput {
  studentId: string;
  comment: string;
  nextSteps: string;
}

/** The class's tutor (or a head tutor) writes or changes comments, until the reports are released. */
export async function saveComments(actor: Actor, periodId: string, classId: string, entries: CommentInput[]) {
  const { students } = await classInPeriod(actor, periodId, classId);
  const members = new Set(students.map((student) => student.id));
  const strangers = entries.filter((entry) => !members.has(entry.studentId));
  if (strangers.length > 0) throw new ValidationError({ form: t("reports.notInClass") });
  await db.transaction().execute(async (trx) => {
    // Released reports are final: their words are what parents were sent.
    if (await releaseOf(trx, actor.centreId, periodId, classId)) throw new ConflictError(t("reports.alreadyReleased"));
    for (const entry of entries) {
      if (!entry.comment && !entry.nextSteps) {
        await deleteFromTenant(trx, "term_report_comments", actor.centreId)
          .where("period_id", "=", periodId)
          .where("class_id", "=", classId)
          .where("student_id", "=", entry.studentId)
          .execute();
        continue;
      }
      await trx
        .insertInto("term_report_comments")
        .values({
          centre_id: actor.centreId,
          period_id: periodId,
          class_id: classId,
          student_id: entry.studentId,
          comment: entry.comment,
          next_steps: entry.nextSteps,
          author_id: actor.userId,
        })
        .onConflict((conflict) =>
          conflict.columns(["period_id", "class_id", "student_id"]).doUpdateSet({
            comment: entry.comment,
            next_steps: entry.nextSteps,
            author_id: actor.userId,
            updated_at: new Date(),
          }),
        )
        .execute();
    }
  });
}

/**
 * A head tutor releases a class's reports for the period: parents are told (the event's handler)
 * and may download them from then on. Once only: a release is never taken back.
 */
export async function releaseReports(actor: Actor, periodId: string, classId: string): Promise<string> {
  const { period, group, students } = await classInPeriod(actor, periodId, classId);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("term_report_releases")
      .values({ centre_id: actor.centreId, period_id: periodId, class_id: classId, released_by: actor.userId })
      .onConflict((conflict) => conflict.columns(["period_id", "class_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new ConflictError(t("reports.alreadyReleased"));
    await publishEvent(trx, {
      type: "term_report.released",
      centreId: actor.centreId,
      payload: { releaseId: row.id, periodId, classId, studentIds: students.map((student) => student.id) },
    });
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "report.release",
      target: { type: "term_report_release", id: row.id },
      after: { period: period.name, className: group.name, students: students.length },
      request: actor.request,
    });
    return row.id;
  });
}

/** A head tutor asks for the class's released reports as one PDF; the worker makes it, live. */
export async function requestClassBatch(actor: Actor, periodId: string, classId: string): Promise<string> {
  const { period } = await classInPeriod(actor, periodId, classId);
  if (!(await releaseOf(dbRead, actor.centreId, periodId, classId))) throw new ConflictError(t("reports.notReleased"));
  return db.transaction().execute(async (trx) => {
    const exportId = await recordExportRequest(trx, actor, "term_reports", {
      from: period.startsOn,
      to: period.endsOn,
      periodId,
      classId,
    });
    await publishEvent(trx, {
      type: "term_report.batch_requested",
      centreId: actor.centreId,
      payload: { exportId, periodId, classId },
    });
    return exportId;
  });
}
