import { Elysia } from "elysia";
import { z } from "zod";
import { ProgressView } from "../../../views/dashboards/dashboards";
import { dbRead } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { tutorTeachesStudent } from "../classes";
import { isGuardianOf, personById } from "../people";
import { progressChartsPath } from "../reports";
import { progressReportPath } from "./report-routes";
import { studentProgress } from "./service";

const studentParams = z.object({ studentId: z.uuid({ error: lazy("dashboards.studentNotFound") }) });
/** `/students/:id/...` shares its parameter name with the other per-student staff pages. */
const staffStudentParams = z.object({ id: z.uuid({ error: lazy("dashboards.studentNotFound") }) });

async function studentOf(actor: Actor, studentId: string) {
  const person = await personById(dbRead, actor.centreId, studentId);
  if (person?.role !== "student") throw new NotFoundError(t("dashboards.notInCentre"));
  return { id: person.id, name: person.name };
}

async function renderProgress(page: PageRenderer, actor: Actor, student: { id: string; name: string }) {
  const progress = await studentProgress(actor.centre, student);
  return page(
    <ProgressView
      {...progress}
      reportHref={progressReportPath(actor.role, student.id)}
      chartsHref={progressChartsPath(actor.role, student.id)}
      termReportsHref={actor.role === "parent" ? `/children/${student.id}/reports` : null}
    />,
    { title: t("dashboards.progress.title", { name: student.name }) },
  );
}

/**
 * Progress is visible to the student, their parents and their tutors only: three routes, one
 * permission each, and the row-level check beside it.
 */
export const progressRoutes = new Elysia({ name: "progress-routes" })
  .use(guard)
  .get(
    "/progress",
    async ({ page, actor }) => {
      return renderProgress(page, actor, await studentOf(actor, actor.userId));
    },
    { permission: "progress.read_own" },
  )
  .get(
    "/children/:studentId/progress",
    async ({ params, page, actor }) => {
      const { studentId } = parseInput(studentParams, params);
      if (!(await isGuardianOf(dbRead, actor.centreId, actor.userId, studentId))) {
        throw new NotFoundError(t("dashboards.notYourChild"));
      }
      return renderProgress(page, actor, await studentOf(actor, studentId));
    },
    { permission: "progress.read_child" },
  )
  .get(
    "/students/:id/progress",
    async ({ params, page, actor }) => {
      const { id: studentId } = parseInput(staffStudentParams, params);
      // Tutors see the students they teach; head tutors and above see every student.
      const seesAll = outranks(actor.role, "tutor");
      if (!seesAll && !(await tutorTeachesStudent(actor.centreId, actor.userId, studentId))) {
        throw new NotFoundError(t("dashboards.notYourStudent"));
      }
      return renderProgress(page, actor, await studentOf(actor, studentId));
    },
    { permission: "progress.read" },
  );
