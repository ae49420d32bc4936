import { Elysia } from "elysia";
import { z } from "zod";
import { ChildReportsView } from "../../../views/reports/reports";
import { dbRead } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { formatDate, lazy, t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { isGuardianOf } from "../people";
import { releasesForStudent } from "./queries";
import { releaseContext } from "./release-context";
import { releasedReportPdf } from "./released";
import { pdfResponse, studentOf } from "./route-helpers";
import { periodDates } from "./term-report";

const studentParams = z.object({ studentId: z.uuid({ error: lazy("reports.studentNotFound") }) });
const childReportParams = studentParams.extend({ id: z.uuid({ error: lazy("reports.reportNotFound") }) });

/** A parent's view of their child's released term reports, served through the app after the checks (kept as released: released.ts). */
export const childReportRoutes = new Elysia({ name: "child-report-routes" })
  .use(guard)
  .get(
    "/children/:studentId/reports",
    async ({ params, page, actor }) => {
      const { studentId } = parseInput(studentParams, params);
      if (!(await isGuardianOf(dbRead, actor.centreId, actor.userId, studentId)))
        throw new NotFoundError(t("dashboards.notYourChild"));
      const student = await studentOf(actor, studentId);
      const releases = await releasesForStudent(dbRead, actor.centreId, studentId);
      const contexts = await Promise.all(releases.map((release) => releaseContext(actor.centreId, release.id)));
      const reports = contexts
        .filter((context) => context !== undefined)
        .map(({ release, period, group }) => ({
          id: release.id,
          periodName: period.name,
          dates: periodDates(period),
          className: group.name,
          courseTitle: group.courseTitle,
          released: formatDate(release.releasedAt),
        }));
      return page(<ChildReportsView studentId={studentId} studentName={student.name} reports={reports} />, {
        title: t("reports.child.title", { name: student.name }),
      });
    },
    { permission: "term_report.read_child" },
  )
  .get(
    "/children/:studentId/reports/:id",
    async ({ params, actor }) => {
      const { studentId, id } = parseInput(childReportParams, params);
      if (!(await isGuardianOf(dbRead, actor.centreId, actor.userId, studentId)))
        throw new NotFoundError(t("reports.reportNotFound"));
      // Only a released report of a class the child is (or was, with a comment) in.
      const released = await releasesForStudent(dbRead, actor.centreId, studentId);
      const context = released.some((release) => release.id === id)
        ? await releaseContext(actor.centreId, id)
        : undefined;
      if (!context) throw new NotFoundError(t("reports.reportNotFound"));
      const student = await studentOf(actor, studentId);
      const pdf = await releasedReportPdf(actor.centre, context, student);
      return pdfResponse(pdf, `term-report-${studentId.slice(0, 8)}-${id.slice(0, 8)}.pdf`);
    },
    { permission: "term_report.read_child" },
  );
