import { z } from "zod";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import type { Confirmation } from "../../platform/http/confirmation";
import { lazy, t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import type { ConfirmContext } from "../../web/guard";
import { assertTeaches } from "./access";
import { classRecord, datedRange, memberName } from "./queries";

/** What the confirm pages of the classes module say, each naming the class, student or term. */

const classParams = z.object({ id: z.uuid({ error: lazy("classes.error.classNotFound") }) });
const memberParams = classParams.extend({ studentId: z.uuid({ error: lazy("classes.error.studentNotFound") }) });
const rangeParams = z.object({
  kind: z.enum(["term", "holiday"], { error: lazy("classes.calendar.notFound") }),
  id: z.uuid({ error: lazy("classes.calendar.notFound") }),
});

async function namedClass({ actor, params }: ConfirmContext) {
  const { id } = parseInput(classParams, params);
  const klass = await classRecord(db, actor.centreId, id);
  if (!klass) throw new NotFoundError(t("classes.error.classNotFound"));
  assertTeaches(actor, klass.tutorId);
  return klass;
}

export async function confirmDeleteClass(context: ConfirmContext): Promise<Confirmation> {
  const { id, name } = await namedClass(context);
  return {
    question: t("classes.confirm.delete.question", { name }),
    consequence: t("classes.confirm.delete.consequence", { name }),
    action: t("classes.confirm.delete.action"),
    back: `/classes/${id}`,
    done: t("classes.confirm.delete.done", { name }),
  };
}

export async function confirmArchiveClass(context: ConfirmContext): Promise<Confirmation> {
  const { id, name } = await namedClass(context);
  return {
    question: t("classes.confirm.archive.question", { name }),
    consequence: t("classes.confirm.archive.consequence", { name }),
    action: t("classes.confirm.archive.action"),
    back: `/classes/${id}`,
    done: t("classes.confirm.archive.done", { name }),
  };
}

export async function confirmRemoveMember(context: ConfirmContext): Promise<Confirmation> {
  const klass = await namedClass(context);
  const { studentId } = parseInput(memberParams, context.params);
  const student = await memberName(db, context.actor.centreId, klass.id, studentId);
  if (!student) throw new NotFoundError(t("classes.error.studentNotInClass"));
  const names = { student, name: klass.name };
  return {
    question: t("classes.confirm.remove.question", names),
    consequence: t("classes.confirm.remove.consequence", names),
    action: t("classes.confirm.remove.action"),
    back: `/classes/${klass.id}`,
    done: t("classes.confirm.remove.done", names),
  };
}

export async function confirmDeleteRange({ actor, params }: ConfirmContext): Promise<Confirmation> {
  const { kind, id } = parseInput(rangeParams, params);
  const range = await datedRange(db, actor.centreId, kind === "term" ? "centre_terms" : "centre_holidays", id);
  if (!range) throw new NotFoundError(t("classes.calendar.notFound"));
  const { name } = range;
  const term = kind === "term";
  return {
    question: t(term ? "classes.confirm.term.question" : "classes.confirm.holiday.question", { name }),
    consequence: t(term ? "classes.confirm.term.consequence" : "classes.confirm.holiday.consequence", { name }),
    action: t("classes.confirm.range.action"),
    back: "/timetable/calendar",
    done: t("classes.confirm.range.done", { name }),
  };
}
