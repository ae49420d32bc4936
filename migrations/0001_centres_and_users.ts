import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists citext`.execute(db);

  await db.schema
    .createTable("centres")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (col) => col.notNull().unique().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`))
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn("timezone", "text", (col) => col.notNull().defaultTo("UTC"))
    .addColumn("feature_flags", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("settings", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.references("centres.id").onDelete("restrict"))
    .addColumn("role", "text", (col) =>
      col
        .notNull()
        .check(sql`role in ('platform_admin','centre_owner','centre_admin','head_tutor','tutor','parent','student')`),
    )
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 200`))
    // Email, phone and date of birth are encrypted at rest (AES-GCM, see src/platform/crypto);
    // email_lookup is a keyed blind index of the normalised email, for sign-in by equality.
    .addColumn("email_lookup", "text")
    .addColumn("email_encrypted", "text")
    .addColumn("phone_encrypted", "text")
    .addColumn("date_of_birth_encrypted", "text")
    .addColumn("password_hash", "text")
    .addColumn("student_code", sql`citext`)
    .addColumn("pin_hash", "text")
    .addColumn("avatar_file_id", "uuid")
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("active").check(sql`status in ('invited','active','disabled')`),
    )
    .addColumn("last_sign_in_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // Only the platform admin lives outside a centre.
    .addCheckConstraint("users_centre_required", sql`(role = 'platform_admin') = (centre_id is null)`)
    // Students sign in with a code and PIN; everybody else with an email and password.
    .addCheckConstraint(
      "users_credentials",
      sql`(role = 'student' and student_code is not null) or (role <> 'student' and email_lookup is not null)`,
    )
    .execute();

  // centre_id leads every composite index: every tenant query filters on it first.
  await sql`create unique index users_centre_email_key on users (centre_id, email_lookup) where email_lookup is not null`.execute(
    db,
  );
  await sql`create unique index users_platform_email_key on users (email_lookup) where centre_id is null`.execute(db);
  await sql`create unique index users_centre_student_code_key on users (centre_id, student_code) where student_code is not null`.execute(
    db,
  );
  await sql`create index users_centre_role_name_idx on users (centre_id, role, name)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("users").execute();
  await db.schema.dropTable("centres").execute();
}
