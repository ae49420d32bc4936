import { Elysia } from "elysia";
import { z } from "zod";
import { roleLabel } from "../../../views/people/roles";
import { CentresView } from "../../../views/platform/centres";
import { SystemHealthView } from "../../../views/platform/health";
import { ConflictError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { LOCALE_NAMES, LOCALES, lazy, SOURCE_LOCALE, t } from "../../platform/i18n";
import type { AuditRequest, Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { CENTRE_ROLES } from "./present";
import { presentSystemHealth } from "./present-health";
import { actingCentre, centreOverviews, createCentre, enterCentre, leaveCentre, platformAdminOf } from "./service";
import { systemHealth } from "./system-health";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const NAME_MAX = 200;

const centreForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: lazy("platform.centres.nameRequired") })
    .max(NAME_MAX, { error: lazy("platform.centres.nameTooLong", { max: NAME_MAX }) }),
  slug: z
    .string()
    .trim()
    .regex(SLUG, { error: lazy("platform.centres.slugInvalid") }),
  timeZone: z
    .string()
    .trim()
    .refine((zone) => TIME_ZONES.has(zone), { error: lazy("platform.centres.timeZoneInvalid") }),
  // Forms from before the language field (and scripts) leave it out: the centre starts in en-GB.
  locale: z.enum(LOCALES, { error: lazy("common.language.invalid") }).default(SOURCE_LOCALE),
});

const centreParams = z.object({ id: z.uuid({ error: lazy("platform.centres.notFound") }) });
const listQuery = z.object({ created: z.string().regex(SLUG).optional().catch(undefined) });

const roleColumns = () => CENTRE_ROLES.map((role) => ({ role, label: roleLabel(role) }));
const localeOptions = () => LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value], lang: value }));

interface PlatformRequest {
  principal: Principal;
  audit: AuditRequest;
  page: PageRenderer;
  csrfToken: string;
}

async function centresPage(
  { principal, audit, page, csrfToken }: PlatformRequest,
  form: { values?: Record<string, string>; errors?: Record<string, string>; created?: string; status?: number } = {},
): Promise<Response> {
  const admin = platformAdminOf(principal, audit);
  const [centres, acting] = await Promise.all([centreOverviews(), actingCentre(admin)]);
  return page(
    <CentresView
      centres={centres}
      roleColumns={roleColumns()}
      locales={localeOptions()}
      actingCentreName={acting?.name ?? null}
      csrfToken={csrfToken}
      values={form.values ?? {}}
      errors={form.errors ?? {}}
      created={form.created ?? null}
    />,
    { title: t("platform.centres.pageTitle"), status: form.status },
  );
}

/** What was typed, to fill the form again: strings only, cut short. */
function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of ["name", "slug", "timeZone", "locale"]) {
    const value = (body as Record<string, unknown> | null)?.[key];
    if (typeof value === "string") values[key] = value.slice(0, 300);
  }
  return values;
}

export const platformRoutes = new Elysia({ name: "platform-routes" })
  .use(guard)
  .get(
    "/platform/centres",
    (context) => centresPage(context, { created: parseInput(listQuery, context.query).created }),
    { permission: "platform.centre_read" },
  )
  .post(
    "/platform/centres",
    async (context) => {
      const admin = platformAdminOf(context.principal, context.audit);
      try {
        const form = parseInput(centreForm, context.body);
        await createCentre(admin, form);
        return redirectTo(context.request, `/platform/centres?created=${form.slug}`);
      } catch (error) {
        const values = formValues(context.body);
        if (error instanceof ValidationError)
          return centresPage(context, { values, errors: error.fieldErrors, status: 422 });
        if (error instanceof ConflictError)
          return centresPage(context, { values, errors: { slug: error.message }, status: 409 });
        throw error;
      }
    },
    { permission: "platform.centre_create" },
  )
  .post(
    "/platform/centres/:id/enter",
    async ({ request, params, principal, audit }) => {
      const { id } = parseInput(centreParams, params);
      await enterCentre(platformAdminOf(principal, audit), id);
      return redirectTo(request, "/home");
    },
    { permission: "platform.act_in_centre", flash: false },
  )
  .post(
    "/platform/leave",
    async ({ request, principal, audit }) => {
      await leaveCentre(platformAdminOf(principal, audit));
      return redirectTo(request, "/platform/centres");
    },
    { permission: "platform.act_in_centre", flash: false },
  )
  .get(
    "/platform/health",
    async ({ page }) =>
      page(<SystemHealthView health={presentSystemHealth(await systemHealth())} />, {
        title: t("platform.health.pageTitle"),
        headers: { "cache-control": "no-store" },
      }),
    { permission: "platform.health_read" },
  );
