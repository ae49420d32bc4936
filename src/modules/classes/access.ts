import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";

/**
 * A tutor acts on their own classes; a head tutor and everyone above on every class of the
 * centre. Someone else's class answers "not found", so its existence is not confirmed.
 */
export function mayTeach(actor: Pick<Actor, "userId" | "role">, tutorId: string): boolean {
  return actor.userId === tutorId || outranks(actor.role, "tutor");
}

export function assertTeaches(
  actor: Pick<Actor, "userId" | "role">,
  tutorId: string,
  what: "class" | "session" = "class",
): void {
  if (!mayTeach(actor, tutorId))
    throw new NotFoundError(t(what === "session" ? "classes.error.sessionNotYours" : "classes.error.classNotYours"));
}
