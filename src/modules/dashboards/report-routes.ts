import { Elysia } from "elysia";
import { z } from "zod";
import { dbRead } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { tutorTeachesStudent } from "../classes";
import { isGuardianOf, personById } from "../people";
import { progressReport } from "./report";
import { buildProgressReportPdf } from "./report-pdf";

const childParams = z.object({ studentId: z.uuid({ error: lazy("pdf.report.notFound") }) });
const staffParams = z.object({ id: z.uuid({ error: lazy("pdf.report.notFound") }) });

async function reportResponse(actor: Actor, studentId: string): Promise<Response> {
  const person = await personById(dbRead, actor.centreId, studentId);
  if (person?.role !== "student") throw new NotFoundError(t("pdf.report.notFound"));
  const now = new Date();
  const report = await progressReport(actor.centreId, { id: person.id, name: person.name }, now);
  const pdf = await buildProgressReportPdf(report, actor.centre.name, now);
  return new Response(pdf, {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="progress-report-${person.id.slice(0, 8)}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
}

/** The progress page as a PDF, for the student's parents and tutors; checks as on the progress pages. */
export const progressReportRoutes = new Elysia({ name: "progress-report-routes" })
  .use(guard)
  .get(
    "/children/:studentId/progress/report.pdf",
    async ({ params, actor }) => {
      const { studentId } = parseInput(childParams, params);
      if (!(await isGuardianOf(dbRead, actor.centreId, actor.userId, studentId))) {
        throw new NotFoundError(t("pdf.report.notFound"));
      }
      return reportResponse(actor, studentId);
    },
    { permission: "progress.report_child" },
  )
  .get(
    "/students/:id/progress/report.pdf",
    async ({ params, actor }) => {
      const { id: studentId } = parseInput(staffParams, params);
      // Tutors: the students they teach; head tutors and above: every student.
      const seesAll = outranks(actor.role, "tutor");
      if (!seesAll && !(await tutorTeachesStudent(actor.centreId, actor.userId, studentId))) {
        throw new NotFoundError(t("pdf.report.notFound"));
      }
      return reportResponse(actor, studentId);
    },
    { permission: "progress.report" },
  );

/** Where a viewer of a student's progress page downloads the report, if they may. */
export function progressReportPath(viewer: Actor["role"], studentId: string): string | null {
  if (viewer === "parent") return `/children/${studentId}/progress/report.pdf`;
  if (viewer === "student") return null;
  return `/students/${studentId}/progress/report.pdf`;
}
