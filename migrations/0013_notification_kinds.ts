import { type Kysely, sql } from "kysely";

/**
 * Notifications are stored as a kind and its parameters and put into words when read, in the
 * reader's language. `text` keeps the source-language (en-GB) wording: what a rollback, the audit
 * of a support case, or a row of an unknown kind shows. Rows written before this migration are
 * turned into kinds where their English matches one of the sentences the app wrote; any other
 * row keeps only its text and is shown as stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("notifications").addColumn("kind", "text").addColumn("params", "jsonb").execute();
  await db.schema
    .alterTable("notifications")
    .addCheckConstraint("notifications_kind_params", sql`(kind is null) = (params is null)`)
    .execute();
  await sql`
    update notifications set kind = 'homework_marked_score',
      params = jsonb_build_object('title', m[1], 'score', m[2]::numeric, 'maxScore', m[3]::numeric)
    from (select id as match_id, regexp_match(text, '^Your homework “(.*)” was marked: (-?[0-9]+(?:\\.[0-9]+)?)/([0-9]+(?:\\.[0-9]+)?)\\.$') as m
          from notifications) matched
    where id = match_id and m is not null`.execute(db);
  await sql`
    update notifications set kind = 'homework_marked', params = jsonb_build_object('title', m[1])
    from (select id as match_id, regexp_match(text, '^Your homework “(.*)” was marked\\.$') as m from notifications) matched
    where id = match_id and m is not null and kind is null`.execute(db);
  await sql`
    update notifications set kind = 'homework_assigned', params = jsonb_build_object('title', m[1])
    from (select id as match_id, regexp_match(text, '^New homework: “(.*)”\\.$') as m from notifications) matched
    where id = match_id and m is not null and kind is null`.execute(db);
  await sql`
    update notifications set kind = 'pin_locked', params = jsonb_build_object('student', m[1])
    from (select id as match_id,
                 regexp_match(text, '^(.*)''s PIN is locked after too many wrong guesses\\. Unlock it, or give a new PIN if the guesses were not theirs\\.$') as m
          from notifications) matched
    where id = match_id and m is not null and kind is null`.execute(db);
  await sql`
    update notifications set kind = 'pin_reset',
      params = jsonb_build_object('resetBy', m[1], 'role', replace(m[2], ' ', '_'), 'student', m[3])
    from (select id as match_id,
                 regexp_match(text, '^(.*) \\((platform admin|centre owner|centre admin|head tutor|tutor|parent|student)\\) gave (.*) a new PIN\\.$') as m
          from notifications) matched
    where id = match_id and m is not null and kind is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Every row still holds its en-GB wording in `text`, which is all the older code reads.
  await db.schema.alterTable("notifications").dropConstraint("notifications_kind_params").execute();
  await db.schema.alterTable("notifications").dropColumn("params").dropColumn("kind").execute();
}
