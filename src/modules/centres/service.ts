import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import type { Actor } from "../../platform/principal";
import { effectiveFlags, type Feature } from "./feature-flags";
import { centreSettings } from "./queries";

/** Whether a feature is on for a centre now (its override, else the environment default). */
export async function isFeatureOn(centreId: string, feature: Feature): Promise<boolean> {
  const centre = await centreSettings(db, centreId);
  return centre ? effectiveFlags(centre.featureFlags)[feature] : false;
}

/** An owner switches a feature for their own centre; the change is audited with before and after. */
export async function setFeatureFlag(actor: Actor, feature: Feature, enabled: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const centre = await centreSettings(trx, actor.centreId);
    if (!centre) throw new NotFoundError("This centre no longer exists.");
    const before = effectiveFlags(centre.featureFlags);
    const overrides = { ...centre.featureFlags, [feature]: enabled };
    await trx
      .updateTable("centres")
      .set({ feature_flags: overrides, updated_at: new Date() })
      .where("id", "=", actor.centreId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "settings.update",
      target: { type: "centre", id: actor.centreId },
      before: { [feature]: before[feature] },
      after: { [feature]: enabled },
      request: actor.request,
    });
  });
}
