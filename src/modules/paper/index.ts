/** The paper module's public face: the only file other modules import. */

// Home-page links for the roles that import and review scans.
export { paperLinks } from "./links";
// The live topic an import's progress page follows.
export { scanTopic } from "./live";
// What the web app serves: QR worksheets, students' photos of their work, scan import and review.
export { paperRoutes } from "./routes";
// The worker's scan import job.
export { startPaperWorker } from "./worker";
