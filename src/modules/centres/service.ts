import { recordAudit } from "../../platform/audit";
import { announceCentreChange, loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { effectiveFlags, type Feature } from "../../platform/features";
import { type Locale, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { trustedCentreId } from "../../platform/tenancy";
import type { PinLength } from "./pin-length";
import { pinLengthIn } from "./queries";

/**
 * Whether a feature is on for a centre now, for work outside a request (workers, events);
 * a request reads `actor.centre.features` instead.
 */
export async function isFeatureOn(centreId: string, feature: Feature): Promise<boolean> {
  return (await loadCentreContext(trustedCentreId(centreId)))?.features[feature] ?? false;
}

type CentreRow = { settings: Record<string, unknown>; featureFlags: Record<string, boolean>; locale: string };

/** One setting's change: the columns to write and the audited before/after, or null when nothing changes. */
interface SettingChange {
  set: Partial<{ settings: CentreRow["settings"]; feature_flags: CentreRow["featureFlags"]; locale: Locale }>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * An owner changes a setting of their own centre: read under a row lock, written and audited
 * (settings.update, with before and after) in one transaction.
 */
async function changeSetting(actor: Actor, change: (centre: CentreRow) => SettingChange | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const centre = await trx
      .selectFrom("centres")
      .where("id", "=", actor.centreId)
      .select(["settings", "feature_flags as featureFlags", "locale"])
      .forUpdate()
      .executeTakeFirst();
    if (!centre) throw new NotFoundError(t("centres.settings.centreGone"));
    const planned = change(centre);
    if (!planned) return;
    await trx
      .updateTable("centres")
      .set({ ...planned.set, updated_at: new Date() })
      .where("id", "=", actor.centreId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "settings.update",
      target: { type: "centre", id: actor.centreId },
      before: planned.before,
      after: planned.after,
      request: actor.request,
    });
  });
  // Every web process drops its copy of the centre: the change applies to the very next request.
  await announceCentreChange(actor.centreId);
}

/** An owner switches a feature for their own centre; the change is audited with before and after. */
export function setFeatureFlag(actor: Actor, feature: Feature, enabled: boolean): Promise<void> {
  return changeSetting(actor, (centre) => ({
    set: { feature_flags: { ...centre.featureFlags, [feature]: enabled } },
    before: { [feature]: effectiveFlags(centre.featureFlags)[feature] },
    after: { [feature]: enabled },
  }));
}

/** An owner sets how many digits new PINs have; PINs already given keep working. */
export function setPinLength(actor: Actor, length: PinLength): Promise<void> {
  return changeSetting(actor, (centre) => {
    const before = pinLengthIn(centre.settings);
    if (before === length) return null;
    return {
      set: { settings: { ...centre.settings, pinLength: length } },
      before: { pinLength: before },
      after: { pinLength: length },
    };
  });
}

/**
 * An owner sets the centre's language: from the next request on, everyone there who has not
 * chosen their own language (and every kiosk) sees pages, emails and printouts in it.
 */
export function setLocale(actor: Actor, locale: Locale): Promise<void> {
  return changeSetting(actor, (centre) => {
    if (centre.locale === locale) return null;
    return { set: { locale }, before: { locale: centre.locale }, after: { locale } };
  });
}
