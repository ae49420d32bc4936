import { type Kysely, sql } from "kysely";

/**
 * Marking that tutors trust (issue 15):
 *
 * - homework.show_results_on_hand_in: the students see their auto-marked results and the correct
 *   answers as soon as they hand in, not only once the whole piece is marked.
 * - submissions.override_*: a tutor's override of an auto-mark. The auto-mark itself stays in
 *   auto_score; score holds the overriding mark; who, when and why are kept beside it (and in the
 *   audit log).
 *
 * The markbook reads homework through homework_centre_class_due_idx and submissions through
 * submissions_centre_homework_idx; it needs no index of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("homework")
    .addColumn("show_results_on_hand_in", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable("submissions")
    .addColumn("override_by", "uuid", (col) => col.references("users.id"))
    .addColumn("override_at", "timestamptz")
    .addColumn("override_reason", "text")
    .execute();
  await db.schema
    .alterTable("submissions")
    .addCheckConstraint(
      "submissions_override_complete",
      sql`(override_by is null) = (override_at is null) and (override_at is null) = (override_reason is null)`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("submissions").dropConstraint("submissions_override_complete").execute();
  await db.schema
    .alterTable("submissions")
    .dropColumn("override_reason")
    .dropColumn("override_at")
    .dropColumn("override_by")
    .execute();
  await db.schema.alterTable("homework").dropColumn("show_results_on_hand_in").execute();
}
