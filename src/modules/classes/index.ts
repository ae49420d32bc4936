/** The classes module's public face: the only file other modules import. */
export { seedDemoClasses } from "./demo";
export { centreTimeZone } from "./generate";
export { attendanceTopic, publishAttendanceRow } from "./live";
export { dateLabel } from "./present";
export { activeSlots } from "./queries";
export { classRoutes } from "./routes";
export { dayBounds, localDate, localTime } from "./schedule";
export {
  attendanceForStudent,
  classById,
  classesForTutor,
  type NamedPerson,
  recordAttendance,
  type StudentAttendanceRow,
  sessionsToday,
  studentsOfClass,
  tutorsOf,
  tutorTeachesStudent,
  tutorToday,
} from "./service";
export { timetableRoutes } from "./timetable-routes";
export { startClassesWorker } from "./worker";
