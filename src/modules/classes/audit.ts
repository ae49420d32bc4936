import type { Actor } from "../../platform/principal";

/** Who acted, where and from which request: the part every audit row of the classes module shares. */
export function auditBase(actor: Actor) {
  return { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
}
