/**
 * The gamification module's public face: the only file other modules, scripts and the app import.
 * Pass a request's centre (actor.centre, a kiosk's centre) where a function takes `CentreId |
 * XpCentre`, so the time zone and flag resolved by the guard are used; an id is read once here.
 */

// The flag, boards and summaries other pages show (kiosk board, home page, dashboard).
export { studentXpSection } from "./dashboard";
export { gamificationLinks } from "./links";
// The centre's live leaderboard topic, listed by the live module.
export { leaderboardTopic } from "./live";
export { type BoardData, boardName } from "./present";
// The routes: leaderboards, a student's XP, a tutor's award (one Elysia instance).
export { gamificationRoutes } from "./routes";
// Repair: rebuild the Redis boards from the ledger (scripts/rebuild-leaderboards.ts).
export { boardData, gamificationOn, type Period, rebuildLeaderboards, xpSummary } from "./service";
export type { XpCentre } from "./xp-centre";
