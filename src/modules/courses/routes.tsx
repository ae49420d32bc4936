import { Elysia } from "elysia";
import { courseRoutes, lessonListRoutes } from "./course-routes";
import { enrolmentRoutes } from "./enrolment-routes";
import { exerciseListRoutes, exerciseRoutes } from "./exercise-routes";
import { lessonRoutes, materialListRoutes } from "./lesson-routes";

/** Everything the courses module serves: courses, lessons, materials, exercises and enrolments. */
export const coursesRoutes = new Elysia({ name: "courses-routes" })
  .use(courseRoutes)
  .use(lessonListRoutes)
  .use(lessonRoutes)
  .use(materialListRoutes)
  .use(exerciseRoutes)
  .use(exerciseListRoutes)
  .use(enrolmentRoutes);

/** Transitional: the name src/app.ts uses until the lead rewires it to `coursesRoutes`. */
export const coursesModuleRoutes = coursesRoutes;
