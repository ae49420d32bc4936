import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { type Centre, createCentre, type MarkingBacklog, markingBacklog } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { type PlanChoice, readsOf, totalRows } from "../../platform/db/rows-read";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { homeworkHistoryForStudent } from "./history";

/**
 * A student's homework history keyed by the student (issue 17): the progress charts and term
 * reports read the student's own submissions and each one's homework by key, however much
 * homework the rest of the centre has due in the range — under the plan made for the values and
 * under the generic plan a prepared statement can keep (postgres.js prepares every statement;
 * the old join's generic plan hashed the centre's homework in range: 9,600 rows at 4,000 students).
 */
let centre: Centre;
let centreId: CentreId;
let backlog: MarkingBacklog;
let studentId: string;
const OTHER_TUTORS = 40;
const OTHER_HOMEWORK = 20;
const OWN_HOMEWORK = 30;
const DAY = 86_400_000;
const range = { from: new Date(Date.now() - 365 * DAY), to: new Date(Date.now() + DAY) };

beforeAll(async () => {
  centre = await createCentre({ label: "history-reads" });
  centreId = trustedCentreId(centre.id);
  // 40 other tutors' classes with 20 homework each, all due yesterday: 800 pieces in the range that
  // are not the student's; the student's class has 30.
  backlog = await markingBacklog(centre, {
    otherTutors: OTHER_TUTORS,
    students: 3,
    homework: OTHER_HOMEWORK,
    ownStudents: 3,
    ownHomework: OWN_HOMEWORK,
  });
  const { rows } = await sql<{ id: string }>`
    select student_id as id from class_members where class_id = ${backlog.ownClassId}::uuid order by student_id limit 1`.execute(
    db,
  );
  studentId = rows[0]?.id as string;
  // Theirs but not counted: a withdrawn piece, and one due before the range.
  await sql`
    with set as (
      insert into homework (centre_id, title, kind, course_id, class_id, set_by, due_at, status)
      select centre_id, t.title, 'exercises', course_id, id, tutor_id, t.due, t.status from classes,
        (values ('Withdrawn', now() - interval '2 days', 'withdrawn'), ('Long ago', now() - interval '400 days', 'active')) t(title, due, status)
      where id = ${backlog.ownClassId}::uuid
      returning id, centre_id)
    insert into submissions (centre_id, homework_id, student_id, status, max_score)
    select centre_id, id, ${studentId}::uuid, 'not_started', 10 from set`.execute(db);
}, 120_000);

describe("a student's homework history", () => {
  test("is their active homework due in the range, oldest first, with its course", async () => {
    const history = await homeworkHistoryForStudent(centreId, studentId, range);
    const { rows } = await sql<{ due_at: Date; status: string }>`
      select h.due_at, s.status from submissions s join homework h on h.id = s.homework_id
      where s.centre_id = ${centre.id}::uuid and s.student_id = ${studentId}::uuid and h.status = 'active'
        and h.due_at >= ${range.from} and h.due_at < ${range.to}
      order by h.due_at, h.id`.execute(db);
    expect(history).toHaveLength(OWN_HOMEWORK);
    expect(history.map((item) => [item.dueAt.getTime(), String(item.status)])).toEqual(
      rows.map((row) => [row.due_at.getTime(), row.status]),
    );
    expect(history.every((item) => item.courseTitle?.startsWith("Backlog") && item.maxScore === 10)).toBe(true);
  });

  for (const plan of ["custom", "generic", "cached"] as PlanChoice[])
    test(`reads the student's own rows, not the centre's homework in the range (${plan} plan)`, async () => {
      const [read = {}, ...more] = await readsOf(db, () => homeworkHistoryForStudent(centreId, studentId, range), plan);
      expect(more).toHaveLength(0);
      const own = OWN_HOMEWORK + 2;
      // Their submissions, then each one's homework by key: once each; never the 800 other pieces.
      for (const table of ["submissions", "homework"])
        expect({ table, within: (read[table] ?? 0) <= 2 * own, read }).toEqual({ table, within: true, read });
      expect(totalRows(read) - (read.courses ?? 0)).toBeLessThan((OTHER_TUTORS * OTHER_HOMEWORK) / 4);
    });
});
