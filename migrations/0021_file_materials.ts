import { type Kysely, sql } from "kysely";

/**
 * File materials on lessons: images, audio and video get kinds of their own (each with its own
 * types and size limit; `material` stays for PDFs), and a derived image records its width and
 * height, so a page can reserve its space before it loads.
 */
const KINDS_BEFORE = sql`kind in ('avatar','submission','material','scan_batch','export')`;
const KINDS_AFTER = sql`kind in ('avatar','submission','material','material_image','material_audio','material_video','scan_batch','export')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("files").dropConstraint("files_kind_check").execute();
  await db.schema.alterTable("files").addCheckConstraint("files_kind_check", KINDS_AFTER).execute();
  await db.schema
    .alterTable("files")
    .addColumn("width", "integer", (col) => col.check(sql`width > 0`))
    .addColumn("height", "integer", (col) => col.check(sql`height > 0`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("files").dropColumn("height").dropColumn("width").execute();
  await sql`delete from materials where file_id in (select id from files where kind in ('material_image','material_audio','material_video'))`.execute(
    db,
  );
  await sql`delete from files where kind in ('material_image','material_audio','material_video')`.execute(db);
  await db.schema.alterTable("files").dropConstraint("files_kind_check").execute();
  await db.schema.alterTable("files").addCheckConstraint("files_kind_check", KINDS_BEFORE).execute();
}
