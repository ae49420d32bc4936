import { Elysia } from "elysia";
import { z } from "zod";
import { type AuditLogFilters, AuditLogView, AuditResults } from "../../../views/audit/audit-log";
import { AUDIT_ACTIONS, type AuditPageRequest, auditEventsForCentre, parseAuditCursor } from "../../platform/audit";
import { db } from "../../platform/db";
import { ValidationError } from "../../platform/errors";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { auditActionLabel, toAuditRow } from "./present";

export const AUDIT_PAGE_SIZE = 50;

const TEXT_MAX = 200;

const day = z.union([
  z.literal(""),
  z.iso
    .date({ error: lazy("audit.filter.dateInvalid") })
    .refine((date) => date >= "1900-01-01", { error: lazy("audit.filter.dateTooEarly") }),
]);

const auditQuery = z.object({
  // Neither branch matches an unknown action, so the message sits on the union, which reports it.
  action: z.union([z.enum(AUDIT_ACTIONS), z.literal("")], { error: lazy("audit.filter.actionInvalid") }).default(""),
  actor: z
    .string()
    .trim()
    .max(TEXT_MAX, { error: lazy("audit.filter.nameTooLong", { max: TEXT_MAX }) })
    .default(""),
  actorId: z.union([z.uuid({ error: lazy("audit.filter.personNotFound") }), z.literal("")]).default(""),
  targetType: z.string().trim().max(60).default(""),
  target: z
    .string()
    .trim()
    .max(TEXT_MAX, { error: lazy("audit.filter.idTooLong", { max: TEXT_MAX }) })
    .default(""),
  from: day.default(""),
  to: day.default(""),
  older: z.string().max(40).default(""),
  newer: z.string().max(40).default(""),
});

/** The filter's choices, in the reader's language. */
const actionOptions = () => AUDIT_ACTIONS.map((action) => ({ value: action, label: auditActionLabel(action) }));

function pageRequest(older: string, newer: string): AuditPageRequest {
  const token = older || newer;
  if (!token) return { limit: AUDIT_PAGE_SIZE };
  const at = parseAuditCursor(token);
  if (!at) throw new ValidationError({ [older ? "older" : "newer"]: t("audit.filter.pageLinkInvalid") });
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
    actionOptions: actionOptions(),
    older: result.older,
    newer: result.newer,
    timeZone: centre.timeZone,
  };
  if (isFragmentRequest(request) && request.headers.get("hx-target") !== null) {
    return htmlResponse(request, <AuditResults {...props} />);
  }
  return page(<AuditLogView {...props} />, { title: t("audit.pageTitle") });
}

/** GET /audit, for the lead to register in app.ts. */
export const auditRoutes = new Elysia({ name: "audit-routes" })
  .use(guard)
  .get("/audit", ({ request, query, page, actor }) => auditLogPage(request, actor.centre, query, page), {
    permission: "audit.read",
  });
