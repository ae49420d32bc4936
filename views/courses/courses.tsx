import type { ContentStatus } from "../../src/platform/db/schema";
import { Field, Select, TextArea } from "../components/form";
import { Pager } from "../components/pager";
import { type Column, Table } from "../components/table";
import { FormCard, StatusBadge } from "./parts";

export interface CourseSummary {
  id: string;
  title: string;
  summary: string;
  status: ContentStatus;
}

export interface CourseListItem extends CourseSummary {
  statusLabel: string;
}

export interface CourseListProps {
  courses: CourseListItem[];
  total: number;
  page: number;
  pageCount: number;
  status: string;
  canCreate: boolean;
}

const STATUS_FILTER = [
  { value: "", label: "Any status" },
  { value: "draft", label: "Draft" },
  { value: "published", label: "Published" },
  { value: "archived", label: "Archived" },
];

const COURSE_COLUMNS: Column<CourseListItem>[] = [
  {
    header: "Course",
    cell: (course) => (
      <>
        <a href={`/courses/${course.id}`}>{course.title}</a>
        {course.summary && <p class="muted">{course.summary}</p>}
      </>
    ),
  },
  { header: "Status", cell: (course) => <StatusBadge status={course.status} label={course.statusLabel} /> },
];

export function CourseListView(props: CourseListProps) {
  const href = (page: number) => `/courses?${new URLSearchParams({ status: props.status, page: String(page) })}`;
  return (
    <div class="stack" id="courses">
      <div class="row">
        <h1>Courses</h1>
        {props.canCreate && (
          <a class="button" href="/courses/new">
            New course
          </a>
        )}
      </div>
      <form class="card row filters" method="get" action="/courses">
        <Select name="status" label="Status" options={STATUS_FILTER} value={props.status} />
        <button type="submit">Show</button>
      </form>
      <p class="muted" aria-live="polite">
        {props.total} {props.total === 1 ? "course" : "courses"}
      </p>
      <Table
        rows={props.courses}
        columns={COURSE_COLUMNS}
        empty={null}
        rowAttributes={(course) => ({ "data-course-id": course.id })}
      />
      <Pager page={props.page} pageCount={props.pageCount} href={href} />
    </div>
  );
}

export function MyCoursesView({ courses, heading }: { courses: CourseSummary[]; heading: string }) {
  return (
    <div class="stack" id="my-courses">
      <h1>{heading}</h1>
      {courses.length === 0 ? (
        <p class="muted">No courses yet. The centre enrols students in their courses.</p>
      ) : (
        <ul class="grid plain-list">
          {courses.map((course) => (
            <li class="card" data-course-id={course.id}>
              <h2>
                <a href={`/courses/${course.id}`}>{course.title}</a>
              </h2>
              {course.summary && <p class="muted">{course.summary}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface CourseFormProps {
  csrfToken: string;
  /** Absent for a new course. */
  courseId?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function CourseFormView({ csrfToken, courseId, values, errors }: CourseFormProps) {
  return (
    <FormCard
      heading={courseId ? "Edit the course" : "New course"}
      action={courseId ? `/courses/${courseId}` : "/courses"}
      csrfToken={csrfToken}
      submit={courseId ? "Save" : "Create the course"}
      back={courseId ? `/courses/${courseId}` : "/courses"}
    >
      <Field name="title" label="Title" value={values.title} error={errors.title} required maxlength={200} />
      <TextArea
        name="summary"
        label="Summary"
        hint="One or two sentences students see on their course list."
        value={values.summary}
        error={errors.summary}
        rows={3}
      />
    </FormCard>
  );
}
