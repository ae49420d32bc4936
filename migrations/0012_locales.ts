import { type Kysely, sql } from "kysely";

/**
 * Each centre's language (everyone there sees it unless they chose their own) and each person's
 * own choice (null: the centre's). The list matches the catalogues shipped in src/locales.
 */
const SHIPPED = sql.raw("('en-GB', 'en-US', 'en-AU', 'es', 'ar')");

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("centres")
    .addColumn("locale", "text", (column) => column.notNull().defaultTo("en-GB").check(sql`locale in ${SHIPPED}`))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("locale", "text", (column) => column.check(sql`locale is null or locale in ${SHIPPED}`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("locale").execute();
  await db.schema.alterTable("centres").dropColumn("locale").execute();
}
