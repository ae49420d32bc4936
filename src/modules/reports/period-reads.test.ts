import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  classWith,
  createCentre,
  createCourse,
  reportingPeriod,
  type StudentPerson,
  signedInAs,
} from "../../../tests/support/fixtures";
import { analyzeAsOwner } from "../../../tests/support/owner-db";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { type PlanChoice, readsOf, totalRows } from "../../platform/db/rows-read";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { releasesOfPeriod, writtenCounts } from "./queries";

/**
 * A tutor's term-report period page keyed by its owner (issue 17, acceptance 1): the written
 * counts and releases of the tutor's own classes, however many classes the centre reports on. At
 * 4,000 students the page read every comment of the period (4,000) to show two classes.
 */
const app = createApp();
let centre: Centre;
let centreId: CentreId;
let periodId: string;
let ownClass: string;
let students: StudentPerson[];
const OTHER_CLASSES = 40;
const OTHERS_PER_CLASS = 10;
const EARLIER_TERMS = 20;

beforeAll(async () => {
  centre = await createCentre({ label: "period-reads" });
  centreId = trustedCentreId(centre.id);
  const courseId = await createCourse(centre, "Mathematics");
  students = [centre.people.student, await addPerson(centre, "student"), await addPerson(centre, "student")];
  ownClass = await classWith(centre, { tutor: centre.people.tutor, members: students, courseId, name: "Maths A" });
  periodId = await reportingPeriod(centre, { startsOn: "2026-09-01", endsOn: "2026-12-20" });
  // 40 other classes of the head tutor's, each with 10 students written about and released: 400
  // comments and 40 releases that are not the tutor's.
  await sql`
    insert into users (centre_id, role, name, student_code)
    select ${centreId}, 'student', 'Other ' || n, 'period-reads-' || n from generate_series(1, ${OTHER_CLASSES * OTHERS_PER_CLASS}) n`.execute(
    db,
  );
  await sql`
    insert into classes (centre_id, course_id, tutor_id, name, starts_on)
    select ${centreId}, ${courseId}, ${centre.people.head_tutor.id}, 'Other ' || lpad(k::text, 2, '0'), current_date
    from generate_series(1, ${OTHER_CLASSES}) k`.execute(db);
  await sql`
    insert into term_report_comments (centre_id, period_id, class_id, student_id, comment, next_steps, author_id)
    select ${centreId}, ${periodId}, c.id, u.id, 'Steady work.', 'Keep going.', c.tutor_id
    from classes c join users u on u.centre_id = c.centre_id
      and (substring(u.student_code from '[0-9]+$')::int - 1) / ${OTHERS_PER_CLASS} + 1 = substring(c.name from '[0-9]+$')::int
    where c.centre_id = ${centreId} and c.name like 'Other %' and u.student_code like 'period-reads-%'`.execute(db);
  await sql`
    insert into term_report_releases (centre_id, period_id, class_id, released_by)
    select ${centreId}, ${periodId}, id, tutor_id from classes where centre_id = ${centreId} and name like 'Other %'`.execute(
    db,
  );
  // Two of the tutor's three students are written about.
  await sql`
    insert into term_report_comments (centre_id, period_id, class_id, student_id, comment, next_steps, author_id)
    select ${centreId}, ${periodId}, ${ownClass}, id, 'Careful work.', 'Check each answer.', ${centre.people.tutor.id}
    from users where id in (${students[0]?.id}, ${students[1]?.id})`.execute(db);
  // Earlier terms, each released for every other class: a centre's releases outgrow a page or two,
  // as they do over a few years (with 40 rows the planner rightly reads the table whole).
  await sql`
    with earlier as (
      insert into reporting_periods (centre_id, name, starts_on, ends_on, created_by)
      select ${centreId}, 'Term ' || n, date '2020-01-01' + n * 100, date '2020-01-01' + n * 100 + 80, ${centre.people.head_tutor.id}
      from generate_series(1, ${EARLIER_TERMS}) n
      returning id
    )
    insert into term_report_releases (centre_id, period_id, class_id, released_by)
    select ${centreId}, earlier.id, c.id, c.tutor_id
    from earlier cross join classes c where c.centre_id = ${centreId} and c.name like 'Other %'`.execute(db);
  await analyzeAsOwner("term_report_comments", "term_report_releases");
}, 60_000);

describe("a tutor's term-report period", () => {
  test("counts and releases of the classes asked for, equal to the SQL definition", async () => {
    expect(await writtenCounts(db, centreId, periodId, [ownClass])).toEqual([{ classId: ownClass, written: 2 }]);
    expect(await releasesOfPeriod(db, centreId, periodId, [ownClass])).toEqual([]);
    const everyClass = await db.selectFrom("classes").select("id").where("centre_id", "=", centreId).execute();
    const ids = everyClass.map((row) => row.id);
    const written = await writtenCounts(db, centreId, periodId, ids);
    expect(written).toHaveLength(OTHER_CLASSES + 1);
    expect(written.reduce((sum, row) => sum + row.written, 0)).toBe(OTHER_CLASSES * OTHERS_PER_CLASS + 2);
    expect(await releasesOfPeriod(db, centreId, periodId, ids)).toHaveLength(OTHER_CLASSES);
    expect(await writtenCounts(db, centreId, periodId, [])).toEqual([]);
  });

  // Under the plan made for these values and under the generic one a prepared statement may keep.
  test.each(["custom", "generic"] as PlanChoice[])(
    "reads the tutor's own comments and releases, not the period's (%s plan)",
    async (plan) => {
      const reads = await readsOf(
        db,
        () =>
          Promise.all([
            writtenCounts(db, centreId, periodId, [ownClass]),
            releasesOfPeriod(db, centreId, periodId, [ownClass]),
          ]),
        plan,
      );
      expect(reads).toHaveLength(2);
      // The tutor's two comments (a bitmap scan counts its index's entries too), a release probe.
      for (const read of reads) expect(totalRows(read)).toBeLessThanOrEqual(2 * students.length);
    },
  );

  test("the page shows the tutor's class with its written count", async () => {
    const response = await send(app, "GET", `/reports/${periodId}`, await signedInAs(centre.people.tutor));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Maths A");
    expect(html).not.toContain("Other 01");
  });
});
