/** The messages module's public face: the only file other modules, scripts and the app import. */

// The live topic a thread's page follows (listed in the live module's `liveTopics`).
export { threadTopic } from "./live";
// The message nudge email; src/registry.ts lists it for the mail worker.
export { messageMailTemplates } from "./mail";
// Threads between a student's parents and the staff who look after the student: one Elysia instance.
export { messageRoutes } from "./routes";
