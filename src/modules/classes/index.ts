/** The classes module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { calendarRoutes } from "./calendar-routes";
import { classRoutes } from "./routes";
import { timetableRoutes } from "./timetable-routes";

/** Every page of classes, the timetable and attendance registers, as one instance for the app. */
export const classesRoutes = new Elysia({ name: "classes" }).use(classRoutes).use(timetableRoutes).use(calendarRoutes);

// Bulk import of students (people module): classes by name, memberships, adding many in one transaction.
export {
  activeClassNames,
  addMembersInTransaction,
  type ClassChoice,
  type Membership,
  membershipsOf,
} from "./bulk-members";
// Demo data for the seed script.
export { seedDemoClasses } from "./demo";
// Live registers: the topic the live stream authorises, and the push after a kiosk check-in.
export { attendanceTopic, publishAttendanceRow } from "./live";
// A local date as the class pages write it, in the reader's language ("Tuesday, 3 March 2026"), for pages that list sessions.
export { dateLabel } from "./present";
// Who teaches whom and which classes exist: what homework, gamification, dashboards and auth ask.
// Attendance: recording it (kiosks) and reading it for dashboards and a student's sessions.
export {
  activeClasses,
  attendanceForStudent,
  type ClassRecord,
  classById,
  classesForTutor,
  classesOfStudent,
  classHistoryOf,
  type NamedPerson,
  recordAttendance,
  type StudentAttendanceRow,
  sessionsToday,
  studentsOfClass,
  studentsToTutor,
  tutorsOf,
  tutorTeachesStudent,
  tutorToday,
} from "./service";
// A centre changing time zone (centre settings): the preview of what moves, and the move itself.
export {
  applyTimeZoneChange,
  planTimeZoneChange,
  type SessionMove,
  type SessionStaying,
  type TimeZonePlan,
} from "./time-zone";
// The daily job that keeps every class supplied with dated sessions, for the worker.
export { startClassesWorker } from "./worker";
