import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("files")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id").onDelete("restrict"))
    .addColumn("owner_id", "uuid", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("bucket", "text", (col) =>
      col
        .notNull()
        .check(
          sql`bucket in ('aetherlearn-documents','aetherlearn-content','aetherlearn-avatars','aetherlearn-exports')`,
        ),
    )
    .addColumn("object_key", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('avatar','submission','material','scan_batch','export')`),
    )
    // Derived images (thumbnail, WebP) point at the upload they were made from.
    .addColumn("derived_from", "uuid", (col) => col.references("files.id").onDelete("cascade"))
    .addColumn("variant", "text", (col) =>
      col.notNull().defaultTo("original").check(sql`variant in ('original','thumbnail','webp')`),
    )
    .addColumn("content_type", "text")
    .addColumn("size_bytes", "integer", (col) => col.check(sql`size_bytes >= 0`))
    .addColumn("checksum_sha256", "text", (col) => col.check(sql`checksum_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn("original_name", "text", (col) => col.notNull().check(sql`length(original_name) between 1 and 255`))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("pending").check(sql`status in ('pending','stored')`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("stored_at", "timestamptz")
    // A pending row is a reservation for a direct upload; a stored row describes a checked object.
    .addCheckConstraint(
      "files_stored_complete",
      sql`status = 'pending' or (content_type is not null and size_bytes is not null and checksum_sha256 is not null and stored_at is not null)`,
    )
    .addCheckConstraint("files_variant_derived", sql`(variant = 'original') = (derived_from is null)`)
    // The key's namespace is the row's centre: a row can never point into another centre's objects.
    .addCheckConstraint("files_key_in_centre", sql`object_key like 'centres/' || centre_id::text || '/%'`)
    .execute();

  await sql`create unique index files_bucket_object_key_key on files (bucket, object_key)`.execute(db);
  // centre_id leads every composite index: every tenant query filters on it first.
  await sql`create index files_centre_owner_idx on files (centre_id, owner_id, created_at desc)`.execute(db);
  await sql`create unique index files_centre_derived_variant_key on files (centre_id, derived_from, variant) where derived_from is not null`.execute(
    db,
  );
  // The orphan cleanup job looks for stale reservations across all centres.
  await sql`create index files_pending_created_idx on files (created_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("files").execute();
}
