#!/usr/bin/env bash
# ./scripts/backup-database.sh — dump the database (pg_dump custom format, compressed).
# Writes BACKUP_DIR/aetherlearn_<UTC time>[_<label>].dump with a .sha256 and a .manifest (rows and
# checksum of every table, taken from the same snapshot as the dump, so a restore can be verified).
# Deletes local dumps older than the retention; on Sundays (or with --offsite always) also sends a
# copy, encrypted with gpg (AES-256, passphrase file), to the backups bucket through the storage layer.
# Prints the dump's path as the last line of stdout.
#
# Options:
#   --env-file FILE        load the app environment (DATABASE_URL, storage settings) from FILE
#   --database-url URL     database to dump (default: $DATABASE_URL)
#   --dir DIR              where dumps live (default: $BACKUP_DIR or /var/backups/aetherlearn)
#   --label NAME           added to the file name, e.g. pre-deploy
#   --retention-days N     delete local dumps older than N days (default: $BACKUP_RETENTION_DAYS or 30)
#   --offsite auto|always|never   the encrypted off-site copy (default auto: Sundays only)
#   --passphrase-file FILE gpg passphrase for the off-site copy (default: $BACKUP_PASSPHRASE_FILE)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

ENV_FILE="" URL="" LABEL="" OFFSITE=auto
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift 2 ;;
    --database-url) URL="${2:?--database-url needs a URL}"; shift 2 ;;
    --dir) BACKUP_DIR="${2:?--dir needs a folder}"; shift 2 ;;
    --label) LABEL="${2:?--label needs a name}"; shift 2 ;;
    --retention-days) BACKUP_RETENTION_DAYS="${2:?--retention-days needs a number}"; shift 2 ;;
    --offsite) OFFSITE="${2:?--offsite needs auto, always or never}"; shift 2 ;;
    --passphrase-file) BACKUP_PASSPHRASE_FILE="${2:?--passphrase-file needs a file}"; shift 2 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -z "$ENV_FILE" ] || load_env_file "$ENV_FILE"
URL="${URL:-${DATABASE_URL:-}}"
[ -n "$URL" ] || die "no database: pass --database-url or --env-file, or set DATABASE_URL"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/aetherlearn}"
RETENTION="${BACKUP_RETENTION_DAYS:-30}"
[[ "$RETENTION" =~ ^[0-9]+$ ]] || die "--retention-days must be a whole number of days"
[[ "$LABEL" =~ ^[A-Za-z0-9-]*$ ]] || die "--label may contain only letters, digits and dashes"
case "$OFFSITE" in auto | always | never) ;; *) die "--offsite must be auto, always or never" ;; esac
require_cmd pg_dump psql sha256sum

umask 077
mkdir -p "$BACKUP_DIR"
# Milliseconds keep two backups in one second (a deploy right after the nightly run) apart.
NAME="aetherlearn_$(date -u +%Y%m%dT%H%M%S.%3NZ)${LABEL:+_$LABEL}"
DUMP="$BACKUP_DIR/$NAME.dump"
[ ! -e "$DUMP" ] || die "$DUMP already exists"
STARTED="$(date +%s.%N)"

# A repeatable-read transaction held open by a coprocess exports its snapshot; pg_dump and the
# manifest both read that snapshot, so the manifest describes exactly the data in the dump.
coproc SNAPSHOT { psql "$URL" -X -qtA -v ON_ERROR_STOP=1 2>&1; }
# Bash unsets SNAPSHOT_PID (and SNAPSHOT) as soon as the coprocess ends, which can be before the
# `wait` below on a quick machine: keep our own copies.
SNAPSHOT_CHILD="$SNAPSHOT_PID"
SNAPSHOT_IN="${SNAPSHOT[1]}"
trap 'kill "$SNAPSHOT_CHILD" 2>/dev/null || true; rm -f "$DUMP.partial" "$DUMP.manifest.partial"' EXIT
echo "begin isolation level repeatable read read only; select pg_export_snapshot();" >&"$SNAPSHOT_IN"
read -r -t 30 SNAPSHOT_ID <&"${SNAPSHOT[0]}" || die "could not open a snapshot on the database"
[[ "$SNAPSHOT_ID" =~ ^[0-9A-F-]+$ ]] || die "could not open a snapshot on the database: $SNAPSHOT_ID"

note "dumping $(database_name "$URL") to $DUMP"
pg_dump --dbname="$URL" --format=custom --compress=9 --snapshot="$SNAPSHOT_ID" --file="$DUMP.partial" ||
  die "pg_dump failed"
{
  echo "begin isolation level repeatable read read only; set transaction snapshot '$SNAPSHOT_ID';"
  cat "$FINGERPRINT_SQL"
  echo "commit;"
} | psql_url "$URL" >"$DUMP.manifest.partial" || die "could not record the table manifest"
echo "commit;" >&"$SNAPSHOT_IN"
exec {SNAPSHOT_IN}>&-
wait "$SNAPSHOT_CHILD" 2>/dev/null || true

mv "$DUMP.manifest.partial" "$DUMP.manifest"
mv "$DUMP.partial" "$DUMP"
(cd "$BACKUP_DIR" && sha256sum "$NAME.dump" >"$NAME.dump.sha256")
note "backup written: $(du -h "$DUMP" | cut -f1), $(wc -l <"$DUMP.manifest") tables, $(elapsed_since "$STARTED") s"

# Retention: a dump and its companions go together.
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'aetherlearn_*.dump*' -mtime +"$RETENTION" -print -delete |
  sed 's/^/removed old backup: /' >&2

if [ "$OFFSITE" = always ] || { [ "$OFFSITE" = auto ] && [ "$(date +%u)" = 7 ]; }; then
  PASSPHRASE="${BACKUP_PASSPHRASE_FILE:-}"
  [ -n "$PASSPHRASE" ] && [ -r "$PASSPHRASE" ] ||
    die "the off-site copy needs --passphrase-file or BACKUP_PASSPHRASE_FILE (the dump itself is kept: $DUMP)"
  require_cmd gpg
  gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-file "$PASSPHRASE" \
    --symmetric --cipher-algo AES256 --compress-algo none --output "$DUMP.gpg" "$DUMP"
  (cd "$ROOT" && bun scripts/backup-storage.ts put "weekly/$NAME.dump.gpg" "$DUMP.gpg" &&
    bun scripts/backup-storage.ts put "weekly/$NAME.dump.manifest" "$DUMP.manifest") >&2 ||
    die "could not copy the encrypted backup to the backups bucket"
  rm -f "$DUMP.gpg"
  note "encrypted copy stored in the backups bucket as weekly/$NAME.dump.gpg"
fi
echo "$DUMP"
