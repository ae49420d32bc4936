-- One line per user table: "schema.table|rows|md5". The checksum hashes every row's text and
-- sorts the hashes, so it does not depend on physical row order; the same data gives the same line.
set timezone = 'UTC';
select format(
  'select %L, count(*), coalesce(md5(string_agg(h, %L order by h)), %L) from (select md5(t::text) as h from %I.%I t) rows',
  schemaname || '.' || tablename, '', '', schemaname, tablename
)
from pg_tables
where schemaname not in ('pg_catalog', 'information_schema')
order by schemaname, tablename
\gexec
