import { ForbiddenError } from "../errors";
import type { Actor, Principal } from "../principal";
import { actorResolvedFor, auditResolvedFor } from "./request-access";

/** Transitional: the actor the guard resolved for this request (handlers now receive `actor`). */
export function actorOf(_principal: Principal, request: Request): Actor {
  const actor = actorResolvedFor(request);
  if (!actor) throw new ForbiddenError("Choose a centre to work in first.");
  return actor;
}

export function auditRequestOf(request: Request): Actor["request"] {
  const audit = auditResolvedFor(request);
  if (audit) return audit;
  throw new Error("auditRequestOf called outside a guarded request");
}
