import { type Kysely, sql } from "kysely";

/**
 * The marking queue keyed by its owner (issue 17). A tutor's queue is the work handed in on
 * homework they set or in their active classes; read through the centre-wide partial index it
 * cost the whole centre's queue to show one tutor 25 rows. marking_queue_entries holds one row
 * per submission waiting for a mark and per tutor whose queue it is in (the class's tutor while
 * the class is active, and whoever set the homework: one or two rows), in queue order, so a
 * tutor's page reads its own rows and no others.
 *
 * Triggers keep it: a submission handed in, marked, returned or moved; homework withdrawn,
 * restored or moved to another class; a class given another tutor, archived or restored. It is
 * derived data, written by nothing else. People page by (name, id) and homework by (due, id): their
 * indexes too.
 */

const ENTRIES_OF_SUBMISSIONS = `
  insert into marking_queue_entries (centre_id, tutor_id, submitted_at, submission_id)
  select distinct s.centre_id, owner.tutor_id, coalesce(s.submitted_at, s.updated_at), s.id
  from submissions s
  join homework h on h.id = s.homework_id and h.centre_id = s.centre_id
  left join classes c on c.id = h.class_id and c.centre_id = h.centre_id and c.status = 'active'
  cross join lateral (values (h.set_by), (c.tutor_id)) as owner (tutor_id)
  where s.status = 'submitted' and h.status = 'active' and owner.tutor_id is not null`;

const TRIGGERS = [
  `create function marking_queue_refresh_homework(target uuid) returns void language sql as $$
    delete from marking_queue_entries e using submissions s where s.id = e.submission_id and s.homework_id = target;
    ${ENTRIES_OF_SUBMISSIONS} and s.homework_id = target;
  $$`,
  `create function marking_queue_of_submission() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' then
      delete from marking_queue_entries where submission_id = old.id;
    end if;
    if new.status = 'submitted' then
      ${ENTRIES_OF_SUBMISSIONS} and s.id = new.id;
    end if;
    return null;
  end $$`,
  `create trigger marking_queue_submission_inserted after insert on submissions
    for each row when (new.status = 'submitted') execute function marking_queue_of_submission()`,
  `create trigger marking_queue_submission_changed after update of status, submitted_at, homework_id on submissions
    for each row when (old.status = 'submitted' or new.status = 'submitted')
    execute function marking_queue_of_submission()`,
  `create function marking_queue_of_homework() returns trigger language plpgsql as $$
  begin
    perform marking_queue_refresh_homework(new.id);
    return null;
  end $$`,
  `create trigger marking_queue_homework_changed after update of status, class_id, set_by on homework
    for each row when (old.status is distinct from new.status or old.class_id is distinct from new.class_id
      or old.set_by is distinct from new.set_by)
    execute function marking_queue_of_homework()`,
  `create function marking_queue_of_class() returns trigger language plpgsql as $$
  begin
    perform marking_queue_refresh_homework(h.id) from homework h where h.class_id = new.id and h.centre_id = new.centre_id;
    return null;
  end $$`,
  `create trigger marking_queue_class_changed after update of tutor_id, status on classes
    for each row when (old.tutor_id is distinct from new.tutor_id or old.status is distinct from new.status)
    execute function marking_queue_of_class()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("marking_queue_entries")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("tutor_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("submitted_at", "timestamptz", (col) => col.notNull())
    .addColumn("submission_id", "uuid", (col) => col.notNull().references("submissions.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("marking_queue_entries_pkey", ["centre_id", "tutor_id", "submitted_at", "submission_id"])
    .execute();
  await sql`create index marking_queue_entries_submission_idx on marking_queue_entries (submission_id)`.execute(db);

  for (const statement of TRIGGERS) await sql.raw(statement).execute(db);
  await sql.raw(ENTRIES_OF_SUBMISSIONS).execute(db);
  await sql`create index users_centre_name_idx on users (centre_id, name, id)`.execute(db);
  await sql`create index homework_centre_due_idx on homework (centre_id, due_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index homework_centre_due_idx`.execute(db);
  await sql`drop index users_centre_name_idx`.execute(db);
  await sql`drop trigger marking_queue_class_changed on classes`.execute(db);
  await sql`drop trigger marking_queue_homework_changed on homework`.execute(db);
  await sql`drop trigger marking_queue_submission_changed on submissions`.execute(db);
  await sql`drop trigger marking_queue_submission_inserted on submissions`.execute(db);
  await sql`drop function marking_queue_of_class()`.execute(db);
  await sql`drop function marking_queue_of_homework()`.execute(db);
  await sql`drop function marking_queue_of_submission()`.execute(db);
  await sql`drop function marking_queue_refresh_homework(uuid)`.execute(db);
  await db.schema.dropTable("marking_queue_entries").execute();
}
