import { Elysia } from "elysia";
import { z } from "zod";
import { ClassReportsView, PeriodsView, PeriodView } from "../../../views/reports/reports";
import { isLocalDate } from "../../platform/calendar";
import { dbRead } from "../../platform/db";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { bindForm, type FormFailure } from "../../platform/forms";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { formatDate, lazy, t } from "../../platform/i18n";
import { outranks, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, confirmPage, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { activeClasses, classesForTutor, studentsOfClass } from "../classes";
import { fileExportDownloadUrl, latestExportOf } from "../exports";
import { studentReportPdf } from "./batch";
import { chartRoutes } from "./chart-routes";
import { childReportRoutes } from "./child-routes";
import { commentsFor, periodById, periodsOf, releaseOf, releasesOfPeriod, writtenCounts } from "./queries";
import { pdfResponse } from "./route-helpers";
import {
  type ClassInPeriod,
  type CommentInput,
  classInPeriod,
  createPeriod,
  releaseReports,
  requestClassBatch,
  saveComments,
} from "./service";
import { periodDates } from "./term-report";

const COMMENT_MAX = 4000;
const NEXT_STEPS_MAX = 2000;
const MAX_PERIOD_DAYS = 366;

const uuid = (message: Parameters<typeof lazy>[0]) => z.uuid({ error: lazy(message) });
const periodParams = z.object({ id: uuid("reports.periodNotFound") });
const classParams = z.object({ id: uuid("reports.periodNotFound"), classId: uuid("reports.classNotFound") });
const previewParams = classParams.extend({ studentId: uuid("reports.studentNotFound") });
const batchParams = z.object({ id: uuid("exports.notFound") });
const doneQuery = z.object({ done: z.enum(["saved", "released", "batch"]).optional().catch(undefined) });

const day = (format: Parameters<typeof lazy>[0]) =>
  z.string({ error: lazy(format) }).refine(isLocalDate, { error: lazy(format) });
const periodForm = z
  .object({
    name: z
      .string({ error: lazy("reports.error.name") })
      .trim()
      .min(1, { error: lazy("reports.error.name") })
      .max(120, { error: lazy("reports.error.nameLong") }),
    startsOn: day("reports.error.startsOn"),
    endsOn: day("reports.error.endsOn"),
  })
  .refine((value) => value.startsOn <= value.endsOn, { path: ["endsOn"], error: lazy("reports.error.order") })
  .refine((value) => Date.parse(value.endsOn) - Date.parse(value.startsOn) <= MAX_PERIOD_DAYS * 86_400_000, {
    path: ["endsOn"],
    error: lazy("reports.error.tooLong"),
  });

interface Context {
  actor: Actor;
  page: PageRenderer;
  csrfToken: string;
}

async function periodsPage(context: Context, failure?: FormFailure) {
  const periods = await periodsOf(dbRead, context.actor.centreId);
  return context.page(
    <PeriodsView
      periods={periods.map((period) => ({ id: period.id, name: period.name, dates: periodDates(period) }))}
      canCreate={roleHas(context.actor.role, "term_report.period_create")}
      values={failure?.values ?? {}}
      errors={failure?.errors ?? {}}
      csrfToken={context.csrfToken}
    />,
    { title: t("reports.periods.title"), status: failure?.status },
  );
}

async function periodPage(context: Context, periodId: string) {
  const { actor } = context;
  const period = await periodById(dbRead, actor.centreId, periodId);
  if (!period) throw new NotFoundError(t("reports.periodNotFound"));
  const seesAll = outranks(actor.role, "tutor");
  const classes = await (seesAll ? activeClasses(actor.centreId) : classesForTutor(actor.centreId, actor.userId));
  const classIds = classes.map((group) => group.id);
  const [written, released] = await Promise.all([
    writtenCounts(dbRead, actor.centreId, periodId, classIds),
    releasesOfPeriod(dbRead, actor.centreId, periodId, classIds),
  ]);
  const lines = await Promise.all(
    classes.map(async (group) => {
      const release = released.find((row) => row.classId === group.id);
      return {
        classId: group.id,
        className: group.name,
        courseTitle: group.courseTitle,
        tutorName: group.tutorName,
        written: written.find((row) => row.classId === group.id)?.written ?? 0,
        students: (await studentsOfClass(actor.centreId, group.id)).length,
        released: release ? formatDate(release.releasedAt) : null,
      };
    }),
  );
  const summary = { id: period.id, name: period.name, dates: periodDates(period) };
  return context.page(<PeriodView period={summary} classes={lines} />, { title: period.name });
}

const NOTICES = {
  saved: "reports.class.saved",
  released: "reports.class.released",
  batch: "reports.class.batchAsked",
} as const;

/** The release's confirmation: the class, the period, how many reports and comments go to parents. */
async function confirmRelease(context: ConfirmContext): Promise<Confirmation> {
  const { id, classId } = parseInput(classParams, context.params);
  const { period, group, students } = await classInPeriod(context.actor, id, classId);
  // Nothing to ask once released: a second release is refused as the service refuses it.
  if (await releaseOf(dbRead, context.actor.centreId, id, classId))
    throw new ConflictError(t("reports.alreadyReleased"));
  const comments = await commentsFor(dbRead, context.actor.centreId, id, classId);
  return {
    question: t("reports.release.title", { className: group.name, period: period.name }),
    consequence: `${t("reports.release.what", { students: students.length, written: comments.length })} ${t("reports.release.final")}`,
    action: t("reports.release.confirm"),
    back: `/reports/${id}/classes/${classId}`,
    done: t("reports.release.done", { className: group.name }),
  };
}

async function classPage(
  context: Context,
  found: ClassInPeriod,
  options: { done?: keyof typeof NOTICES; failure?: FormFailure } = {},
) {
  const { actor } = context;
  const { period, group, students } = found;
  const [comments, release, batch] = await Promise.all([
    commentsFor(dbRead, actor.centreId, period.id, group.id),
    releaseOf(dbRead, actor.centreId, period.id, group.id),
    latestExportOf(actor.centreId, "term_reports", { periodId: period.id, classId: group.id }),
  ]);
  const typed = options.failure?.values ?? {};
  const base = `/reports/${period.id}/classes/${group.id}`;
  return context.page(
    <ClassReportsView
      period={{ id: period.id, name: period.name, dates: periodDates(period) }}
      classId={group.id}
      className={group.name}
      courseTitle={group.courseTitle}
      students={students.map((student) => {
        const saved = comments.find((row) => row.studentId === student.id);
        return {
          studentId: student.id,
          name: student.name,
          comment: typed[`comment:${student.id}`] ?? saved?.comment ?? "",
          nextSteps: typed[`next:${student.id}`] ?? saved?.nextSteps ?? "",
          previewHref: `${base}/students/${student.id}/report.pdf`,
        };
      })}
      released={release ? formatDate(release.releasedAt) : null}
      canRelease={roleHas(actor.role, "term_report.release")}
      batch={batch ?? null}
      errors={options.failure?.errors ?? {}}
      notice={options.done ? t(NOTICES[options.done]) : null}
      csrfToken={context.csrfToken}
    />,
    {
      title: t("reports.class.title", { className: group.name, period: period.name }),
      status: options.failure?.status,
    },
  );
}

/** The comment fields of the form, for the class's students only; each too long a text is named. */
function commentEntries(body: unknown, students: { id: string; name: string }[]): CommentInput[] {
  const fields = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string).trim() : "");
  const errors: Record<string, string> = {};
  const entries: CommentInput[] = [];
  for (const student of students) {
    if (!(`comment:${student.id}` in fields) && !(`next:${student.id}` in fields)) continue;
    const entry = {
      studentId: student.id,
      comment: text(`comment:${student.id}`),
      nextSteps: text(`next:${student.id}`),
    };
    if (entry.comment.length > COMMENT_MAX || entry.nextSteps.length > NEXT_STEPS_MAX)
      errors[student.id] = t("reports.error.tooLongFor", {
        name: student.name,
        comment: COMMENT_MAX,
        next: NEXT_STEPS_MAX,
      });
    entries.push(entry);
  }
  const named = new Set(students.map((student) => student.id));
  const strangers = Object.keys(fields).filter(
    (key) => /^(comment|next):/.test(key) && !named.has(key.slice(key.indexOf(":") + 1)),
  );
  if (strangers.length > 0) errors.form = t("reports.notInClass");
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return entries;
}

/**
 * Term reports for staff (tutors write, head tutors add periods, release and make the class PDF)
 * with each route's permission beside its path and the class check in the service; then the
 * progress charts and the parents' routes, as the module's one instance.
 */
const staffReportRoutes = new Elysia({ name: "staff-report-routes" })
  .use(guard)
  .get("/reports", (context) => periodsPage(context), { permission: "term_report.write" })
  .post(
    "/reports",
    (context) =>
      bindForm(periodForm, context.body, {
        valid: async (input) => redirectTo(context.request, `/reports/${await createPeriod(context.actor, input)}`),
        invalid: (failure) => periodsPage(context, failure),
      }),
    { permission: "term_report.period_create" },
  )
  .get("/reports/:id", (context) => periodPage(context, parseInput(periodParams, context.params).id), {
    permission: "term_report.write",
  })
  .get(
    "/reports/:id/classes/:classId",
    async (context) => {
      const { id, classId } = parseInput(classParams, context.params);
      const { done } = parseInput(doneQuery, context.query);
      return classPage(context, await classInPeriod(context.actor, id, classId), { done });
    },
    { permission: "term_report.write" },
  )
  .post(
    "/reports/:id/classes/:classId",
    async (context) => {
      const { id, classId } = parseInput(classParams, context.params);
      const found = await classInPeriod(context.actor, id, classId);
      return bindForm(null, context.body, {
        valid: async () => {
          await saveComments(context.actor, id, classId, commentEntries(context.body, found.students));
          return redirectTo(context.request, `/reports/${id}/classes/${classId}?done=saved`);
        },
        invalid: (failure) => classPage(context, found, { failure }),
      });
    },
    { permission: "term_report.write" },
  )
  .get(
    "/reports/:id/classes/:classId/students/:studentId/report.pdf",
    async ({ params, actor }) => {
      const { id, classId, studentId } = parseInput(previewParams, params);
      const { period, group, students } = await classInPeriod(actor, id, classId);
      const student = students.find((member) => member.id === studentId);
      if (!student) throw new NotFoundError(t("reports.studentNotFound"));
      return pdfResponse(
        await studentReportPdf(actor.centre, period, group, student),
        `term-report-${studentId.slice(0, 8)}.pdf`,
      );
    },
    { permission: "term_report.write" },
  )
  .get(
    "/reports/:id/classes/:classId/release",
    async (context) => {
      const { id, classId } = parseInput(classParams, context.params);
      // Released already: nothing left to confirm.
      if (await releaseOf(dbRead, context.actor.centreId, id, classId))
        return redirectTo(context.request, `/reports/${id}/classes/${classId}`);
      return confirmPage(context, await confirmRelease(context));
    },
    { permission: "term_report.release" },
  )
  .post(
    "/reports/:id/classes/:classId/release",
    async ({ params, actor, request }) => {
      const { id, classId } = parseInput(classParams, params);
      await releaseReports(actor, id, classId);
      return redirectTo(request, `/reports/${id}/classes/${classId}?done=released`);
    },
    { permission: "term_report.release", confirm: confirmRelease },
  )
  .post(
    "/reports/:id/classes/:classId/batch",
    async (context) => {
      const { id, classId } = parseInput(classParams, context.params);
      const found = await classInPeriod(context.actor, id, classId);
      return bindForm(null, context.body, {
        valid: async () => {
          await requestClassBatch(context.actor, id, classId);
          return redirectTo(context.request, `/reports/${id}/classes/${classId}?done=batch`);
        },
        invalid: (failure) => classPage(context, found, { failure }),
      });
    },
    { permission: "term_report.release" },
  )
  .get(
    "/reports/batches/:id/download",
    async ({ params, actor }) => {
      const { id } = parseInput(batchParams, params);
      const url = await fileExportDownloadUrl(actor, "term_reports", id);
      return new Response(null, { status: 303, headers: { location: url, "cache-control": "no-store" } });
    },
    { permission: "term_report.release" },
  );

export const reportRoutes = new Elysia({ name: "report-routes" })
  .use(chartRoutes)
  .use(staffReportRoutes)
  .use(childReportRoutes);
