/**
 * bun scripts/bench/scale-pages.ts --slug S
 *
 * Every page a tutor or a student can open (scripts/bench/scale-page-list.ts), with the ids of the
 * scale centre S (scripts/bench/scale-seed.ts --all-pages) that its first tutor and first
 * student would follow: their class, its latest homework, homework still open, a hand-in waiting
 * for a mark, a session, the term's reports, the class's announcement, a thread about the student.
 * Prints `route|path|WHO` lines (WHO is TUTOR or STUDENT) for scripts/bench/pages-scale.sh and
 * scripts/bench/scale-reads.ts, which measure each in a small and a large centre. Exits 1 naming
 * any page it has no id for, or whose row the seed did not make.
 */

import { parseArgs } from "node:util";
import { sql } from "kysely";
import { createApp } from "../../src/app";
import { db } from "../../src/platform/db";
import { redis } from "../../src/platform/redis";
import { type ScaleIds, scalePages } from "./scale-page-list";

const { values } = parseArgs({ options: { slug: { type: "string" } }, strict: true });
if (!values.slug) {
  console.error("usage: bun scripts/bench/scale-pages.ts --slug <scale centre slug>");
  process.exit(2);
}

const centre = await db.selectFrom("centres").select("id").where("slug", "=", values.slug).executeTakeFirst();
if (!centre) {
  console.error(`no centre ${values.slug}: run scripts/bench/scale-seed.ts first`);
  process.exit(2);
}
const inCentre = centre.id;
const group = await db
  .selectFrom("classes")
  .select(["id", "course_id"])
  .where("centre_id", "=", inCentre)
  .where("name", "=", "Class 0001")
  .executeTakeFirstOrThrow();
const student = await db
  .selectFrom("users")
  .select("id")
  .where("centre_id", "=", inCentre)
  .where("student_code", "=", "SC00001")
  .executeTakeFirstOrThrow();
const homework = await db
  .selectFrom("homework")
  .select("id")
  .where("class_id", "=", group.id)
  .where("due_at", "<", new Date())
  .orderBy("due_at", "desc")
  .executeTakeFirstOrThrow();
const [open, waiting, own, session, lesson, period, announcement, thread] = await Promise.all([
  db
    .selectFrom("submissions")
    .innerJoin("homework", "homework.id", "submissions.homework_id")
    .select("homework.id")
    .where("submissions.student_id", "=", student.id)
    .where("submissions.status", "in", ["not_started", "in_progress"])
    // Work begun, with answers saved, when the student has some: the page as it is mostly opened.
    .orderBy(sql`submissions.status = 'in_progress'`, "desc")
    .orderBy("homework.due_at", "desc")
    .executeTakeFirst(),
  db
    .selectFrom("submissions")
    .innerJoin("homework", "homework.id", "submissions.homework_id")
    .select("submissions.id")
    .where("homework.class_id", "=", group.id)
    .where("submissions.status", "=", "submitted")
    .executeTakeFirst(),
  db
    .selectFrom("submissions")
    .select("id")
    .where("homework_id", "=", homework.id)
    .where("student_id", "=", student.id)
    .executeTakeFirst(),
  db.selectFrom("class_sessions").select("id").where("class_id", "=", group.id).executeTakeFirst(),
  db.selectFrom("lessons").select("id").where("course_id", "=", group.course_id).executeTakeFirst(),
  db.selectFrom("reporting_periods").select("id").where("centre_id", "=", inCentre).executeTakeFirst(),
  db.selectFrom("announcements").select("id").where("class_id", "=", group.id).executeTakeFirst(),
  db
    .selectFrom("message_threads")
    .select("id")
    .where("centre_id", "=", inCentre)
    .where("student_id", "=", student.id)
    .executeTakeFirst(),
]);

const found = {
  student: student.id,
  course: group.course_id,
  lesson: lesson?.id,
  group: group.id,
  session: session?.id,
  homework: homework.id,
  openHomework: open?.id,
  waiting: waiting?.id,
  own: own?.id,
  period: period?.id,
  announcement: announcement?.id,
  thread: thread?.id,
};
const absent = Object.entries(found).filter(([, id]) => !id);
if (absent.length > 0) {
  console.error(
    `scale centre ${values.slug} has no ${absent.map(([name]) => name).join(", ")}: seed it with scale-seed.ts --all-pages`,
  );
  process.exit(1);
}
try {
  for (const page of scalePages(createApp().routes, found as ScaleIds))
    console.log(`${page.route}|${page.path}|${page.who}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
await db.destroy();
redis.disconnect();
