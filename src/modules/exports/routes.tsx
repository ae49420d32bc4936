import { Elysia } from "elysia";
import { z } from "zod";
import { type ExportFormValues, ExportsView, ExportView, exportKindLabel } from "../../../views/exports/exports";
import { addDays, localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { pageAtQuery, pageLinks } from "../../platform/db/keyset";
import { NotFoundError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { EXPORT_KINDS, toSummary } from "./present";
import { exportInCentre, exportsPage } from "./queries";
import { exportDownloadUrl, requestExport } from "./service";

const MAX_RANGE_DAYS = 366 * 3;
const DAY_MS = 24 * 3600 * 1000;

const idParams = z.object({ id: z.uuid({ error: lazy("exports.notFound") }) });
const day = (messages: { format: MessageKey; real: MessageKey }) =>
  z.iso
    .date({ error: lazy(messages.format) })
    .refine((value) => !Number.isNaN(Date.parse(value)), { error: lazy(messages.real) });
const exportForm = z
  .object({
    kind: z.enum(EXPORT_KINDS, { error: lazy("exports.error.kind") }),
    from: day({ format: "exports.error.fromFormat", real: "exports.error.fromReal" }),
    to: day({ format: "exports.error.toFormat", real: "exports.error.toReal" }),
  })
  .refine((value) => value.from <= value.to, { path: ["to"], error: lazy("exports.error.order") })
  .refine((value) => Date.parse(value.to) - Date.parse(value.from) <= MAX_RANGE_DAYS * DAY_MS, {
    path: ["to"],
    error: lazy("exports.error.tooLong"),
  });

interface Context {
  actor: Actor;
  page: PageRenderer;
  csrfToken: string;
}

/** Today and 30 days before, in the centre's time zone. */
function defaultValues(timeZone: string): ExportFormValues {
  const today = localDate(new Date(), timeZone);
  return { kind: "attendance", from: addDays(today, -30), to: today };
}

function formValues(body: unknown, fallback: ExportFormValues): ExportFormValues {
  const value = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const text = (field: keyof ExportFormValues) =>
    typeof value[field] === "string" ? (value[field] as string).slice(0, 40) : fallback[field];
  return { kind: text("kind"), from: text("from"), to: text("to") };
}

async function listPage(
  context: Context,
  query: unknown,
  form: { values?: ExportFormValues; errors?: Record<string, string>; status?: number } = {},
) {
  const { actor } = context;
  const at = parseInput(pageAtQuery, query);
  const timeZone = actor.centre.timeZone;
  const list = await exportsPage(db, actor.centreId, at);
  return context.page(
    <ExportsView
      exports={list.rows.map(toSummary)}
      kinds={EXPORT_KINDS.map((kind) => ({ value: kind, label: exportKindLabel(kind) }))}
      values={form.values ?? defaultValues(timeZone)}
      errors={form.errors ?? {}}
      canRequest={roleHas(actor.role, "export.create")}
      links={pageLinks("/exports", list, at)}
      csrfToken={context.csrfToken}
    />,
    { title: t("exports.title"), status: form.status },
  );
}

export const exportRoutes = new Elysia({ name: "export-routes" })
  .use(guard)
  .get("/exports", (context) => listPage(context, context.query), { permission: "export.create" })
  .post(
    "/exports",
    async (context) => {
      let exportId: string;
      try {
        exportId = await requestExport(context.actor, parseInput(exportForm, context.body));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const values = formValues(context.body, defaultValues(context.actor.centre.timeZone));
        return listPage(context, {}, { values, errors: error.fieldErrors, status: 422 });
      }
      return redirectTo(context.request, `/exports/${exportId}`);
    },
    { permission: "export.create" },
  )
  .get(
    "/exports/:id",
    async ({ params, page, actor }) => {
      const { id } = parseInput(idParams, params);
      const row = await exportInCentre(db, actor.centreId, id);
      if (!row) throw new NotFoundError(t("exports.notFound"));
      const summary = toSummary(row);
      return page(<ExportView summary={summary} />, { title: t("exports.pageTitle", { kind: summary.kindLabel }) });
    },
    { permission: "export.create" },
  )
  .get(
    "/exports/:id/download",
    async ({ params, actor }) => {
      const { id } = parseInput(idParams, params);
      const url = await exportDownloadUrl(actor, id);
      return new Response(null, { status: 303, headers: { location: url, "cache-control": "no-store" } });
    },
    { permission: "export.download" },
  );
