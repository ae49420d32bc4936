import { Elysia } from "elysia";
import { z } from "zod";
import type { IdentitySaved } from "../../../views/centres/identity";
import { roleLabel } from "../../../views/people/roles";
import { CentreEditView } from "../../../views/platform/centre-edit";
import { CentresView } from "../../../views/platform/centres";
import { SystemHealthView } from "../../../views/platform/health";
import { db } from "../../platform/db";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { LOCALE_NAMES, LOCALES, lazy, SOURCE_LOCALE, t } from "../../platform/i18n";
import type { AuditRequest, Principal } from "../../platform/principal";
import { trustedCentreId } from "../../platform/tenancy";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import {
  type CentreEditor,
  centreById,
  centreIdentity,
  type IdentityFormState,
  identityRoutes,
  isUsableSlug,
  suggestedTimeZones,
  TIME_ZONES,
} from "../centres";
import { CENTRE_ROLES } from "./present";
import { presentSystemHealth } from "./present-health";
import { actingCentre, centreOverviews, createCentre, enterCentre, leaveCentre, platformAdminOf } from "./service";
import { systemHealth } from "./system-health";

const ZONES = new Set(TIME_ZONES);
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
    .regex(SLUG, { error: lazy("platform.centres.slugInvalid") })
    .refine(isUsableSlug, { error: lazy("platform.centres.slugReserved") }),
  timeZone: z
    .string()
    .trim()
    .refine((zone) => ZONES.has(zone), { error: lazy("platform.centres.timeZoneInvalid") }),
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

const savedQuery = z.object({
  saved: z.enum(["name", "contact", "timeZone", "logo", "logoRemoved"]).optional().catch(undefined),
});

interface CentreRequest extends PlatformRequest {
  params: unknown;
}

/** The centre the path names, read for the platform admin, who chose it by clicking it. */
async function editedCentre(params: unknown): Promise<{ id: string; name: string }> {
  const { id } = parseInput(centreParams, params);
  const centre = await centreById(db, id);
  if (!centre) throw new NotFoundError(t("platform.centres.missing"));
  return centre;
}

async function centreEditPage(context: CentreRequest, state: IdentityFormState & { saved?: IdentitySaved }) {
  const { id } = await editedCentre(context.params);
  const identity = await centreIdentity(id);
  return context.page(
    <CentreEditView
      id={id}
      identity={identity}
      timeZones={suggestedTimeZones(identity.timeZone)}
      saved={state.saved ?? null}
      values={state.values ?? {}}
      errors={state.errors ?? {}}
      csrfToken={context.csrfToken}
    />,
    { title: t("platform.centreEdit.pageTitle"), status: state.status },
  );
}

/** The centre settings forms, for any centre, by the platform permission; audited in that centre's log. */
const centreIdentityRoutes = identityRoutes({
  base: "/platform/centres/:id",
  permission: "platform.centre_update",
  editor: async (context: CentreRequest): Promise<CentreEditor> => {
    const admin = platformAdminOf(context.principal, context.audit);
    const centre = await editedCentre(context.params);
    return { centreId: trustedCentreId(centre.id), userId: admin.userId, role: admin.role, request: admin.request };
  },
  home: (context: CentreRequest) => `/platform/centres/${parseInput(centreParams, context.params).id}`,
  render: (context: CentreRequest, state) => centreEditPage(context, state),
});

export const platformRoutes = new Elysia({ name: "platform-routes" })
  .use(guard)
  .use(centreIdentityRoutes)
  .get(
    "/platform/centres/:id",
    (context) => centreEditPage(context, { saved: parseInput(savedQuery, context.query).saved }),
    { permission: "platform.centre_read" },
  )
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
