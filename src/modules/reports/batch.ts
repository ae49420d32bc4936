import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import type { CentreId } from "../../platform/tenancy";
import { type ClassRecord, classById, type NamedPerson, studentsOfClass } from "../classes";
import { generateFileExport } from "../exports";
import { commentsFor, type PeriodRow, periodById } from "./queries";
import { termReportsPdf } from "./report-pdf";
import { termReportsOf } from "./term-report";

/** The PDF's title: the period, and the student or the class it is for. */
function documentTitle(period: PeriodRow, who: string): string {
  return t("pdf.termReport.documentTitle", { period: period.name, name: who });
}

/** One student's report for a period and class, as a PDF in the language of the work in progress. */
export async function studentReportPdf(
  centre: Pick<CentreContext, "id" | "name" | "timeZone">,
  period: PeriodRow,
  group: ClassRecord,
  student: NamedPerson,
): Promise<Uint8Array<ArrayBuffer>> {
  const comments = await commentsFor(db, centre.id, period.id, group.id);
  const reports = await termReportsOf(centre, period, group, [student], comments);
  return termReportsPdf(reports, { title: documentTitle(period, student.name), author: centre.name });
}

/**
 * The worker's half of a class batch: every student's report in one PDF in the exports bucket,
 * with the count done so far sent live to the head tutor who asked for it.
 */
export async function makeClassBatch(
  centreId: CentreId,
  payload: { exportId: string; periodId: string; classId: string },
): Promise<void> {
  await generateFileExport(centreId, payload.exportId, () => ({
    originalName: `term-reports-${payload.classId.slice(0, 8)}.pdf`,
    contentType: "application/pdf",
    produce: async (progress) => {
      const [centre, period, group, students, comments] = await Promise.all([
        loadCentreContext(centreId),
        periodById(db, centreId, payload.periodId),
        classById(centreId, payload.classId),
        studentsOfClass(centreId, payload.classId),
        commentsFor(db, centreId, payload.periodId, payload.classId),
      ]);
      if (!centre || !period || !group) throw new Error("the period or class of a term report batch is gone");
      const found = { centre, period, group };
      // One student at a time, so the PDF grows as the figures come and progress is live.
      async function* reports() {
        for (const student of students)
          yield* await termReportsOf(found.centre, found.period, found.group, [student], comments);
      }
      return termReportsPdf(reports(), { title: documentTitle(period, group.name), author: centre.name }, progress);
    },
  }));
}
