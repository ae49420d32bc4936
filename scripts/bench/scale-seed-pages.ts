import { sql, type Transaction } from "kysely";
import type { Database } from "../../src/platform/db/schema";

/**
 * Rows of a scale centre (scripts/bench/scale-seed.ts --all-pages) that only some pages need,
 * set-based and per class or per submission, so that every tutor's and student's share stays the
 * same whatever the centre's size: the answers of every piece of work handed in or begun, a term's
 * reports (a comment for every student, every other class released), one announcement per class
 * from its tutor, and one message thread per student opened by their tutor. Without them the
 * scale benchmark could not open `/reports/:id`, `/reports/:id/classes/:classId`,
 * `/announcements/:id` or `/messages/:id`, and no page read an answer.
 */

/**
 * Every exercise of work handed in is answered (a hand-in writes a row per exercise), right as far
 * as the submission's auto score goes (two points each); work begun has its first two answered.
 */
export async function seedAnswers(trx: Transaction<Database>, centreId: string): Promise<void> {
  // Statistics of the rows this transaction just wrote: planned on a smaller centre's, the join
  // below walked homework_exercises once per submission (ten minutes at 4,000 students).
  await sql`analyze submissions, homework_exercises, exercises`.execute(trx);
  await sql`
    insert into answers (centre_id, submission_id, exercise_id, response, is_correct, auto_points)
    select s.centre_id, s.id, e.id,
      case when handed_in and e.position * 2 > s.auto_score then '"0.1"'::jsonb else to_jsonb(trim_scale(e.position / 4.0)::text) end,
      case when handed_in then e.position * 2 <= s.auto_score end,
      case when handed_in then case when e.position * 2 <= s.auto_score then 2 else 0 end end
    from submissions s
    cross join lateral (select s.status in ('submitted', 'marked') as handed_in) w
    join homework_exercises he on he.centre_id = s.centre_id and he.homework_id = s.homework_id
    join exercises e on e.id = he.exercise_id
    where s.centre_id = ${centreId} and (handed_in or (s.status = 'in_progress' and e.position <= 2))`.execute(trx);
}

export async function seedTermReports(trx: Transaction<Database>, centreId: string): Promise<void> {
  await sql`
    insert into reporting_periods (centre_id, name, starts_on, ends_on, created_by)
    select ${centreId}, 'Autumn term', current_date - 90, current_date + 30, id
    from users where centre_id = ${centreId} and role = 'head_tutor'`.execute(trx);
  await sql`
    insert into term_report_comments (centre_id, period_id, class_id, student_id, comment, next_steps, author_id)
    select ${centreId}, p.id, m.class_id, m.student_id, 'Works steadily and checks each answer.',
      'Practise adding fractions with different denominators.', c.tutor_id
    from reporting_periods p
    join class_members m on m.centre_id = p.centre_id
    join classes c on c.id = m.class_id
    where p.centre_id = ${centreId}`.execute(trx);
  // The even classes' reports are released; the first tutor's first class is still being written.
  await sql`
    insert into term_report_releases (centre_id, period_id, class_id, released_by)
    select ${centreId}, p.id, c.id, p.created_by
    from reporting_periods p join classes c on c.centre_id = p.centre_id
    where p.centre_id = ${centreId} and right(c.name, 1)::int % 2 = 0`.execute(trx);
}

export async function seedAnnouncements(trx: Transaction<Database>, centreId: string): Promise<void> {
  await sql`
    insert into announcements (centre_id, author_id, audience, class_id, title, body, created_at)
    select ${centreId}, tutor_id, 'class', id, 'Homework club on Thursday',
      'Bring your fractions homework: we will go through the questions most of you found hard.',
      now() - interval '2 days'
    from classes where centre_id = ${centreId}`.execute(trx);
  // Reached as the service resolves a class audience: its students, their parents and its tutor;
  // half of the students have read it.
  await sql`
    insert into announcement_recipients (centre_id, announcement_id, user_id, read_at)
    select a.centre_id, a.id, reached.user_id, reached.read_at
    from announcements a
    cross join lateral (
      select m.student_id as user_id,
        case when abs(hashtext(m.student_id::text)) % 2 = 0 then a.created_at + interval '1 hour' end as read_at
      from class_members m where m.centre_id = a.centre_id and m.class_id = a.class_id
      union all
      select g.parent_id, null from guardianships g
      join class_members m on m.centre_id = g.centre_id and m.student_id = g.student_id and m.class_id = a.class_id
      where g.centre_id = a.centre_id
      union all
      select a.author_id, a.created_at
    ) reached
    where a.centre_id = ${centreId}`.execute(trx);
}

export async function seedMessages(trx: Transaction<Database>, centreId: string): Promise<void> {
  await sql`
    insert into message_threads (centre_id, student_id, subject, opened_by, created_at, last_message_at)
    select ${centreId}, m.student_id, 'Fractions homework', c.tutor_id, now() - interval '3 days', now() - interval '2 days'
    from class_members m join classes c on c.id = m.class_id
    where m.centre_id = ${centreId}`.execute(trx);
  await sql`
    insert into message_participants (centre_id, thread_id, user_id, joined_at, last_read_at)
    select centre_id, id, opened_by, created_at, last_message_at from message_threads where centre_id = ${centreId}
    union all
    select t.centre_id, t.id, g.parent_id, t.created_at, null
    from message_threads t join guardianships g on g.centre_id = t.centre_id and g.student_id = t.student_id
    where t.centre_id = ${centreId}`.execute(trx);
  await sql`
    insert into thread_messages (centre_id, thread_id, author_id, body, created_at)
    select t.centre_id, t.id, t.opened_by, said.body, said.at
    from message_threads t
    cross join lateral (values
      ('Fractions are coming along well; a little practice at home with equivalent fractions would help.', t.created_at),
      ('This week''s homework is set: twenty minutes is plenty.', t.last_message_at)
    ) said(body, at)
    where t.centre_id = ${centreId}`.execute(trx);
}
