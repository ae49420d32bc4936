import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { addPerson, type Centre, classWith, createCentre, type StudentPerson } from "../../../tests/support/fixtures";
import { analyzeAsOwner } from "../../../tests/support/owner-db";
import { db } from "../../platform/db";
import { type PlanChoice, readsOf, totalRows } from "../../platform/db/rows-read";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { taughtStudents } from "./access";
import { threadsOfReader } from "./queries";

/**
 * A tutor's /messages keyed by its owner (issue 17, acceptance 1): the threads they are in and
 * those about the students they teach, found from those rows, however many threads the centre
 * holds. At 4,000 students the list read the centre's 4,000 threads and students for a tutor's 40.
 */
let centre: Centre;
let centreId: CentreId;
let students: StudentPerson[];
/** The tutor's threads: one about each student they teach, and two they were added to. */
let own: string[];
const OTHER_THREADS = 5000;

async function threadAbout(studentId: string, openedBy: string, subject: string): Promise<string> {
  const thread = await db
    .insertInto("message_threads")
    .values({ centre_id: centreId, student_id: studentId, subject, opened_by: openedBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("message_participants")
    .values({ centre_id: centreId, thread_id: thread.id, user_id: openedBy })
    .execute();
  return thread.id;
}

beforeAll(async () => {
  centre = await createCentre({ label: "thread-list" });
  centreId = trustedCentreId(centre.id);
  const tutor = centre.people.tutor;
  students = [centre.people.student, await addPerson(centre, "student"), await addPerson(centre, "student")];
  await classWith(centre, { tutor, members: students, name: "Maths A" });
  // 5,000 threads about 5,000 other students, opened by the head tutor, each student in theirs: none
  // of them the tutor's (participants spread over many people, as in a centre).
  await sql`
    insert into users (centre_id, role, name, student_code)
    select ${centreId}, 'student', 'Other ' || n, 'thread-list-' || n from generate_series(1, ${OTHER_THREADS}) n`.execute(
    db,
  );
  await sql`
    with opened as (
      insert into message_threads (centre_id, student_id, subject, opened_by, last_message_at)
      select ${centreId}, id, 'About ' || name, ${centre.people.head_tutor.id}, now() - interval '1 hour'
      from users where centre_id = ${centreId} and student_code like 'thread-list-%'
      returning id, student_id
    )
    insert into message_participants (centre_id, thread_id, user_id)
    select ${centreId}, id, student_id from opened`.execute(db);
  const taught = [];
  for (const student of students) taught.push(await threadAbout(student.id, centre.people.head_tutor.id, "Taught"));
  // Two threads about students the tutor does not teach, which they were added to.
  const [first, second] = await sql<{ id: string }>`
    select id from message_threads where centre_id = ${centreId} and subject like 'About %' order by id limit 2`
    .execute(db)
    .then((result) => result.rows.map((row) => row.id));
  await db
    .insertInto("message_participants")
    .values([first, second].map((id) => ({ centre_id: centreId, thread_id: id as string, user_id: tutor.id })))
    .execute();
  own = [...taught, first as string, second as string];
  await analyzeAsOwner("message_threads", "message_participants", "users");
}, 60_000);

const reader = () => ({ userId: centre.people.tutor.id, role: "tutor" as const, centreId });

describe("a tutor's threads", () => {
  test("are the threads they are in and those about their students, every one once", async () => {
    const page = await threadsOfReader(centreId, reader().userId, await taughtStudents(reader()), {});
    expect(new Set(page.rows.map((row) => row.id))).toEqual(new Set(own));
    expect(page.rows).toHaveLength(own.length);
    expect(page.next).toBeNull();
    // Someone in no thread who teaches nobody sees none.
    expect((await threadsOfReader(centreId, centre.people.centre_admin.id, [], {})).rows).toEqual([]);
  });

  // Under the plan made for these values and under the generic one a prepared statement may keep.
  test.each(["custom", "generic"] as PlanChoice[])(
    "are found from the tutor's rows, not by walking the centre's threads (%s plan)",
    async (plan) => {
      const students = await taughtStudents(reader());
      const [reads = {}] = await readsOf(db, () => threadsOfReader(centreId, reader().userId, students, {}), plan);
      // Each of the tutor's threads a few times over (found, fetched, its student, its read mark);
      // never the 5,000 others.
      const threads = (reads.message_threads ?? 0) + (reads.message_threads_pkey ?? 0);
      expect({ threads: threads <= 4 * own.length, reads }).toEqual({ threads: true, reads });
      expect(totalRows(reads)).toBeLessThan(OTHER_THREADS / 4);
    },
  );
});
