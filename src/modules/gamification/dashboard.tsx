import type { SafeHtml } from "#html/jsx-runtime";
import { XpSection } from "../../../views/gamification/xp";
import type { CentreId } from "../../platform/tenancy";
import { gamificationOn, xpSummary } from "./service";

/**
 * The "My XP" section for the student dashboard: level, XP to the next level, streak and badges,
 * with links to the full page and the leaderboards. Null while the centre has gamification off.
 */
export async function studentXpSection(
  centreId: CentreId,
  studentId: string,
  now = new Date(),
): Promise<SafeHtml | null> {
  if (!(await gamificationOn(centreId))) return null;
  const summary = await xpSummary(centreId, studentId, now);
  if (!summary) return null;
  return (
    <div>
      <XpSection summary={summary} />
      <p>
        <a href="/my-xp">All my XP</a> · <a href="/leaderboards">Leaderboards</a>
      </p>
    </div>
  );
}
