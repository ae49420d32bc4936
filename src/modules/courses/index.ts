/** The courses module's public face: the only file other modules import. */
export { seedDemoCourses } from "./demo";
export { isTutorMarked } from "./exercise-config";
export { markAnswer } from "./marking";
export { coursesModuleRoutes } from "./routes";
export {
  coursesForStudent,
  type ExerciseRow,
  exercisesByIds,
  exercisesForLessons,
  lessonById,
  publishedLessonsForCourse,
} from "./service";
