#!/usr/bin/env bash
# ./scripts/pitr.sh — continuous archiving and point-in-time restore with pgBackRest.
# Usage: pitr.sh [--config FILE] COMMAND
#   setup             write pgbackrest.conf, turn on WAL archiving (restarting PostgreSQL if needed),
#                     create the stanza, check archiving works, take a first full backup if none
#   backup [TYPE]     full | diff | incr (default incr; pgBackRest makes a full one if there is none)
#   check             force a WAL switch and confirm the segment reached the repository
#   info              list backups and the archived WAL range (what can be restored)
#   restore --time T [--yes]
#                     stop PostgreSQL, restore the whole cluster to time T (e.g. "2026-03-01 14:05:00+00"),
#                     replay WAL up to T, promote, start; prints how long it took (the RTO)
# WAL is archived as it fills and at least every ARCHIVE_TIMEOUT seconds, so the recovery point is
# at most that old (the RPO). Runs pgBackRest as the PostgreSQL OS user, as archive_command does.
#
# Settings (--config FILE, default /etc/aetherlearn/pitr.env), with their defaults:
#   PITR_STANZA=aetherlearn  PG_DATA=/var/lib/postgresql/15/main  PG_PORT=5432
#   PG_SOCKET_DIR=/var/run/postgresql  PG_SUPERUSER=postgres  PG_OS_USER=postgres
#   PGBACKREST_CONFIG=/etc/pgbackrest/pgbackrest.conf  PGBACKREST_REPO_PATH=/var/lib/pgbackrest
#   PGBACKREST_REPO_TYPE=posix (or s3, with PGBACKREST_S3_ENDPOINT, _BUCKET, _REGION, _KEY, _KEY_SECRET;
#     pgBackRest speaks HTTPS only: _ENDPOINT is a host name its certificate names, _PORT (443)
#     and _CA_FILE when the certificate is not from a public authority)
#   PGBACKREST_CIPHER_PASS (set it to encrypt the repository)  PGBACKREST_LOG_PATH=/var/log/pgbackrest
#   RETENTION_FULL=2  ARCHIVE_TIMEOUT=60
#   PG_STOP_CMD / PG_START_CMD / PG_RESTART_CMD (default: pg_ctlcluster 15 main stop|start|restart)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

CONFIG="${PITR_CONFIG:-/etc/aetherlearn/pitr.env}" COMMAND="" ARG="" TARGET_TIME="" YES=no
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --config) CONFIG="${2:?--config needs a file}"; shift 2 ;;
    --time) TARGET_TIME="${2:?--time needs a time}"; shift 2 ;;
    --yes) YES=yes; shift ;;
    setup | backup | check | info | restore) [ -z "$COMMAND" ] || die "one command at a time"; COMMAND="$1"; shift ;;
    full | diff | incr) ARG="$1"; shift ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[ -n "$COMMAND" ] || die "say what to do: setup, backup, check, info or restore (see --help)"
[ -f "$CONFIG" ] && load_env_file "$CONFIG"
# pgBackRest reads every PGBACKREST_* variable in its environment as an option (and PostgreSQL,
# restarted from here, would hand them to archive_command): these settings are this script's own.
for name in $(compgen -e | grep '^PGBACKREST_' || true); do export -n "$name"; done
PITR_STANZA="${PITR_STANZA:-aetherlearn}"
PG_DATA="${PG_DATA:-/var/lib/postgresql/15/main}"
PG_PORT="${PG_PORT:-5432}"
PG_SOCKET_DIR="${PG_SOCKET_DIR:-/var/run/postgresql}"
PG_SUPERUSER="${PG_SUPERUSER:-postgres}"
PG_OS_USER="${PG_OS_USER:-postgres}"
PGBACKREST_CONFIG="${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}"
PGBACKREST_REPO_PATH="${PGBACKREST_REPO_PATH:-/var/lib/pgbackrest}"
PGBACKREST_REPO_TYPE="${PGBACKREST_REPO_TYPE:-posix}"
PGBACKREST_LOG_PATH="${PGBACKREST_LOG_PATH:-/var/log/pgbackrest}"
RETENTION_FULL="${RETENTION_FULL:-2}"
ARCHIVE_TIMEOUT="${ARCHIVE_TIMEOUT:-60}"
PG_STOP_CMD="${PG_STOP_CMD:-pg_ctlcluster 15 main stop}"
PG_START_CMD="${PG_START_CMD:-pg_ctlcluster 15 main start}"
PG_RESTART_CMD="${PG_RESTART_CMD:-pg_ctlcluster 15 main restart}"
require_cmd pgbackrest psql jq

# as_os_user COMMAND...: as the PostgreSQL OS user, so the repository stays owned by it.
as_os_user() {
  if [ "$(id -un)" = "$PG_OS_USER" ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_OS_USER" -- "$@"
  else die "run as root or as $PG_OS_USER"; fi
}
pgbr() { as_os_user pgbackrest --config="$PGBACKREST_CONFIG" --stanza="$PITR_STANZA" "$@"; }
pg() { as_os_user psql -X -qtA -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"; }

write_config() {
  local repo
  if [ "$PGBACKREST_REPO_TYPE" = s3 ]; then
    repo="repo1-type=s3
repo1-path=/pgbackrest
repo1-s3-endpoint=${PGBACKREST_S3_ENDPOINT:?PGBACKREST_S3_ENDPOINT is required for an s3 repository}
${PGBACKREST_S3_PORT:+repo1-storage-port=$PGBACKREST_S3_PORT
}${PGBACKREST_S3_CA_FILE:+repo1-storage-ca-file=$PGBACKREST_S3_CA_FILE
}repo1-s3-bucket=${PGBACKREST_S3_BUCKET:-aetherlearn-backups}
repo1-s3-region=${PGBACKREST_S3_REGION:-us-east-1}
repo1-s3-key=${PGBACKREST_S3_KEY:?PGBACKREST_S3_KEY is required}
repo1-s3-key-secret=${PGBACKREST_S3_KEY_SECRET:?PGBACKREST_S3_KEY_SECRET is required}
repo1-s3-uri-style=path"
  else
    repo="repo1-path=$PGBACKREST_REPO_PATH"
    mkdir -p "$PGBACKREST_REPO_PATH"
    [ "$(id -u)" -ne 0 ] || chown "$PG_OS_USER": "$PGBACKREST_REPO_PATH"
  fi
  mkdir -p "$(dirname "$PGBACKREST_CONFIG")" "$PGBACKREST_LOG_PATH"
  [ "$(id -u)" -ne 0 ] || chown "$PG_OS_USER": "$PGBACKREST_LOG_PATH"
  local content
  content="# Written by scripts/pitr.sh setup; edit its settings file instead.
[global]
$repo
repo1-retention-full=$RETENTION_FULL
repo1-bundle=y
${PGBACKREST_CIPHER_PASS:+repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$PGBACKREST_CIPHER_PASS
}compress-type=zst
start-fast=y
log-path=$PGBACKREST_LOG_PATH
lock-path=$PGBACKREST_LOG_PATH/lock
log-level-console=warn

[$PITR_STANZA]
pg1-path=$PG_DATA
pg1-port=$PG_PORT
pg1-socket-path=$PG_SOCKET_DIR
pg1-user=$PG_SUPERUSER"
  (umask 077 && printf '%s\n' "$content" >"$PGBACKREST_CONFIG")
  [ "$(id -u)" -ne 0 ] || chown "$PG_OS_USER": "$PGBACKREST_CONFIG"
}

enable_archiving() {
  pg -c "alter system set wal_level = 'replica'" \
    -c "alter system set archive_mode = 'on'" \
    -c "alter system set archive_command = 'pgbackrest --config=$PGBACKREST_CONFIG --stanza=$PITR_STANZA archive-push %p'" \
    -c "alter system set archive_timeout = '${ARCHIVE_TIMEOUT}s'" \
    -c "select pg_reload_conf()" >/dev/null
  if [ "$(pg -c "select count(*) from pg_settings where pending_restart")" != 0 ]; then
    note "restarting PostgreSQL to turn on archiving"
    bash -c "$PG_RESTART_CMD" >&2 || die "PostgreSQL restart failed: $PG_RESTART_CMD"
    wait_for_postgres
  fi
}

wait_for_postgres() {
  for _ in $(seq 1 120); do pg -c "select 1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "PostgreSQL did not come back on port $PG_PORT"
}

backup_count() { pgbr info --output=json | jq '[.[].backup[]] | length'; }

cmd_setup() {
  write_config
  enable_archiving
  pgbr stanza-create >&2 || die "pgbackrest stanza-create failed"
  pgbr check >&2 || die "pgbackrest check failed: WAL archiving is not working (see $PGBACKREST_LOG_PATH)"
  if [ "$(backup_count)" -eq 0 ]; then note "taking the first full backup"; pgbr backup --type=full >&2; fi
  note "point-in-time recovery is set up (stanza $PITR_STANZA, WAL archived at least every ${ARCHIVE_TIMEOUT}s)"
}

cmd_restore() {
  [ -n "$TARGET_TIME" ] || die "restore needs --time, e.g. --time \"2026-03-01 14:05:00+00\""
  local target_epoch
  target_epoch="$(date -d "$TARGET_TIME" +%s 2>/dev/null)" || die "not a time: $TARGET_TIME"
  [ "$target_epoch" -le "$(date +%s)" ] || die "$TARGET_TIME is in the future"
  if [ "$YES" != yes ]; then
    [ -t 0 ] || die "refusing to replace the whole cluster without --yes when not run from a terminal"
    read -r -p "This stops PostgreSQL and rewinds every database in $PG_DATA to $TARGET_TIME. Type 'restore' to go on: " answer
    [ "$answer" = restore ] || die "not confirmed; nothing changed"
  fi
  # Chosen before anything stops: the newest backup that ended before the target.
  local set
  set="$(pgbr info --output=json | jq -r --argjson t "$target_epoch" \
    '[.[].backup[] | select(.timestamp.stop < $t)] | sort_by(.timestamp.stop) | last | .label // empty')"
  [ -n "$set" ] || die "no backup ended before $TARGET_TIME: the earliest restorable time is after the first backup"
  local started; started="$(date +%s.%N)"
  note "stopping PostgreSQL"
  bash -c "$PG_STOP_CMD" >&2 || die "could not stop PostgreSQL: $PG_STOP_CMD"
  note "restoring backup $set, then replaying WAL up to $TARGET_TIME"
  pgbr restore --delta --set="$set" --type=time --target="$TARGET_TIME" --target-action=promote >&2 ||
    die "pgbackrest restore failed (PostgreSQL is stopped; see $PGBACKREST_LOG_PATH)"
  bash -c "$PG_START_CMD" >&2 || die "could not start PostgreSQL: $PG_START_CMD"
  for _ in $(seq 1 600); do
    [ "$(pg -c "select pg_is_in_recovery()" 2>/dev/null)" = f ] && break
    sleep 0.2
  done
  [ "$(pg -c "select pg_is_in_recovery()")" = f ] || die "PostgreSQL is still recovering; see its log"
  echo "restored to $TARGET_TIME and promoted in $(elapsed_since "$started") s"
}

case "$COMMAND" in
  setup) cmd_setup ;;
  backup) pgbr backup --type="${ARG:-incr}" >&2 && note "backup done" ;;
  check) pgbr check >&2 && note "WAL archiving works" ;;
  info) pgbr info ;;
  restore) cmd_restore ;;
esac
