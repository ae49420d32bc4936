import { Elysia } from "elysia";
import { z } from "zod";
import { FeatureFlagRow, type FeatureRow, SettingsView } from "../../../views/centres/settings";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { effectiveFlags, FEATURE_NAMES, FEATURES } from "../../platform/features";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { roleHas } from "../../platform/permissions";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { PIN_LENGTHS } from "./pin-length";
import { centreSettings, pinLengthOf } from "./queries";
import { setFeatureFlag, setPinLength } from "./service";

const pinLengthForm = z.object({
  pinLength: z
    .enum(PIN_LENGTHS.map(String) as [string, ...string[]], `Choose ${PIN_LENGTHS.join(" or ")} digits`)
    .transform((value) => Number(value) as (typeof PIN_LENGTHS)[number]),
});

const flagForm = z.object({
  feature: z.enum(FEATURE_NAMES, "Choose a feature from the list"),
  enabled: z.enum(["true", "false"], "Say whether to turn it on or off").transform((value) => value === "true"),
});

async function featureRows(
  centreId: string,
): Promise<{ rows: FeatureRow[]; centre: NonNullable<Awaited<ReturnType<typeof centreSettings>>> }> {
  const centre = await centreSettings(db, centreId);
  if (!centre) throw new NotFoundError("This centre no longer exists.");
  const flags = effectiveFlags(centre.featureFlags);
  const rows = FEATURE_NAMES.map((name) => ({
    name,
    label: FEATURES[name].label,
    enabled: flags[name],
    overridden: typeof centre.featureFlags[name] === "boolean",
  }));
  return { rows, centre };
}

export const settingsRoutes = new Elysia({ name: "settings-routes" })
  .use(guard)
  .get(
    "/settings",
    async ({ page, csrfToken, actor }) => {
      const [{ rows, centre }, pinLength] = await Promise.all([
        featureRows(actor.centreId),
        pinLengthOf(db, actor.centreId),
      ]);
      return page(
        <SettingsView
          centreName={centre.name}
          slug={centre.slug}
          timeZone={centre.timeZone}
          features={rows}
          canManageFlags={roleHas(actor.role, "feature_flag.manage")}
          pinLength={pinLength}
          pinLengths={PIN_LENGTHS}
          canChangePinLength={roleHas(actor.role, "centre.update")}
          csrfToken={csrfToken}
        />,
        { title: "Centre settings" },
      );
    },
    { permission: "centre.read" },
  )
  .post(
    "/settings/pin-length",
    async ({ request, body, actor }) => {
      await setPinLength(actor, parseInput(pinLengthForm, body).pinLength);
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
