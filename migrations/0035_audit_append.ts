import { type Kysely, sql } from "kysely";

/**
 * An audited write in one statement, with the chain's lock held for as little as possible
 * (issue 17). Before, the writer took the centre's lock and read the head (audit_chain_head),
 * hashed the row in the web process and inserted it in a second round trip: the lock stayed held
 * across that round trip and whatever else the web process's event loop was doing between them,
 * and every other audited write of the centre queued behind it.
 *
 * The writer now sends the row's canonical JSON (src/platform/audit/canonical.ts) in four pieces,
 * split where the three values only known under the lock go: the creation time, the id and the
 * previous row's hash. This function takes the lock, reads the head under a fresh snapshot (as
 * audit_chain_head does: a VOLATILE function's statements each take one after the lock), reserves
 * the id, joins the pieces, hashes them (sha256 of the UTF-8 text, as the writer's node:crypto
 * did) and inserts the row. The verifier recomputes every hash from the stored row, so a
 * difference between this and the JavaScript serialisation shows as a broken chain in the tests.
 *
 * The creation time is the database's clock to the millisecond (what a JavaScript Date and the
 * stored value share), never earlier than the previous row's; written as Date.toISOString does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_append(
      lock_namespace int, chain text, centre uuid,
      piece_1 text, piece_2 text, piece_3 text, piece_4 text,
      actor uuid, role text, act text, kind text, target text,
      before_json text, after_json text, address text, agent text, request text
    )
    returns table (id text, hash text, created_at timestamptz)
    language plpgsql volatile as $$
    declare
      head_hash text;
      head_created timestamptz;
      new_id bigint;
      created timestamptz;
      digest text;
    begin
      if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'recordAudit needs a READ COMMITTED transaction, not %', current_setting('transaction_isolation');
      end if;
      perform pg_advisory_xact_lock(lock_namespace, hashtext(chain));
      if centre is null then
        select a.hash, a.created_at into head_hash, head_created from audit_events a
        where a.centre_id is null order by a.created_at desc, a.id desc limit 1;
      else
        select a.hash, a.created_at into head_hash, head_created from audit_events a
        where a.centre_id = centre order by a.created_at desc, a.id desc limit 1;
      end if;
      new_id := nextval(pg_get_serial_sequence('audit_events', 'id'));
      created := greatest(date_trunc('milliseconds', clock_timestamp()), head_created);
      digest := encode(sha256(convert_to(
        piece_1 || '"' || to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
          || piece_2 || '"' || new_id::text || '"'
          || piece_3 || coalesce('"' || head_hash || '"', 'null')
          || piece_4,
        'UTF8')), 'hex');
      insert into audit_events (id, centre_id, actor_id, actor_role, action, target_type, target_id, before, after,
                                ip, user_agent, request_id, created_at, prev_hash, hash)
      values (new_id, centre, actor, role, act, kind, target, before_json::jsonb, after_json::jsonb,
              address, agent, request, created, head_hash, digest);
      return query select new_id::text, digest, created;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function audit_append(int, text, uuid, text, text, text, text, uuid, text, text, text, text, text, text, text, text, text)`.execute(
    db,
  );
}
