#!/usr/bin/env bash
# ./scripts/offsite-backup.sh — the database and every stored object to the off-site repository.
# A fresh pg_dump (with its table manifest) and an export of object storage (either driver) go into
# one restic snapshot on the second S3 endpoint (BACKUP_S3_*), encrypted with the passphrase in
# BACKUP_PASSPHRASE_FILE; then the repository's retention is applied. The result is recorded for
# the metrics and the system health page (DATA_DIR/ops-status/offsite-backup.json).
#
# Options:
#   --env-file FILE         the app environment (DATABASE_URL, DATA_DIR, storage settings)
#   --backup-env-file FILE  BACKUP_S3_* and BACKUP_PASSPHRASE_FILE (default /etc/aetherlearn/backup.env if present)
#   --database-url URL      database to back up (default: $DATABASE_URL)
#   --stage DIR             staging folder (default: $BACKUP_DIR/offsite-stage, /var/backups/aetherlearn/…)
# Retention (environment): BACKUP_KEEP_DAILY (7), BACKUP_KEEP_WEEKLY (5), BACKUP_KEEP_MONTHLY (12).
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"
source "$(dirname "$0")/lib/offsite.sh"

ENV_FILE="" BACKUP_ENV_FILE=/etc/aetherlearn/backup.env URL="" STAGE=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift 2 ;;
    --backup-env-file) BACKUP_ENV_FILE="${2:?--backup-env-file needs a file}"; shift 2 ;;
    --database-url) URL="${2:?--database-url needs a URL}"; shift 2 ;;
    --stage) STAGE="${2:?--stage needs a folder}"; shift 2 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -z "$ENV_FILE" ] || load_env_file "$ENV_FILE"
[ ! -f "$BACKUP_ENV_FILE" ] || load_env_file "$BACKUP_ENV_FILE"
URL="${URL:-${DATABASE_URL:-}}"
[ -n "$URL" ] || die "no database: pass --database-url or --env-file, or set DATABASE_URL"
STAGE="${STAGE:-${BACKUP_DIR:-/var/backups/aetherlearn}/offsite-stage}"
require_cmd jq
offsite_env "$STAGE/repository"
STARTED="$(date +%s.%N)"

DONE=no
# Any way out before the end (die included) is recorded as a failed run.
trap '[ "$DONE" = yes ] || ops_status offsite-backup false "failed: see the journal of aetherlearn-offsite-backup"' EXIT

offsite_init
rm -rf "$STAGE/database" && mkdir -p "$STAGE/database"
note "dumping the database"
DUMP="$("$ROOT/scripts/backup-database.sh" --database-url "$URL" --dir "$STAGE/database" --label offsite --offsite never | tail -n 1)"
note "exporting object storage"
OBJECTS="$(cd "$ROOT" && bun scripts/storage-archive.ts export "$STAGE/storage")"

note "taking the snapshot"
(cd "$STAGE" && restic backup --tag aetherlearn --host aetherlearn --json database storage) >"$STAGE/summary.json"
SNAPSHOT="$(jq -r 'select(.message_type == "summary") | .snapshot_id' "$STAGE/summary.json" | tail -n 1)"
[ -n "$SNAPSHOT" ] || die "restic reported no snapshot"
note "applying retention"
restic forget --quiet --tag aetherlearn --prune \
  --keep-daily "${BACKUP_KEEP_DAILY:-7}" --keep-weekly "${BACKUP_KEEP_WEEKLY:-5}" --keep-monthly "${BACKUP_KEEP_MONTHLY:-12}" >&2
note "sending the repository to $OFFSITE_NAME"
offsite_push || die "could not send the repository to $OFFSITE_NAME"

DETAIL="snapshot ${SNAPSHOT:0:8}: $(basename "$DUMP"), $OBJECTS"
DONE=yes
ops_status offsite-backup true "$DETAIL"
note "off-site backup done in $(elapsed_since "$STARTED") s: $DETAIL"
echo "$SNAPSHOT"
