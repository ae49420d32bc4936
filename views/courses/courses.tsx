import type { ContentStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { Field, Select, TextArea } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import { type Column, Table } from "../components/table";
import { FormCard, StatusBadge, statusLabel } from "./parts";

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
  /** Counted up to totalCap: at the cap the list says "more than" rather than a number it did not read. */
  total: number;
  totalCap: number;
  /** The pages either side, keeping the status filter. */
  links: ListLinks;
  status: string;
  canCreate: boolean;
}

const STATUSES: ContentStatus[] = ["draft", "published", "archived"];

function statusFilter() {
  return [
    { value: "", label: t("courses.filter.anyStatus") },
    ...STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
  ];
}

function courseColumns(): Column<CourseListItem>[] {
  return [
    {
      header: t("courses.column.course"),
      cell: (course) => (
        <>
          <a href={`/courses/${course.id}`}>{course.title}</a>
          {course.summary && <p class="muted">{course.summary}</p>}
        </>
      ),
    },
    {
      header: t("courses.column.status"),
      cell: (course) => <StatusBadge status={course.status} label={course.statusLabel} />,
    },
  ];
}

export function CourseListView(props: CourseListProps) {
  return (
    <div class="stack" id="courses">
      <div class="row">
        <h1>{t("courses.title.list")}</h1>
        {props.canCreate && (
          <a class="button" href="/courses/new">
            {t("courses.title.new")}
          </a>
        )}
      </div>
      <form class="card row filters" method="get" action="/courses">
        <Select name="status" label={t("courses.column.status")} options={statusFilter()} value={props.status} />
        <button type="submit">{t("courses.filter.show")}</button>
      </form>
      <p class="muted" aria-live="polite">
        {props.total >= props.totalCap
          ? t("courses.countMany", { count: props.totalCap - 1 })
          : t("courses.count", { count: props.total })}
      </p>
      <Table
        rows={props.courses}
        columns={courseColumns()}
        empty={null}
        rowAttributes={(course) => ({ "data-course-id": course.id })}
      />
      <LinksPager links={props.links} />
    </div>
  );
}

export function MyCoursesView({ courses, heading }: { courses: CourseSummary[]; heading: string }) {
  return (
    <div class="stack" id="my-courses">
      <h1>{heading}</h1>
      {courses.length === 0 ? (
        <p class="muted">{t("courses.mine.empty")}</p>
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
      heading={t(courseId ? "courses.title.edit" : "courses.title.new")}
      action={courseId ? `/courses/${courseId}` : "/courses"}
      csrfToken={csrfToken}
      submit={t(courseId ? "common.form.save" : "courses.form.create")}
      back={courseId ? `/courses/${courseId}` : "/courses"}
    >
      <Field
        name="title"
        label={t("courses.field.title")}
        value={values.title}
        error={errors.title}
        required
        maxlength={200}
      />
      <TextArea
        name="summary"
        label={t("courses.field.summary")}
        hint={t("courses.field.summaryHint")}
        value={values.summary}
        error={errors.summary}
        rows={3}
      />
    </FormCard>
  );
}
