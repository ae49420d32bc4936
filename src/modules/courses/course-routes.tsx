import { Elysia } from "elysia";
import { CourseView, LearnerCourseView, LessonList } from "../../../views/courses/course";
import { CourseFormView, CourseListView, MyCoursesView } from "../../../views/courses/courses";
import { LessonFormView } from "../../../views/courses/lesson";
import { db } from "../../platform/db";
import type { ContentStatus } from "../../platform/db/schema";
import { redirectTo } from "../../platform/http/redirect";
import { type Permission, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { isStaff, learnerCourses } from "./access";
import { courseForm, courseListQuery, idParams, lessonForm, moveForm, pageQuery } from "./forms";
import { createLesson, deleteDraftLesson, moveLesson, setLessonStatus } from "./lesson-service";
import { courseAbilities, courseFor, enrolmentProps, lessonItems, withStatusLabel } from "./pages";
import { formValues } from "./present";
import { COURSES_PAGE_SIZE, coursesPage } from "./queries";
import { afterChange, withFormErrors } from "./route-helpers";
import { courseOr404, createCourse, setCourseStatus, updateCourse } from "./service";

interface StatusChange {
  path: string;
  status: ContentStatus;
  permission: Permission;
}

const STATUS_CHANGES = [
  { path: "publish", status: "published", permission: "course.publish" },
  { path: "unpublish", status: "draft", permission: "course.publish" },
  { path: "archive", status: "archived", permission: "course.archive" },
] as const satisfies StatusChange[];

function courseStatusRoute(change: StatusChange) {
  return new Elysia({ name: `course-${change.path}` }).use(guard).post(
    `/courses/:id/${change.path}`,
    async ({ request, params, actor }) => {
      const { id } = parseInput(idParams, params);
      await setCourseStatus(actor, id, change.status);
      return redirectTo(request, `/courses/${id}`);
    },
    { permission: change.permission },
  );
}

/** Courses: the list (or "My courses" for learners), the course page, authoring and status changes. */
export const courseRoutes = new Elysia({ name: "course-routes" })
  .use(guard)
  .get(
    "/courses",
    async ({ query, actor, page }) => {
      if (!isStaff(actor)) {
        const heading = actor.role === "student" ? "My courses" : "Your children's courses";
        return page(<MyCoursesView courses={await learnerCourses(actor)} heading={heading} />, { title: heading });
      }
      const filters = parseInput(courseListQuery, query);
      const result = await coursesPage(db, actor.centreId, filters.status || undefined, filters.page);
      return page(
        <CourseListView
          courses={result.rows.map(withStatusLabel)}
          total={result.total}
          page={filters.page}
          pageCount={Math.max(1, Math.ceil(result.total / COURSES_PAGE_SIZE))}
          status={filters.status}
          canCreate={roleHas(actor.role, "course.create")}
        />,
        { title: "Courses" },
      );
    },
    { permission: "course.read" },
  )
  .get(
    "/courses/new",
    ({ page, csrfToken }) =>
      page(<CourseFormView csrfToken={csrfToken} values={{}} errors={{}} />, { title: "New course" }),
    { permission: "course.create" },
  )
  .post(
    "/courses",
    ({ request, body, actor, page, csrfToken }) =>
      withFormErrors(
        async () => {
          const id = await createCourse(actor, parseInput(courseForm, body));
          return redirectTo(request, `/courses/${id}`);
        },
        (errors) =>
          page(<CourseFormView csrfToken={csrfToken} values={formValues(body)} errors={errors} />, {
            title: "New course",
            status: 422,
          }),
      ),
    { permission: "course.create" },
  )
  .get(
    "/courses/:id",
    async ({ params, query, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const course = await courseFor(actor, id);
      if (!isStaff(actor)) {
        const lessons = await lessonItems(actor, id, true);
        return page(<LearnerCourseView course={course} lessons={lessons} />, { title: course.title });
      }
      const { page: enrolmentPage } = parseInput(pageQuery, query);
      const [lessons, enrolment] = await Promise.all([
        lessonItems(actor, id, false),
        enrolmentProps(actor, course, enrolmentPage, csrfToken),
      ]);
      return page(
        <CourseView
          course={course}
          lessons={lessons}
          can={courseAbilities(actor)}
          enrolment={enrolment}
          csrfToken={csrfToken}
        />,
        { title: course.title },
      );
    },
    { permission: "course.read" },
  )
  .get(
    "/courses/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const course = await courseOr404(actor.centreId, id);
      return page(
        <CourseFormView
          csrfToken={csrfToken}
          courseId={id}
          values={{ title: course.title, summary: course.summary }}
          errors={{}}
        />,
        {
          title: "Edit the course",
        },
      );
    },
    { permission: "course.update" },
  )
  .post(
    "/courses/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await courseOr404(actor.centreId, id);
      return withFormErrors(
        async () => {
          await updateCourse(actor, id, parseInput(courseForm, body));
          return redirectTo(request, `/courses/${id}`);
        },
        (errors) =>
          page(<CourseFormView csrfToken={csrfToken} courseId={id} values={formValues(body)} errors={errors} />, {
            title: "Edit the course",
            status: 422,
          }),
      );
    },
    { permission: "course.update" },
  )
  .use(courseStatusRoute(STATUS_CHANGES[0]))
  .use(courseStatusRoute(STATUS_CHANGES[1]))
  .use(courseStatusRoute(STATUS_CHANGES[2]))
  .get(
    "/courses/:id/lessons/new",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const course = await courseOr404(actor.centreId, id);
      return page(
        <LessonFormView
          heading={`New lesson in ${course.title}`}
          action={`/courses/${id}/lessons`}
          back={`/courses/${id}`}
          submit="Add the lesson"
          csrfToken={csrfToken}
          values={{}}
          errors={{}}
        />,
        { title: "New lesson" },
      );
    },
    { permission: "lesson.create" },
  )
  .post(
    "/courses/:id/lessons",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const course = await courseOr404(actor.centreId, id);
      return withFormErrors(
        async () => {
          const lessonId = await createLesson(actor, id, parseInput(lessonForm, body).title);
          return redirectTo(request, `/lessons/${lessonId}`);
        },
        (errors) =>
          page(
            <LessonFormView
              heading={`New lesson in ${course.title}`}
              action={`/courses/${id}/lessons`}
              back={`/courses/${id}`}
              submit="Add the lesson"
              csrfToken={csrfToken}
              values={formValues(body)}
              errors={errors}
            />,
            { title: "New lesson", status: 422 },
          ),
      );
    },
    { permission: "lesson.create" },
  );

/** Lesson list actions on the course page: each answers htmx with the refreshed list. */
function lessonListResponse(request: Request, actor: Actor, courseId: string, csrfToken: string) {
  return afterChange(request, `/courses/${courseId}`, "lessons", async () => (
    <LessonList
      courseId={courseId}
      lessons={await lessonItems(actor, courseId, false)}
      can={courseAbilities(actor)}
      csrfToken={csrfToken}
    />
  ));
}

export const lessonListRoutes = new Elysia({ name: "lesson-list-routes" })
  .use(guard)
  .post(
    "/lessons/:id/move",
    async ({ request, params, body, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { direction } = parseInput(moveForm, body);
      const courseId = await moveLesson(actor, id, direction);
      return lessonListResponse(request, actor, courseId, csrfToken);
    },
    { permission: "lesson.update" },
  )
  .post(
    "/lessons/:id/publish",
    async ({ request, params, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const courseId = await setLessonStatus(actor, id, "published");
      return lessonListResponse(request, actor, courseId, csrfToken);
    },
    { permission: "lesson.update" },
  )
  .post(
    "/lessons/:id/unpublish",
    async ({ request, params, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const courseId = await setLessonStatus(actor, id, "draft");
      return lessonListResponse(request, actor, courseId, csrfToken);
    },
    { permission: "lesson.update" },
  )
  .post(
    "/lessons/:id/delete",
    async ({ request, params, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const courseId = await deleteDraftLesson(actor, id);
      return lessonListResponse(request, actor, courseId, csrfToken);
    },
    { permission: "lesson.delete" },
  );
