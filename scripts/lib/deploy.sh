# Releases, switching and restarting, shared by build-and-deploy.sh and rollback.sh.
#
# Layout under DEPLOY_ROOT:  releases/<UTC time>-<commit>/   one folder per release, with .release.env
#                            current -> releases/<name>      what the services run (switched atomically)
# Restarting is whatever RESTART_CMD says (systemd on servers), so tests can drive it without systemd.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/ops.sh"

# load_deploy_config [FILE]: the deploy settings, each with a default that suits the systemd layout.
load_deploy_config() {
  local file="${1:-${DEPLOY_CONFIG:-/etc/aetherlearn/deploy.env}}"
  if [ -f "$file" ]; then load_env_file "$file"
  elif [ -n "${1:-}" ]; then die "deploy configuration not found: $file"; fi
  # The owner role's MIGRATE_DATABASE_URL (generate-env-production.sh), kept apart from the app's file.
  MIGRATE_ENV_FILE="${MIGRATE_ENV_FILE:-/etc/aetherlearn/migrate.env}"
  [ ! -f "$MIGRATE_ENV_FILE" ] || load_env_file "$MIGRATE_ENV_FILE"
  DEPLOY_ROOT="${DEPLOY_ROOT:-/srv/aetherlearn}"
  APP_ENV_FILE="${APP_ENV_FILE:-/etc/aetherlearn/aetherlearn.env}"
  RESTART_CMD="${RESTART_CMD:-systemctl restart aetherlearn.target}"
  HEALTH_URL="${HEALTH_URL:-http://127.0.0.1:3001/api/health}"
  HEALTH_WAIT="${HEALTH_WAIT:-60}"
  KEEP_RELEASES="${KEEP_RELEASES:-5}"
  BACKUP_DIR="${BACKUP_DIR:-/var/backups/aetherlearn}"
  INSTALL_CMD="${INSTALL_CMD:-bun install --frozen-lockfile --production}"
  RELEASES="$DEPLOY_ROOT/releases"
  [[ "$KEEP_RELEASES" =~ ^[1-9][0-9]*$ ]] || die "KEEP_RELEASES must be a positive number"
  [ -f "$APP_ENV_FILE" ] || die "app environment file not found: $APP_ENV_FILE (see generate-env-production.sh)"
  mkdir -p "$RELEASES"
}

# One deploy or rollback at a time: the lock is held until the script exits.
take_deploy_lock() {
  exec 9>"$DEPLOY_ROOT/.deploy.lock"
  flock -n 9 || die "another deploy or rollback is running (lock: $DEPLOY_ROOT/.deploy.lock)"
}

current_release() {
  [ -L "$DEPLOY_ROOT/current" ] || return 0
  basename "$(readlink "$DEPLOY_ROOT/current")"
}

# release_field NAME FIELD: a value from a release's .release.env (empty if unset).
release_field() {
  local file="$RELEASES/$1/.release.env"
  [ -f "$file" ] || return 0
  sed -n "s/^$2=//p" "$file" | tail -n 1
}

# Newest first.
list_releases() { find "$RELEASES" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -r; }

# switch_to NAME: repoint `current` in one rename, so no process ever sees a half-switched link.
switch_to() {
  [ -d "$RELEASES/$1" ] || die "no such release: $1"
  ln -sfn "releases/$1" "$DEPLOY_ROOT/current.next"
  mv -T "$DEPLOY_ROOT/current.next" "$DEPLOY_ROOT/current"
  note "current release: $1"
}

restart_services() {
  note "restarting: $RESTART_CMD"
  # fd 9 holds the deploy lock; processes the command starts must not keep it after we exit.
  (cd "$DEPLOY_ROOT/current" && bash -c "$RESTART_CMD" 9>&-) || return 1
}

wait_healthy() {
  "$ROOT/scripts/health-check.sh" --url "$HEALTH_URL" --wait "$HEALTH_WAIT" >&2
}

# run_in_release NAME COMMAND...: a command in a release folder with the app environment loaded.
run_in_release() {
  local name="$1"; shift
  (load_env_file "$APP_ENV_FILE" && cd "$RELEASES/$name" && "$@")
}

# restore_backup DUMP: put the database back as it was before a deploy.
restore_backup() {
  [ -f "$1" ] || die "pre-deploy backup missing: $1"
  note "restoring the pre-deploy backup $1"
  "$ROOT/scripts/restore-database.sh" --env-file "$APP_ENV_FILE" --file "$1" --yes \
    ${MIGRATE_DATABASE_URL:+--database-url "$MIGRATE_DATABASE_URL"}
}

# rollback_to NAME [DUMP]: switch back to release NAME (restoring DUMP first, if given), restart, check.
rollback_to() {
  local name="$1" dump="${2:-}"
  switch_to "$name"
  [ -z "$dump" ] || restore_backup "$dump"
  restart_services || die "restart failed while rolling back to $name"
  wait_healthy || die "release $name is not healthy after the rollback either: see ./scripts/health-check.sh --verbose"
}
