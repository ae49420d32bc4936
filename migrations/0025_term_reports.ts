import { type Kysely, sql } from "kysely";

/**
 * Term reports: reporting periods a head tutor sets, a tutor's comment and next steps per student
 * of a class (the class names the course) for a period, and a head tutor's release of a class's
 * reports, after which parents are told and may download them. A class's batch of report PDFs
 * is an export (kind `term_reports`); parents choose how they hear of a release (`term_report`).
 */
const EXPORT_KINDS_BEFORE = sql`kind in ('attendance','homework_completion','marks','xp')`;
const EXPORT_KINDS_AFTER = sql`kind in ('attendance','homework_completion','marks','xp','term_reports')`;
const EMAIL_KINDS_BEFORE = sql`kind in ('homework_marked', 'redo_requested', 'absence', 'homework_overdue', 'badge_earned', 'announcement', 'message')`;
const EMAIL_KINDS_AFTER = sql`kind in ('homework_marked', 'redo_requested', 'absence', 'homework_overdue', 'badge_earned', 'announcement', 'message', 'term_report')`;

async function checks(
  db: Kysely<unknown>,
  exportKinds: typeof EXPORT_KINDS_AFTER,
  emailKinds: typeof EMAIL_KINDS_AFTER,
) {
  await db.schema.alterTable("exports").dropConstraint("exports_kind_check").execute();
  await db.schema.alterTable("exports").addCheckConstraint("exports_kind_check", exportKinds).execute();
  for (const table of ["email_preferences", "digest_items"]) {
    await db.schema.alterTable(table).dropConstraint(`${table}_kind_check`).execute();
    await db.schema.alterTable(table).addCheckConstraint(`${table}_kind_check`, emailKinds).execute();
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("reporting_periods")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 120`))
    .addColumn("starts_on", "date", (col) => col.notNull())
    .addColumn("ends_on", "date", (col) => col.notNull())
    .addColumn("created_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("reporting_periods_dates", sql`starts_on <= ends_on`)
    .execute();
  await sql`create index reporting_periods_centre_idx on reporting_periods (centre_id, starts_on desc)`.execute(db);

  await db.schema
    .createTable("term_report_comments")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("period_id", "uuid", (col) => col.notNull().references("reporting_periods.id").onDelete("cascade"))
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("comment", "text", (col) => col.notNull().check(sql`length(comment) <= 4000`))
    .addColumn("next_steps", "text", (col) => col.notNull().check(sql`length(next_steps) <= 2000`))
    .addColumn("author_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("term_report_comments_pkey", ["period_id", "class_id", "student_id"])
    .execute();

  await db.schema
    .createTable("term_report_releases")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("period_id", "uuid", (col) => col.notNull().references("reporting_periods.id").onDelete("cascade"))
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("released_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("released_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("term_report_releases_once", ["period_id", "class_id"])
    .execute();
  await sql`create index term_report_releases_centre_idx on term_report_releases (centre_id, class_id)`.execute(db);

  await checks(db, EXPORT_KINDS_AFTER, EMAIL_KINDS_AFTER);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from exports where kind = 'term_reports'`.execute(db);
  await sql`delete from email_preferences where kind = 'term_report'`.execute(db);
  await sql`delete from digest_items where kind = 'term_report'`.execute(db);
  await checks(db, EXPORT_KINDS_BEFORE, EMAIL_KINDS_BEFORE);
  await db.schema.dropTable("term_report_releases").execute();
  await db.schema.dropTable("term_report_comments").execute();
  await db.schema.dropTable("reporting_periods").execute();
}
