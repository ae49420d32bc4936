import { type Kysely, sql } from "kysely";

/**
 * Classes that meet several times a week within a centre's terms, minus its holidays, and a
 * record of every time a student joined or left a class.
 *
 * - class_slots: a class's weekly slots (ISO weekday, local start, duration); each class's one
 *   slot from `classes` is carried over, and those columns go.
 * - centre_terms / centre_holidays: a centre's terms and holidays, shared by its classes. A class
 *   may follow a term (its dates are then the term's) or keep dates of its own; no session falls
 *   on a holiday date.
 * - class_memberships: one row per stay in a class (joined_at … left_at); class_members stays the
 *   table of who is in a class now, which everything else reads.
 */
const id = (col: import("kysely").ColumnDefinitionBuilder) => col.primaryKey().defaultTo(sql`gen_random_uuid()`);
const centre = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().references("centres.id");
const now = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().defaultTo(sql`now()`);

async function slots(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("class_slots")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("weekday", "smallint", (col) => col.notNull().check(sql`weekday between 1 and 7`))
    .addColumn("start_time", "time", (col) => col.notNull())
    .addColumn("duration_minutes", "integer", (col) => col.notNull().check(sql`duration_minutes between 5 and 600`))
    .addUniqueConstraint("class_slots_class_weekday_start_key", ["class_id", "weekday", "start_time"])
    .execute();
  await sql`create index class_slots_centre_class_idx on class_slots (centre_id, class_id)`.execute(db);
  await sql`
    insert into class_slots (centre_id, class_id, weekday, start_time, duration_minutes)
    select centre_id, id, weekday, start_time, duration_minutes from classes`.execute(db);
  await db.schema
    .alterTable("classes")
    .dropColumn("weekday")
    .dropColumn("start_time")
    .dropColumn("duration_minutes")
    .execute();
}

async function calendar(db: Kysely<unknown>): Promise<void> {
  // Written out twice so the tenancy scan sees both tables' centre_id.
  await db.schema
    .createTable("centre_terms")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn("starts_on", "date", (col) => col.notNull())
    .addColumn("ends_on", "date", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", now)
    .addCheckConstraint("centre_terms_dates_check", sql`ends_on >= starts_on`)
    .execute();
  await db.schema
    .createTable("centre_holidays")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn("starts_on", "date", (col) => col.notNull())
    .addColumn("ends_on", "date", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", now)
    .addCheckConstraint("centre_holidays_dates_check", sql`ends_on >= starts_on`)
    .execute();
  await sql`create index centre_terms_centre_start_idx on centre_terms (centre_id, starts_on)`.execute(db);
  await sql`create index centre_holidays_centre_start_idx on centre_holidays (centre_id, starts_on)`.execute(db);
  await db.schema
    .alterTable("classes")
    .addColumn("term_id", "uuid", (col) => col.references("centre_terms.id").onDelete("set null"))
    .execute();
}

async function memberships(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("class_memberships")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "timestamptz", now)
    .addColumn("left_at", "timestamptz")
    .execute();
  await sql`create index class_memberships_centre_student_idx on class_memberships (centre_id, student_id, joined_at)`.execute(
    db,
  );
  await sql`create unique index class_memberships_current_key on class_memberships (class_id, student_id) where left_at is null`.execute(
    db,
  );
  await sql`
    insert into class_memberships (centre_id, class_id, student_id, joined_at)
    select centre_id, class_id, student_id, joined_at from class_members`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await slots(db);
  await calendar(db);
  await memberships(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("class_memberships").execute();
  await db.schema
    .alterTable("classes")
    .dropColumn("term_id")
    .addColumn("weekday", "smallint")
    .addColumn("start_time", "time")
    .addColumn("duration_minutes", "integer")
    .execute();
  await db.schema.dropTable("centre_holidays").execute();
  await db.schema.dropTable("centre_terms").execute();
  // Each class keeps its earliest slot; one without any (impossible from the app) gets Monday 16:00.
  await sql`
    update classes c set weekday = coalesce(s.weekday, 1), start_time = coalesce(s.start_time, '16:00'),
      duration_minutes = coalesce(s.duration_minutes, 60)
    from classes c2 left join lateral (
      select weekday, start_time, duration_minutes from class_slots
      where class_id = c2.id order by weekday, start_time limit 1) s on true
    where c.id = c2.id`.execute(db);
  await sql`alter table classes alter column weekday set not null, alter column start_time set not null,
    alter column duration_minutes set not null`.execute(db);
  await db.schema.dropTable("class_slots").execute();
}
