import type { SafeHtml } from "#html/jsx-runtime";
import { XpSection } from "../../../views/gamification/xp";
import { t } from "../../platform/i18n";
import type { CentreId } from "../../platform/tenancy";
import { xpSummary } from "./service";
import { type XpCentre, xpCentreOf } from "./xp-centre";

/**
 * The "My XP" section for the student dashboard: level, XP to the next level, streak and badges,
 * with links to the full page and the leaderboards. Null while the centre has gamification off.
 */
export async function studentXpSection(
  centre: CentreId | XpCentre,
  studentId: string,
  now = new Date(),
): Promise<SafeHtml | null> {
  const here = await xpCentreOf(centre);
  if (!here.features.gamification) return null;
  const summary = await xpSummary(here, studentId, now);
  if (!summary) return null;
  return (
    <div>
      <XpSection summary={summary} />
      <p>
        <a href="/my-xp">{t("gamification.allMyXp")}</a> · <a href="/leaderboards">{t("gamification.leaderboards")}</a>
      </p>
    </div>
  );
}
