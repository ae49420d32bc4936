import { Elysia } from "elysia";
import { z } from "zod";
import { ProgressChartsView } from "../../../views/reports/progress";
import { dbRead } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { tutorTeachesStudent } from "../classes";
import { isGuardianOf } from "../people";
import { progressCharts } from "./progress";
import { studentOf } from "./route-helpers";

const studentParams = z.object({ studentId: z.uuid({ error: lazy("dashboards.studentNotFound") }) });
/** `/students/:id/...` shares its parameter name with the other per-student staff pages. */
const staffStudentParams = z.object({ id: z.uuid({ error: lazy("dashboards.studentNotFound") }) });

async function renderCharts(page: PageRenderer, actor: Actor, studentId: string, backHref: string) {
  const student = await studentOf(actor, studentId);
  const charts = await progressCharts(actor.centre, student.id, { xp: actor.centre.features.gamification });
  return page(<ProgressChartsView studentName={student.name} charts={charts} backHref={backHref} />, {
    title: t("reports.charts.title", { name: student.name }),
  });
}

/** A student's progress over time, for them, their parents and their tutors: the progress pages' rules. */
export const chartRoutes = new Elysia({ name: "report-chart-routes" })
  .use(guard)
  .get("/progress/charts", ({ page, actor }) => renderCharts(page, actor, actor.userId, "/progress"), {
    permission: "progress.read_own",
  })
  .get(
    "/children/:studentId/progress/charts",
    async ({ params, page, actor }) => {
      const { studentId } = parseInput(studentParams, params);
      if (!(await isGuardianOf(dbRead, actor.centreId, actor.userId, studentId)))
        throw new NotFoundError(t("dashboards.notYourChild"));
      return renderCharts(page, actor, studentId, `/children/${studentId}/progress`);
    },
    { permission: "progress.read_child" },
  )
  .get(
    "/students/:id/progress/charts",
    async ({ params, page, actor }) => {
      const { id: studentId } = parseInput(staffStudentParams, params);
      const seesAll = outranks(actor.role, "tutor");
      if (!seesAll && !(await tutorTeachesStudent(actor.centreId, actor.userId, studentId)))
        throw new NotFoundError(t("dashboards.notYourStudent"));
      return renderCharts(page, actor, studentId, `/students/${studentId}/progress`);
    },
    { permission: "progress.read" },
  );
