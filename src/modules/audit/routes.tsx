import { Elysia } from "elysia";
import { z } from "zod";
import { type AuditLogFilters, AuditLogView, AuditResults } from "../../../views/audit/audit-log";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  type AuditPageRequest,
  auditEventsForCentre,
  parseAuditCursor,
} from "../../platform/audit";
import { db } from "../../platform/db";
import { ValidationError } from "../../platform/errors";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import type { CentreContext } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { toAuditRow } from "./present";

export const AUDIT_PAGE_SIZE = 50;

const day = z.union([
  z.literal(""),
  z.iso.date("Use a date like 2026-01-31").refine((date) => date >= "1900-01-01", "Use a date after 1900"),
]);

const auditQuery = z.object({
  action: z.union([z.enum(AUDIT_ACTIONS, "Choose an action from the list"), z.literal("")]).default(""),
  actor: z.string().trim().max(200, "Keep the name under 200 characters").default(""),
  actorId: z.union([z.uuid("That person could not be found"), z.literal("")]).default(""),
  targetType: z.string().trim().max(60).default(""),
  target: z.string().trim().max(200, "Keep the id under 200 characters").default(""),
  from: day.default(""),
  to: day.default(""),
  older: z.string().max(40).default(""),
  newer: z.string().max(40).default(""),
});

const actionOptions = AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] }));

function pageRequest(older: string, newer: string): AuditPageRequest {
  const token = older || newer;
  if (!token) return { limit: AUDIT_PAGE_SIZE };
  const at = parseAuditCursor(token);
  if (!at) throw new ValidationError({ [older ? "older" : "newer"]: "That page link is not valid" });
  return { limit: AUDIT_PAGE_SIZE, cursor: { direction: older ? "older" : "newer", at } };
}

/**
 * The audit log viewer for one centre. The caller has authorised the request (audit.read) and
 * took the centre from the request context; the query string only filters within it.
 */
export async function auditLogPage(
  request: Request,
  centre: Pick<CentreContext, "id" | "timeZone">,
  query: unknown,
  page: PageRenderer,
) {
  const input = parseInput(auditQuery, query);
  const filters: AuditLogFilters = {
    action: input.action,
    actor: input.actor,
    actorId: input.actorId,
    targetType: input.targetType,
    target: input.target,
    from: input.from,
    to: input.to,
  };
  const result = await auditEventsForCentre(
    db,
    centre.id,
    {
      action: input.action || undefined,
      actorName: input.actor || undefined,
      actorId: input.actorId || undefined,
      targetType: input.targetType || undefined,
      targetId: input.target || undefined,
      from: input.from || undefined,
      to: input.to || undefined,
      timeZone: centre.timeZone,
    },
    pageRequest(input.older, input.newer),
  );
  const props = {
    rows: result.entries.map((entry) => toAuditRow(entry, centre.timeZone)),
    filters,
    actionOptions,
    older: result.older,
    newer: result.newer,
    timeZone: centre.timeZone,
  };
  if (isFragmentRequest(request) && request.headers.get("hx-target") !== null) {
    return htmlResponse(request, <AuditResults {...props} />);
  }
  return page(<AuditLogView {...props} />, { title: "Audit log" });
}

/** GET /audit, for the lead to register in app.ts. */
export const auditRoutes = new Elysia({ name: "audit-routes" })
  .use(guard)
  .get("/audit", ({ request, query, page, actor }) => auditLogPage(request, actor.centre, query, page), {
    permission: "audit.read",
  });
