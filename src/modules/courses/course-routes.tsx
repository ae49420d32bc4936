import { Elysia } from "elysia";
import { CourseView, LearnerCourseView, LessonList } from "../../../views/courses/course";
import { CourseFormView, CourseListView, MyCoursesView } from "../../../views/courses/courses";
import { LessonFormView } from "../../../views/courses/lesson";
import { db } from "../../platform/db";
import { pageLinks } from "../../platform/db/keyset";
import type { ContentStatus } from "../../platform/db/schema";
import { bindForm } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { t } from "../../platform/i18n";
import { canAct, type Permission } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type DescribeConfirmation, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { isStaff, learnerCourses } from "./access";
import { confirmArchiveCourse, confirmDeleteLesson } from "./confirmations";
import { courseForm, courseListQuery, coursePageQuery, idParams, lessonForm } from "./forms";
import { createLesson, deleteDraftLesson, moveLesson, setLessonStatus } from "./lesson-service";
import { courseAbilities, courseFor, enrolmentProps, lessonItems, withStatusLabel } from "./pages";
import { coursesPage, LIST_COUNT_CAP } from "./queries";
import { afterChange, formPage, fresh, listActionRoutes, moveAction } from "./route-helpers";
import { courseOr404, createCourse, setCourseStatus, updateCourse } from "./service";

interface StatusChange {
  path: string;
  status: ContentStatus;
  permission: Permission;
  /** Archiving cannot be undone: it asks first. */
  confirm?: DescribeConfirmation;
}

const STATUS_CHANGES = [
  { path: "publish", status: "published", permission: "course.publish" },
  { path: "unpublish", status: "draft", permission: "course.publish" },
  { path: "archive", status: "archived", permission: "course.archive", confirm: confirmArchiveCourse },
] as const satisfies StatusChange[];

function courseStatusRoute(change: StatusChange) {
  return new Elysia({ name: `course-${change.path}` }).use(guard).post(
    `/courses/:id/${change.path}`,
    async ({ request, params, actor }) => {
      const { id } = parseInput(idParams, params);
      await setCourseStatus(actor, id, change.status);
      return redirectTo(request, `/courses/${id}`);
    },
    { permission: change.permission, confirm: change.confirm },
  );
}

/** A course's form: new when there is no id yet, else editing that course. */
function courseFormPage(page: PageRenderer, csrfToken: string, courseId?: string) {
  return formPage(page, t(courseId ? "courses.title.edit" : "courses.title.new"), (state) => (
    <CourseFormView csrfToken={csrfToken} courseId={courseId} values={state.values} errors={state.errors} />
  ));
}

function newLessonPage(page: PageRenderer, csrfToken: string, course: { id: string; title: string }) {
  return formPage(page, t("courses.title.newLesson"), (state) => (
    <LessonFormView
      heading={t("courses.lesson.newIn", { course: course.title })}
      action={`/courses/${course.id}/lessons`}
      back={`/courses/${course.id}`}
      submit={t("courses.lesson.add")}
      csrfToken={csrfToken}
      values={state.values}
      errors={state.errors}
    />
  ));
}

/** Courses: the list (or "My courses" for learners), the course page, authoring and status changes. */
export const courseRoutes = new Elysia({ name: "course-routes" })
  .use(guard)
  .get(
    "/courses",
    async ({ query, actor, page }) => {
      if (!isStaff(actor)) {
        const heading = t(actor.role === "student" ? "courses.title.mine" : "courses.title.children");
        return page(<MyCoursesView courses={await learnerCourses(actor)} heading={heading} />, { title: heading });
      }
      const filters = parseInput(courseListQuery, query);
      const at = { after: filters.after, before: filters.before };
      const result = await coursesPage(db, actor.centreId, filters.status || undefined, at);
      return page(
        <CourseListView
          courses={result.rows.map(withStatusLabel)}
          total={result.total}
          totalCap={LIST_COUNT_CAP}
          links={pageLinks("/courses", result, at, { keep: { status: filters.status } })}
          status={filters.status}
          canCreate={canAct(actor.role, "course.create", actor.centre.features)}
        />,
        { title: t("courses.title.list") },
      );
    },
    { permission: "course.read" },
  )
  .get("/courses/new", ({ page, csrfToken }) => courseFormPage(page, csrfToken)(fresh()), {
    permission: "course.create",
  })
  .post(
    "/courses",
    ({ request, body, actor, page, csrfToken }) =>
      bindForm(courseForm, body, {
        valid: async (input) => redirectTo(request, `/courses/${await createCourse(actor, input)}`),
        invalid: courseFormPage(page, csrfToken),
      }),
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
      const { find, ...enrolmentAt } = parseInput(coursePageQuery, query);
      const [lessons, enrolment] = await Promise.all([
        lessonItems(actor, id, false),
        enrolmentProps(actor, course, enrolmentAt, csrfToken, undefined, find),
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
      return courseFormPage(page, csrfToken, id)(fresh({ title: course.title, summary: course.summary }));
    },
    { permission: "course.update" },
  )
  .post(
    "/courses/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await courseOr404(actor.centreId, id);
      return bindForm(courseForm, body, {
        valid: async (input) => {
          await updateCourse(actor, id, input);
          return redirectTo(request, `/courses/${id}`);
        },
        invalid: courseFormPage(page, csrfToken, id),
      });
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
      return newLessonPage(page, csrfToken, course)(fresh());
    },
    { permission: "lesson.create" },
  )
  .post(
    "/courses/:id/lessons",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const course = await courseOr404(actor.centreId, id);
      return bindForm(lessonForm, body, {
        valid: async ({ title }) => redirectTo(request, `/lessons/${await createLesson(actor, id, title)}`),
        invalid: newLessonPage(page, csrfToken, course),
      });
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

export const lessonListRoutes = listActionRoutes(
  "lesson-list-routes",
  [
    moveAction("/lessons/:id/move", "lesson.update", moveLesson),
    {
      path: "/lessons/:id/publish",
      permission: "lesson.update",
      run: (actor, id) => setLessonStatus(actor, id, "published"),
    },
    {
      path: "/lessons/:id/unpublish",
      permission: "lesson.update",
      run: (actor, id) => setLessonStatus(actor, id, "draft"),
    },
    { path: "/lessons/:id/delete", permission: "lesson.delete", run: deleteDraftLesson, confirm: confirmDeleteLesson },
  ],
  lessonListResponse,
);
