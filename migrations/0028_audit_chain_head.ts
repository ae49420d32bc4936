import { type Kysely, sql } from "kysely";

/**
 * The audit chain's lock and head in one round trip (issue 17): every audited write took the
 * centre's advisory lock in one statement and read the chain's head in a second, since a head
 * read in the locking statement would use a snapshot taken before the lock was granted. A
 * VOLATILE PL/pgSQL function takes a fresh snapshot for each statement it runs, so its head read,
 * after its lock, sees the row the previous holder committed. It also reserves the new row's id
 * and reports the isolation level (the writer refuses anything but READ COMMITTED).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_chain_head(lock_namespace int, chain text, centre uuid)
    returns table (next_id text, hash text, created_at timestamptz, isolation text)
    language plpgsql volatile as $$
    begin
      perform pg_advisory_xact_lock(lock_namespace, hashtext(chain));
      if centre is null then
        return query
          select nextval(pg_get_serial_sequence('audit_events', 'id'))::text, head.hash, head.created_at,
                 current_setting('transaction_isolation')
          from (select 1) as one
          left join lateral (
            select a.hash, a.created_at from audit_events a
            where a.centre_id is null order by a.created_at desc, a.id desc limit 1
          ) as head on true;
      else
        return query
          select nextval(pg_get_serial_sequence('audit_events', 'id'))::text, head.hash, head.created_at,
                 current_setting('transaction_isolation')
          from (select 1) as one
          left join lateral (
            select a.hash, a.created_at from audit_events a
            where a.centre_id = centre order by a.created_at desc, a.id desc limit 1
          ) as head on true;
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function audit_chain_head(int, text, uuid)`.execute(db);
}
