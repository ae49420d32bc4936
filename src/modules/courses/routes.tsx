import { Elysia } from "elysia";
import { courseRoutes, lessonListRoutes } from "./course-routes";
import { enrolmentRoutes } from "./enrolment-routes";
import { exerciseListRoutes, exerciseRoutes } from "./exercise-routes";
import { fileMaterialRoutes } from "./file-material-routes";
import { lessonRoutes, materialListRoutes } from "./lesson-routes";

/** Everything the courses module serves: courses, lessons, materials, exercises and enrolments. */
export const coursesRoutes = new Elysia({ name: "courses-routes" })
  .use(courseRoutes)
  .use(lessonListRoutes)
  .use(lessonRoutes)
  .use(materialListRoutes)
  .use(fileMaterialRoutes)
  .use(exerciseRoutes)
  .use(exerciseListRoutes)
  .use(enrolmentRoutes);
