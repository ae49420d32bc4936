import { type Kysely, sql } from "kysely";

/**
 * Indexes for lists that page by keyset (issue 17): each page starts where the index does, so a
 * deep page costs what the first does. The course list without a status filter pages by
 * (title, id); the mail log filtered by status pages by (created_at, id) newest first. The paper
 * review page offers the latest active worksheets in the reviewer's scope: through the centre's
 * worksheets alone, rather than every homework of the centre newest first (a centre with no
 * worksheets read all its homework to find none).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index courses_centre_title_idx on courses (centre_id, title, id)`.execute(db);
  await sql`create index mail_messages_centre_status_created_idx
    on mail_messages (centre_id, status, created_at desc, id desc)`.execute(db);
  await sql`create index homework_centre_worksheet_due_idx on homework (centre_id, due_at desc)
    where kind = 'worksheet' and status = 'active'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index homework_centre_worksheet_due_idx`.execute(db);
  await sql`drop index mail_messages_centre_status_created_idx`.execute(db);
  await sql`drop index courses_centre_title_idx`.execute(db);
}
