/** The gamification module's public face: the only file other modules import. */
export { studentXpSection } from "./dashboard";
export { gamificationEventHandlers } from "./events";
export { gamificationLinks } from "./links";
export { leaderboardTopic } from "./live";
export { type BoardData, boardName } from "./present";
export { gamificationRoutes } from "./routes";
export { boardData, gamificationOn, type Period, rebuildLeaderboards, xpSummary } from "./service";
