import { type Kysely, sql } from "kysely";

/**
 * A centre's identity beyond its name: contact details shown to its families (all optional), and
 * a logo (an image file of the new kind `centre_logo`, dropped with its file). Slugs need no
 * backfill: every centre has had a unique, URL-safe slug since 0001 (the check below is that one);
 * they are now also its public address, `/c/<slug>`.
 */
const KINDS_BEFORE = sql`kind in ('avatar','submission','material','material_image','material_audio','material_video','scan_batch','export')`;
const KINDS_AFTER = sql`kind in ('avatar','submission','material','material_image','material_audio','material_video','scan_batch','export','centre_logo')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("centres")
    .addColumn("contact_email", "text", (col) => col.check(sql`length(contact_email) <= 254`))
    .addColumn("contact_phone", "text", (col) => col.check(sql`length(contact_phone) <= 40`))
    .addColumn("postal_address", "text", (col) => col.check(sql`length(postal_address) <= 500`))
    .addColumn("website", "text", (col) => col.check(sql`length(website) <= 300`))
    .addColumn("logo_file_id", "uuid", (col) => col.references("files.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("files").dropConstraint("files_kind_check").execute();
  await db.schema.alterTable("files").addCheckConstraint("files_kind_check", KINDS_AFTER).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("centres")
    .dropColumn("logo_file_id")
    .dropColumn("website")
    .dropColumn("postal_address")
    .dropColumn("contact_phone")
    .dropColumn("contact_email")
    .execute();
  await sql`delete from files where kind = 'centre_logo'`.execute(db);
  await db.schema.alterTable("files").dropConstraint("files_kind_check").execute();
  await db.schema.alterTable("files").addCheckConstraint("files_kind_check", KINDS_BEFORE).execute();
}
