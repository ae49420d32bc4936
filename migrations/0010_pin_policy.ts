import { type Kysely, sql } from "kysely";

/**
 * Student PIN guessing budget, durable PIN locks, and kiosk badge versions. Kept in PostgreSQL,
 * not Redis: a lock and the guesses that led to it must survive a Redis restart, or losing
 * Redis would hand an attacker a fresh budget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per PIN guess judged (or about to be): a 'pending' row reserves a slot before the
  // bcrypt check, so concurrent guesses cannot overrun the budget; a correct guess deletes it.
  await db.schema
    .createTable("student_pin_guesses")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("guessed_at", "timestamptz", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull().check(sql`outcome in ('pending','wrong')`))
    .addColumn("path", "text", (col) => col.notNull().check(sql`path in ('sign_in','kiosk','profile')`))
    .addColumn("ip", "text")
    .execute();
  await sql`create index student_pin_guesses_student_idx on student_pin_guesses (student_id, guessed_at)`.execute(db);

  // The row a student's PIN guesses serialise on; locked_at set: PIN sign-in refused until unlocked.
  await db.schema
    .createTable("student_pin_locks")
    .addColumn("student_id", "uuid", (col) => col.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("locked_at", "timestamptz")
    // Guesses before the last unlock (or reset) no longer count; nor, for the account-life
    // budget, those before the last correct PIN.
    .addColumn("unlocked_at", "timestamptz")
    .addColumn("succeeded_at", "timestamptz")
    // Who last gave the student a new PIN, shown to their parents.
    .addColumn("reset_at", "timestamptz")
    .addColumn("reset_by", "uuid", (col) => col.references("users.id"))
    .execute();

  // The badge a student may use: no row means the first, unversioned badge (version 0).
  await db.schema
    .createTable("student_badges")
    .addColumn("student_id", "uuid", (col) => col.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("version", "integer", (col) => col.notNull().check(sql`version >= 0`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("updated_by", "uuid", (col) => col.references("users.id"))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("student_badges").execute();
  await db.schema.dropTable("student_pin_locks").execute();
  await db.schema.dropTable("student_pin_guesses").execute();
}
