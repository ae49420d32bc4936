import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PeriodRow {
  id: string;
  name: string;
  /** Inclusive local dates, "YYYY-MM-DD". */
  startsOn: string;
  endsOn: string;
}

function periods(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "reporting_periods", centreId).select([
    "id",
    "name",
    (eb) => eb.cast<string>("starts_on", "text").as("startsOn"),
    (eb) => eb.cast<string>("ends_on", "text").as("endsOn"),
  ]);
}

/** The centre's reporting periods, latest first. */
export function periodsOf(db: Kysely<Database>, centreId: CentreId): Promise<PeriodRow[]> {
  return periods(db, centreId).orderBy("starts_on", "desc").orderBy("id").limit(200).execute();
}

export async function periodById(db: Kysely<Database>, centreId: CentreId, id: string): Promise<PeriodRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return periods(db, centreId).where("id", "=", id).executeTakeFirst();
}

export interface CommentRow {
  studentId: string;
  comment: string;
  nextSteps: string;
}

export function commentsFor(
  db: Kysely<Database>,
  centreId: CentreId,
  periodId: string,
  classId: string,
): Promise<CommentRow[]> {
  return selectFromTenant(db, "term_report_comments", centreId)
    .where("period_id", "=", periodId)
    .where("class_id", "=", classId)
    .select(["student_id as studentId", "comment", "next_steps as nextSteps"])
    .execute();
}

/**
 * How many students of each of these classes have a comment for the period. Asked for the classes
 * the page lists (a tutor's own, by term_report_comments_pkey), not the centre's: a tutor's period
 * page read every comment of the period, 4,000 at 4,000 students, to show their two classes.
 */
export async function writtenCounts(
  db: Kysely<Database>,
  centreId: CentreId,
  periodId: string,
  classIds: string[],
): Promise<{ classId: string; written: number }[]> {
  if (classIds.length === 0) return [];
  return selectFromTenant(db, "term_report_comments", centreId)
    .where("period_id", "=", periodId)
    .where("class_id", "in", classIds)
    .groupBy("class_id")
    .select(["class_id as classId", (eb) => eb.fn.countAll<string>().as("written")])
    .execute()
    .then((rows) => rows.map((row) => ({ classId: row.classId, written: Number(row.written) })));
}

export interface ReleaseRow {
  id: string;
  periodId: string;
  classId: string;
  releasedAt: Date;
}

function releases(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "term_report_releases", centreId).select([
    "id",
    "period_id as periodId",
    "class_id as classId",
    "released_at as releasedAt",
  ]);
}

/** The period's releases of these classes (the page's, by term_report_releases_once). */
export async function releasesOfPeriod(
  db: Kysely<Database>,
  centreId: CentreId,
  periodId: string,
  classIds: string[],
): Promise<ReleaseRow[]> {
  if (classIds.length === 0) return [];
  return releases(db, centreId).where("period_id", "=", periodId).where("class_id", "in", classIds).execute();
}

export function releaseOf(
  db: Kysely<Database>,
  centreId: CentreId,
  periodId: string,
  classId: string,
): Promise<ReleaseRow | undefined> {
  return releases(db, centreId).where("period_id", "=", periodId).where("class_id", "=", classId).executeTakeFirst();
}

export async function releaseById(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<ReleaseRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return releases(db, centreId).where("id", "=", id).executeTakeFirst();
}

/** Released reports of the classes the student is in (or was in, with a comment written), newest first. */
export function releasesForStudent(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<ReleaseRow[]> {
  return releases(db, centreId)
    .where((eb) =>
      eb.or([
        eb(
          "class_id",
          "in",
          selectFromTenant(db, "class_members", centreId).where("student_id", "=", studentId).select("class_id"),
        ),
        eb.exists(
          selectFromTenant(db, "term_report_comments", centreId)
            .where(sql<boolean>`term_report_comments.period_id = term_report_releases.period_id`)
            .where(sql<boolean>`term_report_comments.class_id = term_report_releases.class_id`)
            .where("term_report_comments.student_id", "=", studentId)
            .select("term_report_comments.student_id"),
        ),
      ]),
    )
    .orderBy("released_at", "desc")
    .execute();
}
