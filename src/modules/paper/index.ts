/** The paper module's public face: the only file other modules import. */
export { attachmentsForSubmission } from "./attachments";
export { attachmentsPath, paperLinks } from "./links";
export { scanTopic } from "./live";
export { paperRoutes } from "./routes";
export { startPaperWorker } from "./worker";
