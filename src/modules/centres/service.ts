import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { effectiveFlags, type Feature } from "../../platform/features";
import type { Actor } from "../../platform/principal";
import type { PinLength } from "../auth";
import { centreSettings, pinLengthOf } from "./queries";

export { pinLengthOf } from "./queries";

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

/** An owner sets how many digits new PINs have; PINs already given keep working. */
export async function setPinLength(actor: Actor, length: PinLength): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const centre = await trx
      .selectFrom("centres")
      .where("id", "=", actor.centreId)
      .select("settings")
      .forUpdate()
      .executeTakeFirst();
    if (!centre) throw new NotFoundError("This centre no longer exists.");
    const before = await pinLengthOf(trx, actor.centreId);
    if (before === length) return;
    await trx
      .updateTable("centres")
      .set({ settings: { ...centre.settings, pinLength: length }, updated_at: new Date() })
      .where("id", "=", actor.centreId)
      .execute();
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "settings.update",
      target: { type: "centre", id: actor.centreId },
      before: { pinLength: before },
      after: { pinLength: length },
      request: actor.request,
    });
  });
}
