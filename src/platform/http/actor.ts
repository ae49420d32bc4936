import { ForbiddenError } from "../errors";
import type { Actor, AuditRequest, Principal } from "../principal";
import { requestMeta } from "./request-context";

export function auditRequestOf(request: Request): AuditRequest {
  const meta = requestMeta(request);
  return { ip: meta.ip, userAgent: request.headers.get("user-agent"), requestId: meta.requestId };
}

/** The acting person and centre for a tenant route; the guard has already checked the permission. */
export function actorOf(principal: Principal, request: Request): Actor {
  if (principal.kind !== "user" || principal.centreId === null) {
    throw new ForbiddenError("Choose a centre to work in first.");
  }
  return {
    userId: principal.userId,
    role: principal.role,
    name: principal.name,
    centreId: principal.centreId,
    request: auditRequestOf(request),
  };
}
