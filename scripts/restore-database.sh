#!/usr/bin/env bash
# ./scripts/restore-database.sh — restore the database from a backup, then verify it.
# Usage: restore-database.sh [options] (--file DUMP | --offsite KEY | latest)
# Checks the dump's .sha256 first; restores in one transaction (the database ends up exactly as
# dumped, tables added since included, or unchanged if anything fails); then verifies every table's row count and checksum
# against the .manifest written at backup time. The database must exist (database-setup.sh); restore
# as its owner role (MIGRATE_DATABASE_URL) where there are two roles.
#
# Options:
#   --env-file FILE        load the app environment (DATABASE_URL, storage settings) from FILE
#   --database-url URL     database to restore into (default: $DATABASE_URL)
#   --dir DIR              where `latest` looks (default: $BACKUP_DIR or /var/backups/aetherlearn)
#   --file DUMP            a .dump from backup-database.sh, or its encrypted .dump.gpg copy
#   --offsite KEY          fetch an encrypted copy from the backups bucket, e.g. weekly/aetherlearn_….dump.gpg
#   --passphrase-file FILE gpg passphrase for encrypted copies (default: $BACKUP_PASSPHRASE_FILE)
#   --yes                  do not ask for confirmation (required when not run from a terminal)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

ENV_FILE="" URL="" DUMP="" OFFSITE_KEY="" YES=no
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift 2 ;;
    --database-url) URL="${2:?--database-url needs a URL}"; shift 2 ;;
    --dir) BACKUP_DIR="${2:?--dir needs a folder}"; shift 2 ;;
    --file) DUMP="${2:?--file needs a dump}"; shift 2 ;;
    --offsite) OFFSITE_KEY="${2:?--offsite needs a key}"; shift 2 ;;
    --passphrase-file) BACKUP_PASSPHRASE_FILE="${2:?--passphrase-file needs a file}"; shift 2 ;;
    --yes) YES=yes; shift ;;
    latest) DUMP=latest; shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -z "$ENV_FILE" ] || load_env_file "$ENV_FILE"
URL="${URL:-${DATABASE_URL:-}}"
[ -n "$URL" ] || die "no database: pass --database-url or --env-file, or set DATABASE_URL"
[ -n "$DUMP" ] || [ -n "$OFFSITE_KEY" ] || die "say what to restore: --file DUMP, --offsite KEY or latest"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/aetherlearn}"
require_cmd pg_restore psql sha256sum
STARTED="$(date +%s.%N)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ "$DUMP" = latest ]; then
  DUMP="$(find "$BACKUP_DIR" -maxdepth 1 -type f -name 'aetherlearn_*.dump' 2>/dev/null | sort | tail -n 1)"
  [ -n "$DUMP" ] || die "no backups in $BACKUP_DIR"
fi
if [ -n "$OFFSITE_KEY" ]; then
  DUMP="$WORK/$(basename "$OFFSITE_KEY")"
  (cd "$ROOT" && bun scripts/backup-storage.ts get "$OFFSITE_KEY" "$DUMP") >&2 || die "could not fetch $OFFSITE_KEY"
  (cd "$ROOT" && bun scripts/backup-storage.ts get "${OFFSITE_KEY%.gpg}.manifest" "${DUMP%.gpg}.manifest") >&2 ||
    note "no manifest stored beside $OFFSITE_KEY"
fi
[ -f "$DUMP" ] || die "backup not found: $DUMP"

if [ -f "$DUMP.sha256" ]; then
  (cd "$(dirname "$DUMP")" && sha256sum --check --quiet "$(basename "$DUMP").sha256" >&2) ||
    die "$DUMP does not match its checksum: the file is damaged; pick another backup"
fi
MANIFEST="${DUMP%.gpg}.manifest"
if [[ "$DUMP" == *.gpg ]]; then
  PASSPHRASE="${BACKUP_PASSPHRASE_FILE:-}"
  [ -n "$PASSPHRASE" ] && [ -r "$PASSPHRASE" ] || die "$DUMP is encrypted: pass --passphrase-file"
  require_cmd gpg
  PLAIN="$WORK/$(basename "${DUMP%.gpg}")"
  gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$PASSPHRASE" --decrypt --output "$PLAIN" "$DUMP" ||
    die "could not decrypt $DUMP (wrong passphrase?)"
  DUMP="$PLAIN"
fi
pg_restore --list "$DUMP" >/dev/null || die "$DUMP is not a readable pg_dump archive"

DATABASE="$(database_name "$URL")"
psql_url "$URL" -c "select 1" >/dev/null ||
  die "cannot connect to database $DATABASE (create it with ./scripts/database-setup.sh first)"
if [ "$YES" != yes ]; then
  [ -t 0 ] || die "refusing to overwrite $DATABASE without --yes when not run from a terminal"
  read -r -p "This replaces every table in $DATABASE with $DUMP. Type the database name to go on: " answer
  [ "$answer" = "$DATABASE" ] || die "not confirmed; nothing changed"
fi

# Exact, and all or nothing: in one transaction, drop every schema (so tables created after the
# backup go too), then replay the dump. Comments on extensions are skipped: only their owner may
# set them, and they carry no data.
note "restoring $DUMP into $DATABASE"
pg_restore --list "$DUMP" | grep -v ' COMMENT - EXTENSION ' >"$WORK/contents"
DROP_SCHEMAS="$(psql_url "$URL" -c "select string_agg(format('drop schema %I cascade;', nspname), ' ')
  from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'")"
{
  echo "set client_min_messages = warning;"
  echo "$DROP_SCHEMAS"
  echo "create schema if not exists public;"
  pg_restore --no-owner --no-privileges --use-list="$WORK/contents" --file=- "$DUMP"
} | psql_url "$URL" --single-transaction >/dev/null ||
  die "the restore failed; its transaction was rolled back and $DATABASE is unchanged"

# The restore used --no-privileges: the owner's default privileges gave the tables back to the app
# role, and grants.sql narrows audit_events again (a no-op where there is only one role).
psql_url "$URL" -f "$ROOT/scripts/lib/grants.sql" >/dev/null || die "restored, but re-applying the app role's grants failed"

if [ -f "$MANIFEST" ]; then
  fingerprint_database "$URL" >"$WORK/after"
  if ! diff -u "$MANIFEST" "$WORK/after" >"$WORK/diff"; then
    cat "$WORK/diff" >&2
    die "verification failed: the restored tables differ from the backup's manifest (above)"
  fi
  note "verified: $(wc -l <"$MANIFEST") tables have the same row counts and checksums as when backed up"
else
  note "no manifest beside the dump: checked only that the restore completed ($(fingerprint_database "$URL" | wc -l) tables)"
fi
note "restore finished in $(elapsed_since "$STARTED") s"
