import { z } from "zod";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import type { Confirmation } from "../../platform/http/confirmation";
import { lazy, t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import type { ConfirmContext } from "../../web/guard";
import { parentsOf, personById } from "./queries";
import { manageablePerson } from "./service";

/** What the people pages ask before disabling someone or unlinking a parent, naming them. */

const personParams = z.object({ id: z.uuid({ error: lazy("people.validation.personNotFound") }) });
const linkParams = personParams.extend({
  parentId: z.uuid({ error: lazy("people.validation.parentNotFound") }),
});

async function namedPerson(context: ConfirmContext, id: string) {
  const person = await personById(db, context.actor.centreId, id);
  if (!person) throw new NotFoundError(t("people.validation.personNotFound"));
  return person;
}

export async function confirmDisable(context: ConfirmContext): Promise<Confirmation> {
  const { id } = parseInput(personParams, context.params);
  // Only someone the actor outranks: others are refused here, not after the question.
  const { name } = await manageablePerson(db, context.actor, id);
  return {
    question: t("people.confirm.disable.question", { name }),
    consequence: t("people.confirm.disable.consequence", { name }),
    action: t("people.confirm.disable.action"),
    back: `/people/${id}`,
    done: t("people.confirm.disable.done", { name }),
  };
}

export async function confirmUnlink(context: ConfirmContext): Promise<Confirmation> {
  const { id, parentId } = parseInput(linkParams, context.params);
  const student = await namedPerson(context, id);
  const parent = (await parentsOf(db, context.actor.centreId, id)).find((linked) => linked.id === parentId);
  if (!parent) throw new NotFoundError(t("people.error.notLinked"));
  const names = { parent: parent.name, student: student.name };
  return {
    question: t("people.confirm.unlink.question", names),
    consequence: t("people.confirm.unlink.consequence", names),
    action: t("people.confirm.unlink.action"),
    back: `/people/${id}`,
    done: t("people.confirm.unlink.done", names),
  };
}
