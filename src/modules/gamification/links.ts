import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { gamificationOn } from "./service";
import type { XpCentre } from "./xp-centre";

/** Home-page links to XP and the leaderboards, while the centre has gamification on. */
export async function gamificationLinks(
  role: Role,
  centre: CentreId | XpCentre,
): Promise<{ href: string; label: string }[]> {
  if (!roleHas(role, "leaderboard.read") || !(await gamificationOn(centre))) return [];
  const mine = role === "student" || role === "parent" ? [{ href: "/my-xp", label: t("gamification.myXp.title") }] : [];
  return [...mine, { href: "/leaderboards", label: t("gamification.leaderboards") }];
}
