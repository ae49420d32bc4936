#!/usr/bin/env bash
# ./scripts/build-and-deploy.sh — deploy a new release, rolling back by itself if it is unhealthy.
# Steps: back up the database; build the source into a new release folder (bun install, assets);
# run the migrations; switch `current` to it; restart; health-check. If the health check fails, it
# switches back to the previous release, restores the pre-deploy backup when the new release had
# migrated the database, restarts and checks again. Prints the time taken either way.
# Exit 0: deployed. Exit 1: nothing changed, or rolled back (the message says which).
#
# Options:
#   --config FILE   deploy settings (default: $DEPLOY_CONFIG or /etc/aetherlearn/deploy.env):
#                   DEPLOY_ROOT (/srv/aetherlearn), APP_ENV_FILE (/etc/aetherlearn/aetherlearn.env),
#                   RESTART_CMD (systemctl restart aetherlearn.target), HEALTH_URL
#                   (http://127.0.0.1:3001/api/health), HEALTH_WAIT (60 s), KEEP_RELEASES (5),
#                   BACKUP_DIR (/var/backups/aetherlearn), INSTALL_CMD (bun install --frozen-lockfile --production),
#                   MIGRATE_ENV_FILE (/etc/aetherlearn/migrate.env) with MIGRATE_DATABASE_URL, the
#                   owner role for migrations and restores (without it, the app's DATABASE_URL)
#   --source DIR    what to deploy (default: this checkout)
set -euo pipefail
source "$(dirname "$0")/lib/deploy.sh"

CONFIG="" SOURCE="$ROOT"
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --config) CONFIG="${2:?--config needs a file}"; shift 2 ;;
    --source) SOURCE="${2:?--source needs a folder}"; shift 2 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -f "$SOURCE/package.json" ] || die "$SOURCE does not look like an AetherLearn checkout (no package.json)"
require_cmd bun flock tar pg_dump
load_deploy_config "$CONFIG"
take_deploy_lock
STARTED="$(date +%s.%N)"
PREVIOUS="$(current_release)"

source_revision() {
  # Only the source's own repository counts, not one that merely contains its folder.
  [ "$(git -C "$SOURCE" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$SOURCE" && pwd -P)" ] || { echo nogit; return; }
  git -C "$SOURCE" rev-parse --short=10 HEAD
  git -C "$SOURCE" diff --quiet HEAD 2>/dev/null || echo "-dirty"
}
REVISION="$(source_revision | tr -d '\n')"
NAME="$(date -u +%Y%m%dT%H%M%SZ)-$REVISION"
while [ -e "$RELEASES/$NAME" ]; do NAME="$NAME-1"; done
RELEASE="$RELEASES/$NAME"

# Until the switch, a failure leaves the running release untouched; only the new folder goes.
abandon() {
  rm -rf "$RELEASE"
  die "$1; nothing was changed (still serving ${PREVIOUS:-nothing}) after $(elapsed_since "$STARTED") s"
}

note "1/6 backing up the database"
BACKUP="$("$ROOT/scripts/backup-database.sh" --env-file "$APP_ENV_FILE" --dir "$BACKUP_DIR" --label pre-deploy --offsite never)" ||
  die "the pre-deploy backup failed; not deploying"

note "2/6 building release $NAME from $SOURCE"
mkdir -p "$RELEASE"
tar -C "$SOURCE" --exclude=./.git --exclude=./node_modules --exclude=./.data --exclude=./test-results \
  --exclude='./.env' --exclude='./.env.local' --exclude='./.env.production' -cf - . | tar -C "$RELEASE" -xf - ||
  abandon "copying the source failed"
run_in_release "$NAME" bash -c "$INSTALL_CMD" >&2 || abandon "installing dependencies failed"
cat >"$RELEASE/.release.env" <<EOF
RELEASE_NAME=$NAME
RELEASE_REVISION=$REVISION
RELEASE_PREVIOUS=$PREVIOUS
RELEASE_BACKUP=$BACKUP
EOF

note "3/6 migrating the database"
# As the owner role when the database has two (database-setup.sh), then the app's grants again.
MIGRATE_OUTPUT="$(run_in_release "$NAME" bash -c 'export DATABASE_URL="${MIGRATE_DATABASE_URL:-$DATABASE_URL}"
  bun run --silent migrate && psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -f scripts/lib/grants.sql' 2>&1)" || {
  printf '%s\n' "$MIGRATE_OUTPUT" >&2
  abandon "the migrations failed (they run in one transaction, so the database is as it was)"
}
MIGRATED=yes
[ "$MIGRATE_OUTPUT" = "database is up to date" ] && MIGRATED=no
echo "RELEASE_MIGRATED=$MIGRATED" >>"$RELEASE/.release.env"
[ "$MIGRATED" = no ] || printf '%s\n' "$MIGRATE_OUTPUT" >&2

note "4/6 switching to $NAME"
switch_to "$NAME"

note "5/6 restarting and checking health"
if restart_services && wait_healthy; then
  note "6/6 removing old releases (keeping $KEEP_RELEASES)"
  list_releases | tail -n +"$((KEEP_RELEASES + 1))" | while read -r old; do
    [ "$old" = "$NAME" ] || [ "$old" = "$PREVIOUS" ] || rm -rf "${RELEASES:?}/$old"
  done
  echo "deployed $NAME in $(elapsed_since "$STARTED") s"
  exit 0
fi

FAILED_AT="$(elapsed_since "$STARTED")"
[ -n "$PREVIOUS" ] || {
  [ "$MIGRATED" = no ] || restore_backup "$BACKUP"
  die "release $NAME is unhealthy and there is no previous release to go back to ($FAILED_AT s)"
}
note "release $NAME is unhealthy; rolling back to $PREVIOUS"
ROLLBACK_STARTED="$(date +%s.%N)"
# The new release's migrations changed the schema the previous release expects: put the data back.
RESTORE=""
if [ "$MIGRATED" = yes ]; then RESTORE="$BACKUP"; fi
rollback_to "$PREVIOUS" "$RESTORE"
echo "RELEASE_FAILED=yes" >>"$RELEASE/.release.env"
echo "deploy of $NAME failed its health check; rolled back to $PREVIOUS in $(elapsed_since "$ROLLBACK_STARTED") s (total $(elapsed_since "$STARTED") s)"
exit 1
