/**
 * The gamification module's public face: the only file other modules, scripts and the app import.
 * Pass a request's centre (actor.centre, a kiosk's centre) where a function takes `CentreId |
 * XpCentre`, so the time zone and flag resolved by the guard are used; an id is read once here.
 */

import { Elysia } from "elysia";
import { certificateRoutes } from "./certificate-routes";
import { gamificationRoutes as xpRoutes } from "./routes";

// The student dashboard's XP section.
export { studentXpSection } from "./dashboard";
// XP for marked work, on-time homework and attendance, and the boards' safety net; the worker lists them.
export { gamificationEventHandlers } from "./events";
// A student's XP per month, for their progress charts.
export { xpByMonthForStudent } from "./history";
// The home page's links while the centre has gamification on.
export { gamificationLinks } from "./links";
// The centre's live leaderboard topic, listed by the live module.
export { leaderboardTopic } from "./live";
// Boards name children by first name and initial (the kiosk's arrivals too); a badge's name in the
// reader's language (notifications and emails about a badge earned).
export { type BoardData, badgeName, boardName } from "./present";
// The reasons the app wrote for its own awards, in a reader's language (the XP export).
export { reasonText as xpReasonText } from "./reasons";
// Leaderboards, a student's XP, a tutor's award, badge certificates: one Elysia instance.
export const gamificationRoutes = new Elysia({ name: "gamification" }).use(xpRoutes).use(certificateRoutes);
// The flag, boards and summaries other pages show, and the repair rebuild (scripts/rebuild-leaderboards.ts).
export { boardData, gamificationOn, type Period, rebuildLeaderboards, xpSummary } from "./service";
export type { XpCentre } from "./xp-centre";
