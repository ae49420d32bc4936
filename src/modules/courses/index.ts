/** The courses module's public face: the only file other modules import. */

// Demo data for a new installation.
export { seedDemoCourses } from "./demo";
// Marking rules: auto-marking an answer, and which kinds a tutor marks by hand.
export { isTutorMarked } from "./exercise-config";
export { correctAnswerText, markAnswer } from "./marking";
export type { ExerciseRow } from "./queries";
// What the web app serves.
export { coursesRoutes } from "./routes";
// Lessons and exercises, for setting homework from them and marking it (answers included).
export {
  coursesForStudent,
  courseTitles,
  exercisesByIds,
  exercisesForLessons,
  lessonById,
  publishedLessonsForCourse,
} from "./service";
