-- Re-applies the app role's table privileges; run as the owner role after migrations and restores.
-- The app role is whoever the owner's default privileges grant to (database-setup.sh set them up),
-- so callers need not know its name; with no such grants (one-role setups, tests) this does nothing.
-- Default privileges give the app SELECT/INSERT/UPDATE/DELETE on every table the owner creates,
-- which includes audit_events: here it is cut back to SELECT and INSERT, as the log is append-only.
set client_min_messages = warning;
do $$
declare
  app text;
begin
  for app in
    select distinct acl.grantee::regrole::text
    from pg_default_acl d, aclexplode(d.defaclacl) acl
    where d.defaclrole = (select oid from pg_roles where rolname = current_user)
      and d.defaclobjtype = 'r' and acl.grantee not in (0, d.defaclrole)
  loop
    execute format('grant usage on schema public to %I', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    if to_regclass('public.audit_events') is not null then
      execute format('revoke update, delete, truncate, references, trigger on public.audit_events from %I', app);
    end if;
  end loop;
end $$;
