/**
 * The homework module's public face: the only file other modules, scripts and the app import.
 * Queries, forms and presenters behind it are private.
 */

// Row-level access, for modules that act on homework a member of staff may reach (paper worksheets).
export { exercisesOfHomework, homeworkForStaff, scopeOf } from "./access";
// Demo data for the seed script.
export { seedDemoHomework } from "./demo";
// Due times as words in the centre's zone and the reader's language; lateness at a given moment.
export { formatDue, isLate } from "./due";
// The live marking-queue count; the worker lists them.
export { homeworkEventHandlers } from "./events";
// The writes of working and marking, as the routes make them (the write-cost benchmark drives them).
export { gradeSubmission } from "./grading";
// A student's homework over a period, with marks and courses (progress charts, term reports).
export { type HomeworkHistoryItem, homeworkHistoryForStudent } from "./history";
// The home page's links.
export { homeworkLinks } from "./links";
// A homework's submissions, for the paper worksheets' class lists; work not handed in after its due
// time in every centre, for the overdue notices' scan (notifications).
// The autosave's two statements, built once (the write-routes benchmark times building them per call against once).
export {
  type OverdueHandIn,
  overdueHandIns,
  ownSubmissionQuestionStatement,
  type StaffScope,
  submissionsOfHomework,
} from "./queries";
// Staff lists and detail, the student's pages, the marking queue: one Elysia instance.
export { homeworkRoutes } from "./routes";
export { saveAnswer, submitHomework, upsertAnswer } from "./service";
// What dashboards, progress and the parent's view show of a student's homework and a tutor's queue.
export {
  dueHomeworkForStudent,
  type HomeworkCompletion,
  type HomeworkOverview,
  type HomeworkStatus,
  homeworkCompletion,
  homeworkForStudent,
  homeworkOverview,
  markingQueueCount,
  overdueHomeworkCount,
  recentMarksForStudent,
} from "./summary";
