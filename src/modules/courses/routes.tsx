import { Elysia } from "elysia";
import { courseRoutes, lessonListRoutes } from "./course-routes";
import { enrolmentRoutes } from "./enrolment-routes";
import { exerciseRoutes } from "./exercise-routes";
import { lessonRoutes } from "./lesson-routes";

/** Everything the courses module serves. */
export const coursesModuleRoutes = new Elysia({ name: "courses-module-routes" })
  .use(courseRoutes)
  .use(lessonListRoutes)
  .use(lessonRoutes)
  .use(exerciseRoutes)
  .use(enrolmentRoutes);
