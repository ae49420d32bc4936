#!/usr/bin/env bash
# ./scripts/restore-drill.sh — restore the database and every stored object from the off-site
# repository only, then verify: every table's row count and checksum against the backup's manifest,
# and every stored `files` row's object present with the right SHA-256. Run it on an empty machine
# (or a scratch database and storage) as the disaster-recovery drill; the result is recorded for the
# metrics and the system health page (DATA_DIR/ops-status/restore-drill.json).
#
# Options:
#   --env-file FILE         the environment of the machine restored into (DATABASE_URL, storage settings)
#   --backup-env-file FILE  BACKUP_S3_* and BACKUP_PASSPHRASE_FILE (default /etc/aetherlearn/backup.env if present)
#   --database-url URL      the (empty, existing) database to restore into (default: $DATABASE_URL)
#   --snapshot ID           which off-site snapshot (default: latest)
#   --yes                   do not ask before replacing the target database (required without a terminal)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"
source "$(dirname "$0")/lib/offsite.sh"

ENV_FILE="" BACKUP_ENV_FILE=/etc/aetherlearn/backup.env URL="" SNAPSHOT=latest YES=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift 2 ;;
    --backup-env-file) BACKUP_ENV_FILE="${2:?--backup-env-file needs a file}"; shift 2 ;;
    --database-url) URL="${2:?--database-url needs a URL}"; shift 2 ;;
    --snapshot) SNAPSHOT="${2:?--snapshot needs an id}"; shift 2 ;;
    --yes) YES=(--yes); shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -z "$ENV_FILE" ] || load_env_file "$ENV_FILE"
[ ! -f "$BACKUP_ENV_FILE" ] || load_env_file "$BACKUP_ENV_FILE"
URL="${URL:-${DATABASE_URL:-}}"
[ -n "$URL" ] || die "no database: pass --database-url or --env-file, or set DATABASE_URL"
require_cmd jq
STARTED="$(date +%s.%N)"
WORK="$(mktemp -d)"
offsite_env "$WORK/repository"
DONE=no
# Any way out before the end (die included) is recorded as a failed drill.
trap 'rm -rf "$WORK"; [ "$DONE" = yes ] || ops_status restore-drill false "failed: see the output of scripts/restore-drill.sh"' EXIT

note "fetching the repository from $OFFSITE_NAME"
offsite_pull || die "could not fetch the repository from $OFFSITE_NAME"
restic restore --quiet "$SNAPSHOT" --target "$WORK/restored" >&2
DUMP="$(find "$WORK/restored" -type f -name 'aetherlearn_*.dump' | sort | tail -n 1)"
ARCHIVE="$(find "$WORK/restored" -type f -name objects.tsv | head -n 1)"
[ -n "$DUMP" ] || die "snapshot $SNAPSHOT holds no database dump"
[ -n "$ARCHIVE" ] || die "snapshot $SNAPSHOT holds no object storage export"

"$ROOT/scripts/restore-database.sh" --database-url "$URL" --file "$DUMP" "${YES[@]}"
note "restoring object storage"
(cd "$ROOT" && bun scripts/storage-archive.ts import "$(dirname "$ARCHIVE")") >&2
note "verifying every stored file"
VERIFIED="$(cd "$ROOT" && DATABASE_URL="$URL" bun scripts/storage-archive.ts verify-files)"

DETAIL="$(basename "$DUMP"): tables match the manifest; $VERIFIED"
DONE=yes
ops_status restore-drill true "$DETAIL"
note "restore drill passed in $(elapsed_since "$STARTED") s: $DETAIL"
