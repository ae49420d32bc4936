import { type Kysely, sql } from "kysely";

/**
 * Paper: photos and scans attached to submissions, and batch scan imports with their pages.
 * centre_id leads every key and index.
 */
const now = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().defaultTo(sql`now()`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("submission_files")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("submission_id", "uuid", (col) => col.notNull().references("submissions.id").onDelete("cascade"))
    .addColumn("file_id", "uuid", (col) => col.notNull().references("files.id").onDelete("cascade"))
    // 0 is a worksheet's cover; null for a photo a student took.
    .addColumn("page_number", "integer", (col) => col.check(sql`page_number between 0 and 999`))
    .addColumn("source", "text", (col) => col.notNull().check(sql`source in ('upload','scan')`))
    .addColumn("created_at", "timestamptz", now)
    .addPrimaryKeyConstraint("submission_files_pkey", ["centre_id", "submission_id", "file_id"])
    .execute();

  await db.schema
    .createTable("scan_imports")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("uploaded_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("file_id", "uuid", (col) => col.notNull().references("files.id"))
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("queued").check(sql`status in ('queued','processing','done','failed')`),
    )
    .addColumn("pages_total", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("pages_filed", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("pages_review", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("finished_at", "timestamptz")
    .execute();
  await sql`create index scan_imports_centre_created_idx on scan_imports (centre_id, created_at desc, id)`.execute(db);

  await db.schema
    .createTable("scan_pages")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("import_id", "uuid", (col) => col.notNull().references("scan_imports.id").onDelete("cascade"))
    .addColumn("page_index", "integer", (col) => col.notNull().check(sql`page_index >= 1`))
    .addColumn("file_id", "uuid", (col) => col.notNull().references("files.id"))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('filed','needs_review','assigned')`))
    .addColumn("reason", "text", (col) =>
      col.check(sql`reason in ('no_code','bad_signature','foreign','no_submission')`),
    )
    .addColumn("submission_id", "uuid", (col) => col.references("submissions.id").onDelete("set null"))
    .addColumn("page_number", "integer")
    .addColumn("assigned_by", "uuid", (col) => col.references("users.id"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    // A retried import job finds the pages it already did.
    .addUniqueConstraint("scan_pages_import_page_key", ["import_id", "page_index"])
    .addCheckConstraint("scan_pages_review_has_reason", sql`(status = 'needs_review') = (reason is not null)`)
    .execute();
  await sql`create index scan_pages_centre_review_idx on scan_pages (centre_id, created_at, id) where status = 'needs_review'`.execute(
    db,
  );
  await sql`create index scan_pages_centre_import_idx on scan_pages (centre_id, import_id, page_index)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scan_pages").execute();
  await db.schema.dropTable("scan_imports").execute();
  await db.schema.dropTable("submission_files").execute();
}
