import { db } from "../../platform/db";
import { currentLocale, isLocale, type Locale, withLocalisation } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { BUCKETS, centreObjectKey, storage } from "../../platform/storage";
import type { NamedPerson } from "../classes";
import { parentsOf, personById } from "../people";
import { studentReportPdf } from "./batch";
import type { ReleaseContext } from "./release-context";

/**
 * A released term report is what the family was sent. Each student's PDF is drawn once per
 * language — by the worker just after the release, in the language of each of the student's
 * parents, or at the first download in another language — and kept in the documents bucket.
 * Later downloads read it back: drawing one takes 1–2 s of a web process's time (fonts, layout,
 * compression), and its figures (attendance, scores) would otherwise move after the release.
 */
function releasedReportKey(centreId: string, releaseId: string, studentId: string, locale: Locale): string {
  return `${centreObjectKey(centreId, "term-reports", releaseId)}/${studentId}.${locale}.pdf`;
}

type ReportCentre = Pick<CentreContext, "id" | "name" | "timeZone">;

/** The student's released report in the language in force, kept after it is first drawn. */
export async function releasedReportPdf(
  centre: ReportCentre,
  context: ReleaseContext,
  student: NamedPerson,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = releasedReportKey(centre.id, context.release.id, student.id, currentLocale());
  const kept = await storage.get(BUCKETS.documents, key);
  if (kept) return new Uint8Array(kept.bytes);
  const pdf = await studentReportPdf(centre, context.period, context.group, student);
  await storage.put(BUCKETS.documents, key, pdf, "application/pdf");
  return pdf;
}

/**
 * The worker's half: every student of the release, in each language their parents read (their
 * own, else the centre's), drawn and kept before the parents are told. A report already kept
 * (a second delivery of the event) is left as it is.
 */
export async function keepReleasedReports(
  centre: ReportCentre & Pick<CentreContext, "locale">,
  context: ReleaseContext,
  studentIds: string[],
): Promise<void> {
  for (const studentId of studentIds) {
    const student = await personById(db, centre.id, studentId);
    if (!student) continue;
    const parents = await parentsOf(db, centre.id, studentId);
    const locales = new Set(parents.map((parent) => (isLocale(parent.locale) ? parent.locale : centre.locale)));
    for (const locale of locales) {
      const key = releasedReportKey(centre.id, context.release.id, studentId, locale);
      if (await storage.stat(BUCKETS.documents, key)) continue;
      await withLocalisation({ locale, timeZone: centre.timeZone }, () =>
        releasedReportPdf(centre, context, { id: student.id, name: student.name }),
      );
    }
  }
}
