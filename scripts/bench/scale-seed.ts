/**
 * bun scripts/bench/scale-seed.ts --students N [--slug S] [--classes-per-tutor K] [--parents] [--today] [--all-pages]
 *
 * A centre of N students for the scale benchmark (issue 17), written set-based (a few INSERT …
 * SELECT over generate_series, seconds even at 4,000 students / 200,000 submissions). The shape
 * keeps every person's own work the same whatever N is, so a page whose cost follows its viewer's
 * own work costs the same in a centre of 400 and one of 4,000:
 * - classes of 20 students, two classes per tutor, so a tutor always has 40 students;
 * - 50 homework per class over the past five months (two still to come), so each student has 50
 *   submissions: 80 % marked, 8 % handed in and waiting for a mark, the rest not started or begun;
 * - ten weekly sessions per class with attendance (90 % present), XP for marked homework;
 * - with --all-pages (the scale part's centres), the answers of work handed in or begun, a term's
 *   reports, an announcement per class and a message thread per student
 *   (scripts/bench/scale-seed-pages.ts), so that every tutor and student page opens with rows.
 * For the concurrent-users scenario (scripts/bench-users.ts): --classes-per-tutor 1 gives a tutor per
 * 20 students, --parents one parent per student (a placeholder email index: the scenario makes
 * their sessions directly), --today a session of every class that started ten minutes ago with
 * nobody checked in yet, for the register's check-ins.
 * Prints the sign-in details of the benchmarked people as shell assignments (eval-able): the
 * first tutor, the head tutor and the first student.
 */

import { parseArgs } from "node:util";
import { sql } from "kysely";
import { rebuildLeaderboards } from "../../src/modules/gamification";
import { emailLookup } from "../../src/modules/people";
import { hashPin } from "../../src/platform/crypto";
import { db } from "../../src/platform/db";
import { redis } from "../../src/platform/redis";
import { trustedCentreId } from "../../src/platform/tenancy";
import { seedAnnouncements, seedAnswers, seedMessages, seedTermReports } from "./scale-seed-pages";

export const SCALE_PASSWORD = "scale-bench-password-2026";
export const SCALE_PIN = "246813";
const CLASS_SIZE = 20;
const HOMEWORK_PER_CLASS = 50;
const SESSIONS_PER_CLASS = 10;

const { values } = parseArgs({
  options: {
    students: { type: "string" },
    slug: { type: "string" },
    "classes-per-tutor": { type: "string" },
    parents: { type: "boolean" },
    today: { type: "boolean" },
    "all-pages": { type: "boolean" },
  },
  strict: true,
});
const students = Number(values.students ?? 400);
const CLASSES_PER_TUTOR = Number(values["classes-per-tutor"] ?? 2);
if (CLASSES_PER_TUTOR !== 1 && CLASSES_PER_TUTOR !== 2) {
  console.error("--classes-per-tutor must be 1 or 2");
  process.exit(2);
}
if (!Number.isInteger(students) || students < CLASS_SIZE * CLASSES_PER_TUTOR || students > 100_000) {
  console.error(`--students must be a whole number from ${CLASS_SIZE * CLASSES_PER_TUTOR} to 100000`);
  process.exit(2);
}
const slug = values.slug ?? `scale-${students}`;
const classes = Math.ceil(students / CLASS_SIZE);
const tutors = Math.ceil(classes / CLASSES_PER_TUTOR);
const started = performance.now();

/** Each step's time, printed with the totals: a step that grows faster than the data shows here. */
const steps: string[] = [];
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const from = performance.now();
  const result = await work();
  steps.push(`${name} ${Math.round(performance.now() - from)} ms`);
  return result;
}

const passwordHash = await Bun.password.hash(SCALE_PASSWORD, { algorithm: "bcrypt", cost: 10 });
const centreId = await db.transaction().execute(async (trx) => {
  const centre = await trx
    .insertInto("centres")
    .values({ slug, name: `Scale ${students}`, time_zone: "Europe/London", feature_flags: { gamification: true } })
    .returning("id")
    .executeTakeFirstOrThrow();
  const id = centre.id;
  const staff = [
    { role: "head_tutor" as const, name: "Head Tutor", email: `head@${slug}.test` },
    ...Array.from({ length: tutors }, (_, index) => ({
      role: "tutor" as const,
      name: `Tutor ${String(index + 1).padStart(4, "0")}`,
      email: `tutor${index + 1}@${slug}.test`,
    })),
  ];
  await trx
    .insertInto("users")
    .values(
      staff.map((person) => ({
        centre_id: id,
        role: person.role,
        name: person.name,
        email_lookup: emailLookup(person.email),
        password_hash: passwordHash,
      })),
    )
    .execute();
  const course = await trx
    .insertInto("courses")
    .values({ centre_id: id, title: "Fractions", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const lesson = await trx
    .insertInto("lessons")
    .values({ centre_id: id, course_id: course.id, title: "Adding fractions", position: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("exercises")
    .values(
      [1, 2, 3, 4].map((position) => ({
        centre_id: id,
        lesson_id: lesson.id,
        kind: "numeric" as const,
        prompt: `What is ${position}/4 as a decimal?`,
        config: { answer: position / 4, tolerance: 0 },
        points: 2,
        position,
      })),
    )
    .execute();

  // Class k (1-based) belongs to tutor ceil(k / CLASSES_PER_TUTOR); student s is in class ceil(s / CLASS_SIZE).
  await step("classes", () =>
    sql`
    insert into classes (centre_id, course_id, tutor_id, name, starts_on)
    select ${id}, ${course.id}, t.id, 'Class ' || lpad(k::text, 4, '0'), current_date - 180
    from generate_series(1, ${classes}) k
    join users t on t.centre_id = ${id} and t.role = 'tutor'
      and t.name = 'Tutor ' || lpad((((k - 1) / ${CLASSES_PER_TUTOR}) + 1)::text, 4, '0')`.execute(trx),
  );
  await step("students", () =>
    sql`
    insert into users (centre_id, role, name, student_code, pin_hash)
    select ${id}, 'student', 'Student ' || lpad(s::text, 5, '0'), 'SC' || lpad(s::text, 5, '0'), ${hashPin(SCALE_PIN)}
    from generate_series(1, ${students}) s`.execute(trx),
  );
  const studentClass = sql`
    select c.id as class_id, u.id as student_id
    from users u
    join classes c on c.centre_id = ${id}
      and c.name = 'Class ' || lpad((((substring(u.student_code from '[0-9]+$')::int - 1) / ${CLASS_SIZE}) + 1)::text, 4, '0')
    where u.centre_id = ${id} and u.role = 'student'`;
  await step("class members", () =>
    sql`insert into class_members (centre_id, class_id, student_id, joined_at)
    select ${id}, class_id, student_id, now() - interval '180 days' from (${studentClass}) m`.execute(trx),
  );
  await step("class memberships", () =>
    sql`insert into class_memberships (centre_id, class_id, student_id, joined_at)
    select ${id}, class_id, student_id, now() - interval '180 days' from (${studentClass}) m`.execute(trx),
  );
  await step("enrolments", () =>
    sql`insert into enrolments (centre_id, course_id, student_id)
    select ${id}, ${course.id}, id from users where centre_id = ${id} and role = 'student'`.execute(trx),
  );

  // Homework h of a class was due (48 - h) * 3 days ago: two are still to come.
  await step("homework", () =>
    sql`
    insert into homework (centre_id, title, kind, course_id, class_id, set_by, due_at)
    select ${id}, 'Homework ' || lpad(h::text, 2, '0'), 'exercises', ${course.id}, c.id, c.tutor_id,
      date_trunc('hour', now()) - (48 - h) * interval '3 days'
    from classes c cross join generate_series(1, ${HOMEWORK_PER_CLASS}) h
    where c.centre_id = ${id}`.execute(trx),
  );
  await step("homework exercises", () =>
    sql`
    insert into homework_exercises (centre_id, homework_id, exercise_id, position)
    select ${id}, h.id, e.id, e.position from homework h cross join exercises e
    where h.centre_id = ${id} and e.centre_id = ${id}`.execute(trx),
  );
  // A fixed pseudo-random draw per (homework, student), so every run seeds the same statuses.
  await step("submissions", () =>
    sql`
    insert into submissions (centre_id, homework_id, student_id, status, submitted_at, auto_score, score, max_score, marker_id, marked_at)
    select ${id}, w.homework_id, w.student_id, w.status,
      case when w.status in ('submitted', 'marked') then w.due_at - interval '1 day' end,
      case when w.status in ('submitted', 'marked') then w.draw % 9 end,
      case when w.status = 'marked' then w.draw % 9 end,
      8,
      case when w.status = 'marked' then w.tutor_id end,
      case when w.status = 'marked' then w.due_at + interval '1 day' end
    from (
      select h.id as homework_id, m.student_id, h.due_at, h.set_by as tutor_id, d.draw,
        case
          when h.due_at > now() then case when d.draw < 300 then 'in_progress' else 'not_started' end
          when d.draw < 800 then 'marked'
          when d.draw < 880 then 'submitted'
          when d.draw < 950 then 'not_started'
          else 'in_progress'
        end as status
      from homework h
      join class_members m on m.class_id = h.class_id and m.centre_id = h.centre_id
      cross join lateral (select abs(hashtext(h.id::text || m.student_id::text)) % 1000 as draw) d
      where h.centre_id = ${id}
    ) w`.execute(trx),
  );
  await step("sessions", () =>
    sql`
    insert into class_sessions (centre_id, class_id, starts_at, ends_at)
    select ${id}, c.id, date_trunc('hour', now()) - w * interval '7 days', date_trunc('hour', now()) - w * interval '7 days' + interval '1 hour'
    from classes c cross join generate_series(1, ${SESSIONS_PER_CLASS}) w
    where c.centre_id = ${id}`.execute(trx),
  );
  await step("attendance", () =>
    sql`
    insert into attendance (centre_id, session_id, student_id, status, checked_in_at, method)
    select ${id}, s.id, m.student_id,
      (case when abs(hashtext(s.id::text || m.student_id::text)) % 10 = 0 then 'absent' else 'present' end),
      s.starts_at, 'tutor'
    from class_sessions s join class_members m on m.class_id = s.class_id and m.centre_id = s.centre_id
    where s.centre_id = ${id}`.execute(trx),
  );
  if (values.today) {
    await step("today's sessions", () =>
      sql`
      insert into class_sessions (centre_id, class_id, starts_at, ends_at)
      select ${id}, c.id, now() - interval '10 minutes', now() + interval '50 minutes'
      from classes c where c.centre_id = ${id}`.execute(trx),
    );
  }
  if (values.parents) {
    await step("parents", () =>
      sql`
      insert into users (centre_id, role, name, email_lookup)
      select ${id}, 'parent', 'Parent ' || lpad(s::text, 5, '0'), 'bench-parent-' || s
      from generate_series(1, ${students}) s`.execute(trx),
    );
    await step("guardianships", () =>
      sql`
      insert into guardianships (centre_id, parent_id, student_id)
      select ${id}, p.id, s.id
      from users p join users s on s.centre_id = ${id} and s.role = 'student'
        and s.student_code = 'SC' || substring(p.name from '[0-9]+$')
      where p.centre_id = ${id} and p.role = 'parent'`.execute(trx),
    );
  }
  if (values["all-pages"]) {
    await step("answers", () => seedAnswers(trx, id));
    await step("term reports", () => seedTermReports(trx, id));
    await step("announcements", () => seedAnnouncements(trx, id));
    await step("messages", () => seedMessages(trx, id));
  }
  await step("xp", () =>
    sql`
    insert into xp_ledger (centre_id, student_id, amount, reason, source_type, source_id, created_at)
    select ${id}, student_id, 10, 'Homework handed in on time', 'homework', id, submitted_at
    from submissions where centre_id = ${id} and status = 'marked'`.execute(trx),
  );
  return id;
});
// Statistics first: planned without them, the leaderboard sums join row by row.
await step("analyze", () => sql`analyze`.execute(db));
await step("leaderboards", () => rebuildLeaderboards(trustedCentreId(centreId)));

const counts = await sql<{ submissions: number; queued: number }>`
  select count(*)::int as submissions, (count(*) filter (where status = 'submitted'))::int as queued
  from submissions where centre_id = ${centreId}`.execute(db);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.error(
  `scale seed ${slug}: ${students} students, ${tutors} tutors, ${classes} classes, ` +
    `${counts.rows[0]?.submissions} submissions (${counts.rows[0]?.queued} waiting for a mark) in ${seconds} s (${steps.join(", ")})`,
);
console.log(`SCALE_SLUG=${slug}`);
console.log(`SCALE_TUTOR_EMAIL=tutor1@${slug}.test`);
console.log(`SCALE_HEAD_EMAIL=head@${slug}.test`);
console.log(`SCALE_PASSWORD=${SCALE_PASSWORD}`);
console.log("SCALE_STUDENT_CODE=SC00001");
console.log(`SCALE_PIN=${SCALE_PIN}`);
await db.destroy();
redis.disconnect();
