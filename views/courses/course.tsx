import type { ContentStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Select } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import type { CourseListItem } from "./courses";
import { ActionForm, DeleteButton, MoveButtons, StatusBadge } from "./parts";

export interface CourseAbilities {
  edit: boolean;
  publish: boolean;
  archive: boolean;
  editLessons: boolean;
  deleteLessons: boolean;
}

export interface LessonItem {
  id: string;
  courseId: string;
  title: string;
  position: number;
  status: ContentStatus;
  statusLabel: string;
}

export interface StudentOption {
  id: string;
  name: string;
  studentCode: string | null;
}

export interface EnrolmentProps {
  courseId: string;
  students: StudentOption[];
  /** Counted up to totalCap. */
  total: number;
  totalCap: number;
  /** The pages of students either side. */
  links: ListLinks;
  /** Students who can be enrolled (the first few, or those matching `find`); null when the viewer may only read the list. */
  candidates: StudentOption[] | null;
  /** Other students match too: the picker asks for a name or code to find them. */
  moreCandidates: boolean;
  /** What the search for a student to enrol was, if any. */
  find: string | null;
  csrfToken: string;
  error?: string;
}

export interface CourseViewProps {
  course: CourseListItem;
  lessons: LessonItem[];
  can: CourseAbilities;
  enrolment: EnrolmentProps | null;
  csrfToken: string;
}

export function LessonList(props: {
  courseId: string;
  lessons: LessonItem[];
  can: CourseAbilities;
  csrfToken: string;
}) {
  const { can, csrfToken } = props;
  return (
    <div id="lessons">
      {props.lessons.length === 0 ? (
        <p class="muted">{t("courses.lessons.empty")}</p>
      ) : (
        <ol class="stack">
          {props.lessons.map((lesson, index) => (
            <li class="row" data-lesson-id={lesson.id}>
              <a href={`/lessons/${lesson.id}`}>{lesson.title}</a>
              <StatusBadge status={lesson.status} label={lesson.statusLabel} />
              {can.editLessons && (
                <>
                  <MoveButtons
                    action={`/lessons/${lesson.id}/move`}
                    csrfToken={csrfToken}
                    target="#lessons"
                    name={lesson.title}
                    first={index === 0}
                    last={index === props.lessons.length - 1}
                  />
                  <ActionForm
                    action={`/lessons/${lesson.id}/${lesson.status === "published" ? "unpublish" : "publish"}`}
                    csrfToken={csrfToken}
                    target="#lessons"
                    label={t(lesson.status === "published" ? "courses.action.unpublish" : "courses.action.publish")}
                    ariaLabel={t(
                      lesson.status === "published" ? "courses.action.unpublishNamed" : "courses.action.publishNamed",
                      { name: lesson.title },
                    )}
                    secondary
                  />
                </>
              )}
              {can.deleteLessons && lesson.status === "draft" && (
                <DeleteButton
                  action={`/lessons/${lesson.id}/delete`}
                  csrfToken={csrfToken}
                  target="#lessons"
                  name={lesson.title}
                />
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function CourseActions({ course, can, csrfToken }: Pick<CourseViewProps, "course" | "can" | "csrfToken">) {
  const base = `/courses/${course.id}`;
  return (
    <div class="row">
      {can.edit && (
        <a class="button secondary" href={`${base}/edit`}>
          {t("courses.action.editCourse")}
        </a>
      )}
      {can.publish && course.status !== "published" && (
        <ActionForm action={`${base}/publish`} csrfToken={csrfToken} label={t("courses.action.publish")} />
      )}
      {can.publish && course.status !== "draft" && (
        <ActionForm
          action={`${base}/unpublish`}
          csrfToken={csrfToken}
          label={t(course.status === "archived" ? "courses.action.restoreDraft" : "courses.action.unpublish")}
          secondary
        />
      )}
      {can.archive && course.status !== "archived" && (
        <ActionForm
          action={`${base}/archive`}
          csrfToken={csrfToken}
          label={t("courses.action.archive")}
          confirm
          danger
        />
      )}
    </div>
  );
}

export function EnrolmentSection(props: EnrolmentProps) {
  const base = `/courses/${props.courseId}/enrolments`;
  return (
    <section id="enrolments" class="card stack" aria-labelledby="enrolments-heading">
      <h2 id="enrolments-heading">{t("courses.enrolment.heading")}</h2>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      {props.candidates && (
        <form
          method="get"
          action={`/courses/${props.courseId}#enrolments`}
          class="row"
          aria-label={t("courses.enrolment.find")}
        >
          <Field
            name="find"
            id="enrol-find"
            type="search"
            label={t("courses.enrolment.find")}
            value={props.find ?? ""}
            maxlength={100}
          />
          <button type="submit" class="secondary">
            {t("courses.enrolment.search")}
          </button>
        </form>
      )}
      {props.candidates && (props.moreCandidates || props.find) && (
        <p class="muted" id="enrol-found">
          {props.moreCandidates
            ? t("courses.enrolment.showingFirst", { count: props.candidates.length })
            : t("courses.enrolment.found", { count: props.candidates.length })}
        </p>
      )}
      {props.candidates && (
        <form method="post" action={base} hx-post={base} hx-target="#enrolments" hx-swap="outerHTML" class="row">
          <CsrfField token={props.csrfToken} />
          <Select
            name="studentId"
            id="enrol-student"
            label={t("courses.enrolment.student")}
            options={[
              {
                value: "",
                label: t(
                  props.candidates.length
                    ? "courses.enrolment.choose"
                    : props.find
                      ? "courses.enrolment.noneFound"
                      : "courses.enrolment.everyoneEnrolled",
                ),
              },
              ...props.candidates.map((student) => ({
                value: student.id,
                label: student.studentCode
                  ? t("courses.enrolment.withCode", { name: student.name, code: student.studentCode })
                  : student.name,
              })),
            ]}
          />
          <button type="submit">{t("courses.enrolment.enrol")}</button>
        </form>
      )}
      <p class="muted">
        {props.total >= props.totalCap
          ? t("courses.enrolment.countMany", { count: props.totalCap - 1 })
          : t("courses.enrolment.count", { count: props.total })}
      </p>
      {props.students.length > 0 && (
        <ul class="stack">
          {props.students.map((student) => (
            <li class="row" data-student-id={student.id}>
              <span>{student.name}</span>
              {student.studentCode && <span class="muted">{student.studentCode}</span>}
              {props.candidates && (
                <ActionForm
                  action={`${base}/${student.id}/delete`}
                  csrfToken={props.csrfToken}
                  target="#enrolments"
                  label={t("courses.enrolment.unenrol")}
                  ariaLabel={t("courses.enrolment.unenrolNamed", { name: student.name })}
                  secondary
                  confirm
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <LinksPager links={props.links} />
    </section>
  );
}

export function CourseView(props: CourseViewProps) {
  const { course, can, csrfToken } = props;
  return (
    <div class="stack" id="course" data-course-id={course.id}>
      <p>
        <a href="/courses">{t("courses.link.all")}</a>
      </p>
      <section class="card stack">
        <div class="row">
          <h1>{course.title}</h1>
          <StatusBadge status={course.status} label={course.statusLabel} />
        </div>
        {course.summary && <p>{course.summary}</p>}
        <CourseActions course={course} can={can} csrfToken={csrfToken} />
      </section>
      <section class="card stack" aria-labelledby="lessons-heading">
        <div class="row">
          <h2 id="lessons-heading">{t("courses.lessons.heading")}</h2>
          {can.editLessons && (
            <a class="button secondary" href={`/courses/${course.id}/lessons/new`}>
              {t("courses.lessons.add")}
            </a>
          )}
        </div>
        <LessonList courseId={course.id} lessons={props.lessons} can={can} csrfToken={csrfToken} />
      </section>
      {props.enrolment && <EnrolmentSection {...props.enrolment} />}
    </div>
  );
}

export function LearnerCourseView(props: { course: CourseListItem; lessons: LessonItem[] }) {
  return (
    <div class="stack" id="course" data-course-id={props.course.id}>
      <p>
        <a href="/courses">{t("courses.title.mine")}</a>
      </p>
      <section class="card stack">
        <h1>{props.course.title}</h1>
        {props.course.summary && <p>{props.course.summary}</p>}
      </section>
      <section class="card stack" aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">{t("courses.lessons.heading")}</h2>
        {props.lessons.length === 0 ? (
          <p class="muted">{t("courses.lessons.empty")}</p>
        ) : (
          <ol>
            {props.lessons.map((lesson) => (
              <li data-lesson-id={lesson.id}>
                <a href={`/lessons/${lesson.id}`}>{lesson.title}</a>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
