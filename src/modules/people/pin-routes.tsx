import { Elysia } from "elysia";
import { z } from "zod";
import { StudentPinView } from "../../../views/people/pin";
import { db } from "../../platform/db";
import type { Role } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { actorOf } from "../../platform/http/actor";
import { redirectTo } from "../../platform/http/redirect";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { pinStateOf } from "../auth";
import { centreById } from "../centres";
import { localDate, localTime } from "../classes";
import { assertLooksAfter } from "./access";
import { ROLE_LABELS } from "./present";
import { personById } from "./queries";
import { unlockPin } from "./service";

const studentParams = z.object({ id: z.uuid("That student could not be found") });
const pinQuery = z.object({ done: z.enum(["unlocked", "open"]).optional().catch(undefined) });

const NOTICES = {
  unlocked: "PIN unlocked: the student can sign in with it again.",
  open: "This PIN was not locked.",
} as const;

async function studentLookedAfter(actor: Actor, id: string) {
  const person = await personById(db, actor.centreId, id);
  if (person?.role !== "student") throw new NotFoundError("That student is not one of yours.");
  await assertLooksAfter(actor, id);
  return person;
}

function when(timeZone: string, instant: Date): string {
  return `${localDate(timeZone, instant)} ${localTime(timeZone, instant)}`;
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
    async ({ request, params, query, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(studentParams, params);
      const { done } = parseInput(pinQuery, query);
      const student = await studentLookedAfter(actor, id);
      const [state, centre] = await Promise.all([pinStateOf(db, actor.centreId, id), centreById(db, actor.centreId)]);
      const timeZone = centre?.timeZone ?? "UTC";
      const lastReset =
        state.resetAt && state.resetBy
          ? `${when(timeZone, state.resetAt)} by ${state.resetBy.name} (${ROLE_LABELS[state.resetBy.role as Role] ?? state.resetBy.role})`
          : null;
      return page(
        <StudentPinView
          studentId={id}
          name={student.name}
          studentCode={student.studentCode}
          lockedAt={state.lockedAt ? when(timeZone, state.lockedAt) : null}
          lastReset={lastReset}
          canUnlock={true}
          canReset={roleHas(actor.role, "user.reset_pin")}
          notice={done ? NOTICES[done] : null}
          csrfToken={csrfToken}
        />,
        { title: `PIN of ${student.name}` },
      );
    },
    { permission: "user.unlock_pin" },
  )
  .post(
    "/students/:id/pin/unlock",
    async ({ request, params, principal }) => {
      const { id } = parseInput(studentParams, params);
      const wasLocked = await unlockPin(actorOf(principal, request), id);
      return redirectTo(request, `/students/${id}/pin?done=${wasLocked ? "unlocked" : "open"}`);
    },
    { permission: "user.unlock_pin" },
  );
