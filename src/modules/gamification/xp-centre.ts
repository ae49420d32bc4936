import { currentCentreContext } from "../../platform/centre-context";
import { type Locale, SOURCE_LOCALE } from "../../platform/i18n";
import type { CentreId } from "../../platform/tenancy";

/** What XP needs of a centre: boards and streaks follow its local calendar, all of it its flag. */
export interface XpCentre {
  id: CentreId;
  timeZone: string;
  /** What its shared screens (boards seen by everyone there) are written in. */
  locale: Locale;
  features: { gamification: boolean };
}

/**
 * A request passes the centre its guard resolved (actor.centre, or a kiosk's centre); callers
 * outside a request (event handlers, the rebuild script, other modules' services) pass the id and
 * the centre is this process's copy while its version in Redis stands (currentCentreContext: one
 * GET, not a PostgreSQL read per award). A centre that is gone counts as one with gamification off.
 */
export async function xpCentreOf(centre: CentreId | XpCentre): Promise<XpCentre> {
  if (typeof centre !== "string") return centre;
  return (
    (await currentCentreContext(centre)) ?? {
      id: centre,
      timeZone: "UTC",
      locale: SOURCE_LOCALE,
      features: { gamification: false },
    }
  );
}
