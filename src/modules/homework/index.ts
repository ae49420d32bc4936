/** The homework module's public face: the only file other modules import. */
export { exercisesOfHomework, homeworkForStaff, scopeOf } from "./access";
export { seedDemoHomework } from "./demo";
export { formatDue } from "./due";
export { homeworkEventHandlers } from "./events";
export { homeworkLinks } from "./links";
export { type StaffScope, submissionsOfHomework } from "./queries";
export { homeworkRoutes } from "./routes";
export {
  dueHomeworkForStudent,
  homeworkCompletion,
  homeworkForStudent,
  markingQueueCount,
  overdueHomeworkCount,
  recentMarksForStudent,
} from "./service";
export type { HomeworkStatus } from "./summary";
