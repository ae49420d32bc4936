import { Elysia } from "elysia";
import { z } from "zod";
import type { IdentitySaved } from "../../../views/centres/identity";
import { FeatureFlagRow, type FeatureRow, SettingsView } from "../../../views/centres/settings";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { effectiveFlags, FEATURE_NAMES, type Feature } from "../../platform/features";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { formatList, formatNumber, isLocale, LOCALE_NAMES, LOCALES, lazy, SOURCE_LOCALE, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { editorOf } from "./identity";
import { suggestedTimeZones } from "./identity-forms";
import { centreIdentity, type IdentityFormState, identityRoutes } from "./identity-routes";
import { PIN_LENGTHS } from "./pin-length";
import { centreSettings, pinLengthOf } from "./queries";
import { setFeatureFlag, setLocale, setPinLength } from "./service";

const pinLengthForm = z.object({
  pinLength: z
    .enum(PIN_LENGTHS.map(String) as [string, ...string[]], {
      error: () =>
        t("centres.settings.pinLengthInvalid", {
          choices: formatList(
            PIN_LENGTHS.map((length) => formatNumber(length)),
            "disjunction",
          ),
        }),
    })
    .transform((value) => Number(value) as (typeof PIN_LENGTHS)[number]),
});

const flagForm = z.object({
  feature: z.enum(FEATURE_NAMES, { error: lazy("centres.settings.featureInvalid") }),
  enabled: z
    .enum(["true", "false"], { error: lazy("centres.settings.enabledInvalid") })
    .transform((value) => value === "true"),
});

/** The centre's language: one of the shipped locales, nothing else (the column's check agrees). */
const localeForm = z.object({ locale: z.enum(LOCALES, { error: lazy("common.language.invalid") }) });

/** A feature's name on screen, in the current language. */
function featureLabel(feature: Feature): string {
  return t(`centres.feature.${feature}`);
}

async function featureRows(
  centreId: string,
): Promise<{ rows: FeatureRow[]; centre: NonNullable<Awaited<ReturnType<typeof centreSettings>>> }> {
  const centre = await centreSettings(db, centreId);
  if (!centre) throw new NotFoundError(t("centres.settings.centreGone"));
  const flags = effectiveFlags(centre.featureFlags);
  const rows = FEATURE_NAMES.map((name) => ({
    name,
    label: featureLabel(name),
    enabled: flags[name],
    overridden: typeof centre.featureFlags[name] === "boolean",
  }));
  return { rows, centre };
}

const savedQuery = z.object({
  saved: z.enum(["name", "contact", "timeZone", "logo", "logoRemoved"]).optional().catch(undefined),
});

interface SettingsRequest {
  actor: Actor;
  page: PageRenderer;
  csrfToken: string;
}

/** The settings page, with a notice after a save or a form's errors. */
async function settingsPage(
  { actor, page, csrfToken }: SettingsRequest,
  state: IdentityFormState & { saved?: IdentitySaved },
): Promise<Response> {
  const [{ rows, centre }, pinLength, identity] = await Promise.all([
    featureRows(actor.centreId),
    pinLengthOf(db, actor.centreId),
    centreIdentity(actor.centreId),
  ]);
  const locale = isLocale(centre.locale) ? centre.locale : SOURCE_LOCALE;
  return page(
    <SettingsView
      identity={identity}
      timeZones={suggestedTimeZones(identity.timeZone)}
      saved={state.saved ?? null}
      values={state.values ?? {}}
      errors={state.errors ?? {}}
      features={rows}
      canManageFlags={roleHas(actor.role, "feature_flag.manage")}
      pinLength={pinLength}
      pinLengths={PIN_LENGTHS}
      canUpdate={roleHas(actor.role, "centre.update")}
      locale={locale}
      localeName={LOCALE_NAMES[locale]}
      locales={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value], lang: value }))}
      csrfToken={csrfToken}
    />,
    { title: t("centres.settings.pageTitle"), status: state.status },
  );
}

/** The owner's forms for the centre's name, time zone, contact details and logo. */
const ownIdentityRoutes = identityRoutes({
  base: "/settings",
  permission: "centre.update",
  editor: async (context: SettingsRequest) => editorOf(context.actor),
  home: () => "/settings",
  render: (context: SettingsRequest, state) => settingsPage(context, state),
});

export const settingsRoutes = new Elysia({ name: "settings-routes" })
  .use(guard)
  .use(ownIdentityRoutes)
  .get("/settings", (context) => settingsPage(context, { saved: parseInput(savedQuery, context.query).saved }), {
    permission: "centre.read",
  })
  .post(
    "/settings/pin-length",
    async ({ request, body, actor }) => {
      await setPinLength(actor, parseInput(pinLengthForm, body).pinLength);
      return redirectTo(request, "/settings");
    },
    { permission: "centre.update" },
  )
  .post(
    "/settings/language",
    async ({ request, body, actor }) => {
      await setLocale(actor, parseInput(localeForm, body).locale);
      return redirectTo(request, "/settings");
    },
    { permission: "centre.update" },
  )
  .post(
    "/settings/features",
    async ({ request, body, csrfToken, actor }) => {
      const form = parseInput(flagForm, body);
      await setFeatureFlag(actor, form.feature, form.enabled);
      if (!isFragmentRequest(request)) return redirectTo(request, "/settings");
      const row = (await featureRows(actor.centreId)).rows.find(
        (feature) => feature.name === form.feature,
      ) as FeatureRow;
      return htmlResponse(request, <FeatureFlagRow feature={row} canManage={true} csrfToken={csrfToken} />);
    },
    { permission: "feature_flag.manage" },
  );
