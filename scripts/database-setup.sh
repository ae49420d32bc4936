#!/usr/bin/env bash
# ./scripts/database-setup.sh — roles, database, extensions and permissions on a fresh PostgreSQL.
# Usage: database-setup.sh [options]
# Two roles, each named (with its password, host, port and database) by its connection URL:
#   owner  (MIGRATE_DATABASE_URL) owns the database, its schema and every table and extension;
#          runs the migrations and restores (a restore drops every schema, so the role that
#          restores must own them and be able to create citext and pgcrypto again).
#   app    (DATABASE_URL) what the web and worker processes use: reads and writes rows, never the
#          schema; on audit_events only SELECT and INSERT. Tables are created later by the
#          migrations, so the app's privileges come from the owner's default privileges, and
#          scripts/lib/grants.sql (run after every migration and restore, and by --grants-only)
#          cuts audit_events back to SELECT and INSERT.
# Safe to run again: what exists is kept, passwords are set to the URLs' ones, grants re-applied.
#
# Options:
#   --env-file FILE    read DATABASE_URL (app) and MIGRATE_DATABASE_URL (owner) from FILE(s);
#                      may be given twice (the app's .env.production and the deploy's migrate.env)
#   --app-url URL      the app role's URL, e.g. postgres://aetherlearn:PASSWORD@127.0.0.1:5432/aetherlearn
#   --owner-url URL    the owner role's URL (same host, port and database as the app's)
#   --admin-url URL    a superuser connection (default: the local socket as the postgres OS user)
#   --grants-only      only re-apply the table grants, connecting as the owner
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

APP_URL="" OWNER_URL="" ADMIN_URL="" GRANTS_ONLY=no ENV_FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --env-file) ENV_FILES+=("${2:?--env-file needs a file}"); shift 2 ;;
    --app-url) APP_URL="${2:?--app-url needs a URL}"; shift 2 ;;
    --owner-url) OWNER_URL="${2:?--owner-url needs a URL}"; shift 2 ;;
    --admin-url) ADMIN_URL="${2:?--admin-url needs a URL}"; shift 2 ;;
    --grants-only) GRANTS_ONLY=yes; shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
for file in "${ENV_FILES[@]}"; do load_env_file "$file"; done
APP_URL="${APP_URL:-${DATABASE_URL:-}}"
OWNER_URL="${OWNER_URL:-${MIGRATE_DATABASE_URL:-}}"
require_cmd psql
[ -n "$OWNER_URL" ] || die "no owner URL: pass --owner-url or an --env-file with MIGRATE_DATABASE_URL"

if [ "$GRANTS_ONLY" = yes ]; then
  psql_url "$OWNER_URL" -f "$ROOT/scripts/lib/grants.sql" >/dev/null || die "re-applying the grants failed"
  note "grants re-applied in $(database_name "$OWNER_URL")"
  exit 0
fi
[ -n "$APP_URL" ] || die "no app URL: pass --app-url or an --env-file with DATABASE_URL"

# parse_url URL PREFIX: sets PREFIX_USER, _PASSWORD (percent-decoded), _HOST, _PORT, _DB.
parse_url() {
  local re='^postgres(ql)?://([^:@/]+):([^@/]*)@([^:/?]+)(:([0-9]+))?/([^/?]+)(\?.*)?$'
  [[ "$1" =~ $re ]] || die "$2 URL must look like postgres://ROLE:PASSWORD@HOST:PORT/DATABASE"
  local password="${BASH_REMATCH[3]}"
  printf -v "$2_USER" '%s' "${BASH_REMATCH[2]}"
  printf -v "$2_PASSWORD" '%b' "${password//%/\\x}"
  printf -v "$2_HOST" '%s' "${BASH_REMATCH[4]}"
  printf -v "$2_PORT" '%s' "${BASH_REMATCH[6]:-5432}"
  printf -v "$2_DB" '%s' "${BASH_REMATCH[7]}"
}
parse_url "$APP_URL" APP
parse_url "$OWNER_URL" OWNER
[ "$APP_DB" = "$OWNER_DB" ] || die "the app and owner URLs name different databases ($APP_DB, $OWNER_DB)"
[ "$APP_HOST:$APP_PORT" = "$OWNER_HOST:$OWNER_PORT" ] || die "the app and owner URLs name different servers"
[ "$APP_USER" != "$OWNER_USER" ] || die "the app and owner must be different roles (both are $APP_USER)"
[ -n "$APP_PASSWORD" ] && [ -n "$OWNER_PASSWORD" ] || die "both URLs need a password (generate-env-production.sh makes them)"
for name in "$APP_USER" "$OWNER_USER" "$APP_DB"; do
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "'$name' is not a plain lower-case PostgreSQL name"
done

# admin [DATABASE] < SQL: as the superuser; passwords travel in the environment (\getenv), never argv.
admin() {
  local database="${1:-postgres}"
  local env=(env APP_PASSWORD="$APP_PASSWORD" OWNER_PASSWORD="$OWNER_PASSWORD")
  if [ -n "$ADMIN_URL" ]; then
    local base="${ADMIN_URL%%\?*}" query=""
    [ "$base" = "$ADMIN_URL" ] || query="?${ADMIN_URL#*\?}"
    "${env[@]}" psql "${base%/*}/$database$query" -X -qtA -v ON_ERROR_STOP=1
  else
    as_pg_owner "${env[@]}" psql -X -qtA -v ON_ERROR_STOP=1 -p "$APP_PORT" -d "$database"
  fi
}

note "roles $OWNER_USER (owner) and $APP_USER (app)"
admin <<SQL || die "creating the roles failed (is --admin-url a superuser?)"
set client_min_messages = warning;
\getenv owner_password OWNER_PASSWORD
\getenv app_password APP_PASSWORD
select format('create role %I', '$OWNER_USER') where not exists (select from pg_roles where rolname = '$OWNER_USER') \gexec
select format('create role %I', '$APP_USER') where not exists (select from pg_roles where rolname = '$APP_USER') \gexec
alter role "$OWNER_USER" login nosuperuser nocreatedb nocreaterole noreplication password :'owner_password';
alter role "$APP_USER" login nosuperuser nocreatedb nocreaterole noreplication password :'app_password';
select format('create database %I owner %I encoding %L template template0', '$APP_DB', '$OWNER_USER', 'UTF8')
  where not exists (select from pg_database where datname = '$APP_DB') \gexec
alter database "$APP_DB" owner to "$OWNER_USER";
revoke all on database "$APP_DB" from public;
grant connect, temporary on database "$APP_DB" to "$APP_USER";
SQL

note "database $APP_DB: extensions, schema and default privileges"
admin "$APP_DB" <<SQL >/dev/null || die "setting up database $APP_DB failed"
set client_min_messages = warning;
revoke create on schema public from public;
grant usage on schema public to "$APP_USER";
-- Everything below is done as the owner, so it owns the extensions and its defaults apply.
set role "$OWNER_USER";
create extension if not exists citext;
create extension if not exists pgcrypto;
-- Not limited to a schema: a restore drops and recreates public, and these must outlive it.
alter default privileges for role "$OWNER_USER" grant usage on schemas to "$APP_USER";
alter default privileges for role "$OWNER_USER" grant select, insert, update, delete on tables to "$APP_USER";
alter default privileges for role "$OWNER_USER" grant usage, select on sequences to "$APP_USER";
\i $ROOT/scripts/lib/grants.sql
SQL

owners="$(admin "$APP_DB" <<<"select string_agg(extname || '=' || extowner::regrole, ' ' order by extname) from pg_extension where extname in ('citext', 'pgcrypto')")"
[ "$owners" = "citext=$OWNER_USER pgcrypto=$OWNER_USER" ] ||
  note "warning: extensions not owned by $OWNER_USER ($owners): a restore as $OWNER_USER cannot recreate them"
psql_url "$APP_URL" -c "select 1" >/dev/null || die "the app role cannot connect with its URL (check pg_hba.conf allows scram-sha-256 from $APP_HOST)"
psql_url "$OWNER_URL" -c "select 1" >/dev/null || die "the owner role cannot connect with its URL"
echo "database $APP_DB is ready: migrate as $OWNER_USER (MIGRATE_DATABASE_URL), run the app as $APP_USER (DATABASE_URL)"
