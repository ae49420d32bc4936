import { Elysia } from "elysia";
import { z } from "zod";
import { StudentPinView } from "../../../views/people/pin";
import { roleLabel } from "../../../views/people/roles";
import { db } from "../../platform/db";
import type { Role } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { formatDateTime, lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { assertLooksAfter } from "./access";
import { pinStateOf } from "./pin-guard";
import { personById } from "./queries";
import { unlockPin } from "./service";

const studentParams = z.object({ id: z.uuid({ error: lazy("people.validation.studentNotFound") }) });
const pinQuery = z.object({ done: z.enum(["unlocked", "open"]).optional().catch(undefined) });

const NOTICES = {
  unlocked: lazy("people.pin.unlocked"),
  open: lazy("people.pin.wasOpen"),
} as const;

async function studentLookedAfter(actor: Actor, id: string) {
  const person = await personById(db, actor.centreId, id);
  if (person?.role !== "student") throw new NotFoundError(t("people.error.notYourStudent"));
  await assertLooksAfter(actor, id);
  return person;
}

/**
 * A student's PIN for the people who look after them (their tutors, parents, head tutors and up):
 * whether it is locked, who last gave a new one, and the unlock button the lock notification
 * links to.
 */
export const pinRoutes = new Elysia({ name: "student-pin-routes" })
  .use(guard)
  .get(
    "/students/:id/pin",
    async ({ params, query, page, csrfToken, actor }) => {
      const { id } = parseInput(studentParams, params);
      const { done } = parseInput(pinQuery, query);
      const student = await studentLookedAfter(actor, id);
      const state = await pinStateOf(db, actor.centreId, id);
      // Times in the centre's zone, the request's (set by the guard).
      const lastReset =
        state.resetAt && state.resetBy
          ? t("people.pin.lastReset", {
              when: formatDateTime(state.resetAt),
              name: state.resetBy.name,
              role: roleLabel(state.resetBy.role as Role),
            })
          : null;
      return page(
        <StudentPinView
          studentId={id}
          name={student.name}
          studentCode={student.studentCode}
          lockedAt={state.lockedAt ? formatDateTime(state.lockedAt) : null}
          lastReset={lastReset}
          canUnlock={true}
          canReset={roleHas(actor.role, "user.reset_pin")}
          notice={done ? NOTICES[done]() : null}
          csrfToken={csrfToken}
        />,
        { title: t("people.pin.title", { name: student.name }) },
      );
    },
    { permission: "user.unlock_pin" },
  )
  .post(
    "/students/:id/pin/unlock",
    async ({ request, params, actor }) => {
      const { id } = parseInput(studentParams, params);
      const wasLocked = await unlockPin(actor, id);
      return redirectTo(request, `/students/${id}/pin?done=${wasLocked ? "unlocked" : "open"}`);
    },
    { permission: "user.unlock_pin" },
  );
