#!/usr/bin/env bash
# ./scripts/install-server.sh — prepare a fresh Debian 12 / Ubuntu 24.04 server for AetherLearn.
# Idempotent and re-runnable for upgrades: every step checks before it changes anything, says what it
# changed, and a run that changes nothing says so. Secrets (env file, backup passphrase) are created
# once and never overwritten. Ends with what is left for the operator (DNS, tunnel, alert settings).
#
# Options:
#   --dry-run          print the plan (what would change) and change nothing
#   --prefix DIR       install files under DIR instead of / (a throwaway root for tests)
#   --no-systemd       do not reload, enable or start units (no systemd here, or a prefix)
#   --skip-packages    do not install apt packages (they are already there)
#   --public-url URL   the address people use (default https://lms.example.org; DNS is yours to set)
#   --smtp-url URL     the SMTP server email goes out through, e.g. smtp://user:pass@smtp.example.org:587
#   --mail-from SENDER the sender, e.g. "Northside Tutoring <no-reply@example.org>" (both only when
#                      the env file is first written; later, edit /etc/aetherlearn/aetherlearn.env)
#   --user NAME        the service user (default aetherlearn; with --prefix, the current user);
#                      when given, the units run as NAME too
#   --database-admin-url URL
#                      a PostgreSQL superuser connection for scripts/database-setup.sh
#                      (default: the local socket as the postgres OS user)
#   --skip-database    do not set up the database roles (another machine, or done by hand)
set -euo pipefail
source "$(dirname "$0")/lib/ops.sh"

DRY_RUN=no PREFIX="" SYSTEMD=yes PACKAGES=yes PUBLIC_URL=https://lms.example.org SERVICE_USER="" UNIT_USER=aetherlearn
DATABASE=yes DATABASE_ADMIN_URL="" MAIL_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage "$0"; exit 0 ;;
    --dry-run) DRY_RUN=yes; shift ;;
    --prefix) PREFIX="$(realpath -m "${2:?--prefix needs a folder}")"; shift 2 ;;
    --no-systemd) SYSTEMD=no; shift ;;
    --skip-packages) PACKAGES=no; shift ;;
    --public-url) PUBLIC_URL="${2:?--public-url needs a URL}"; shift 2 ;;
    --smtp-url) MAIL_ARGS+=(--smtp-url "${2:?--smtp-url needs a URL}"); shift 2 ;;
    --mail-from) MAIL_ARGS+=(--mail-from "${2:?--mail-from needs a sender}"); shift 2 ;;
    --user) SERVICE_USER="${2:?--user needs a name}"; UNIT_USER="$SERVICE_USER"; shift 2 ;;
    --database-admin-url) DATABASE_ADMIN_URL="${2:?--database-admin-url needs a URL}"; shift 2 ;;
    --skip-database) DATABASE=no; shift ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -n "$SERVICE_USER" ] || { [ -n "$PREFIX" ] && SERVICE_USER="$(id -un)" || SERVICE_USER=aetherlearn; }
[[ "$UNIT_USER" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "--user must be a plain user name"
[[ "$PUBLIC_URL" =~ ^https?://[^/[:space:]]+$ ]] || die "--public-url must be like https://lms.example.org"
[ -n "$PREFIX" ] || [ "$(id -u)" -eq 0 ] || [ "$DRY_RUN" = yes ] || die "run as root (or with --prefix DIR for a throwaway root)"

CHANGES=0
changed() { CHANGES=$((CHANGES + 1)); if [ "$DRY_RUN" = yes ]; then echo "would: $*"; else echo "changed: $*"; fi; }
# apply CMD...: runs CMD unless this is a dry run.
apply() { [ "$DRY_RUN" = yes ] || "$@"; }

# ensure_dir PATH MODE: the folder exists with MODE, owned by the service user.
ensure_dir() {
  local path="$PREFIX$1" mode="$2"
  if [ -d "$path" ] && [ "$(stat -c %a "$path")" = "$mode" ]; then return; fi
  changed "folder $1 (mode $mode)"
  apply install -d -m "$mode" -o "$SERVICE_USER" -g "$(id -gn "$SERVICE_USER" 2>/dev/null || id -gn)" "$path"
}

# ensure_content PATH MODE: stdin becomes the file at PATH unless it already holds exactly that.
ensure_content() {
  local path="$PREFIX$1" mode="$2" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path" && [ "$(stat -c %a "$path")" = "$mode" ]; then rm -f "$tmp"; return; fi
  changed "file $1"
  if [ "$DRY_RUN" = yes ]; then rm -f "$tmp"; return; fi
  mkdir -p "$(dirname "$path")"
  install -m "$mode" "$tmp" "$path"
  rm -f "$tmp"
}

# ensure_secret_file PATH MODE COMMAND...: creates PATH from COMMAND's output once; never overwrites.
ensure_secret_file() {
  local name="$1" path="$PREFIX$1" mode="$2"; shift 2
  [ -f "$path" ] && return
  changed "secret $name (created once, never overwritten)"
  [ "$DRY_RUN" = yes ] && return
  mkdir -p "$(dirname "$path")"
  (umask 077 && "$@" >"$path")
  chmod "$mode" "$path"
  chown "$SERVICE_USER" "$path" 2>/dev/null || true
}

ensure_symlink() {
  local target="$1" link="$PREFIX$2"
  [ "$(readlink "$link" 2>/dev/null)" = "$target" ] && return
  changed "link $2 -> $target"
  apply mkdir -p "$(dirname "$link")"
  apply ln -sfn "$target" "$link"
}

ensure_absent() {
  [ -e "$PREFIX$1" ] || [ -L "$PREFIX$1" ] || return 0
  changed "removed $1"
  apply rm -f "$PREFIX$1"
}

step_packages() {
  [ "$PACKAGES" = yes ] || return 0
  local wanted=(postgresql redis-server nginx prometheus prometheus-alertmanager prometheus-node-exporter
    restic pgbackrest jq curl openssl fonts-noto-core fonts-droid-fallback) missing=() package
  for package in "${wanted[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  [ "${#missing[@]}" -eq 0 ] && return
  changed "apt packages: ${missing[*]}"
  apply as_root apt-get update -qq
  apply as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

step_user_and_folders() {
  if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    changed "system user $SERVICE_USER"
    apply useradd --system --user-group --home-dir /srv/aetherlearn --shell /usr/sbin/nologin "$SERVICE_USER"
  fi
  ensure_dir /srv/aetherlearn 755
  ensure_dir /srv/aetherlearn/releases 755
  ensure_dir /srv/aetherlearn/shared 750
  ensure_dir /srv/aetherlearn/shared/ops-status 750
  ensure_dir /etc/aetherlearn 750
  ensure_dir /var/backups/aetherlearn 750
  ensure_dir /var/lib/aetherlearn-drill 750
}

# Bun at the path every unit's ExecStart names, at the version package.json pins.
step_bun() {
  local target="$PREFIX/usr/local/bin/bun"
  [ -x "$target" ] && [ "$("$target" --version 2>/dev/null)" = "$BUN_VERSION" ] && return
  changed "bun $BUN_VERSION at /usr/local/bin/bun"
  [ "$DRY_RUN" = yes ] && return
  ensure_bun >/dev/null
  mkdir -p "$(dirname "$target")"
  install -m 755 "$(readlink -f "$(command -v bun)")" "$target"
}

step_secrets() {
  if [ ! -f "$PREFIX/etc/aetherlearn/aetherlearn.env" ]; then
    changed "secret /etc/aetherlearn/aetherlearn.env and migrate.env (created once, never overwritten)"
    apply "$ROOT/scripts/generate-env-production.sh" --public-url "$PUBLIC_URL" --app-env production "${MAIL_ARGS[@]}" \
      --output "$PREFIX/etc/aetherlearn/aetherlearn.env" --migrate-output "$PREFIX/etc/aetherlearn/migrate.env" >/dev/null
  fi
  ensure_secret_file /etc/aetherlearn/backup-passphrase 600 openssl rand -base64 48
  ensure_secret_file /etc/aetherlearn/backup.env 600 cat "$ROOT/ops/backup.env.example"
  ensure_secret_file /etc/aetherlearn/alerting.env 600 cat "$ROOT/ops/alerting.env.example"
  ensure_secret_file /etc/aetherlearn/drill.env 600 cat "$ROOT/ops/drill.env.example"
}

# env_value FILE NAME: NAME's value in an environment file, read without running the file.
env_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# url_part URL user|host: a part of a postgres:// URL.
url_part() {
  local re='^postgres(ql)?://([^:@/]+)(:[^@/]*)?@([^:/?]+|\[[^]]*\])'
  [[ "$1" =~ $re ]] || return 0
  case "$2" in user) echo "${BASH_REMATCH[2]}" ;; host) echo "${BASH_REMATCH[4]}" ;; esac
}

# The database and its owner and app roles (scripts/database-setup.sh) when PostgreSQL is on this
# machine and they are not there yet: set up means both roles log in with the passwords their env
# files hold and the owner role owns the database. A database elsewhere is left to its operator.
step_database() {
  [ "$DATABASE" = yes ] || return 0
  local app_env="$PREFIX/etc/aetherlearn/aetherlearn.env" migrate_env="$PREFIX/etc/aetherlearn/migrate.env"
  if [ ! -f "$app_env" ] || [ ! -f "$migrate_env" ]; then
    changed "database, owner and app roles (scripts/database-setup.sh)"
    return 0
  fi
  local app_url owner_url host owner database
  app_url="$(env_value "$app_env" DATABASE_URL)"
  owner_url="$(env_value "$migrate_env" MIGRATE_DATABASE_URL)"
  host="$(url_part "$app_url" host)"
  case "$host" in
    127.0.0.1 | localhost | "[::1]") ;;
    *)
      LEFT_DATABASE="  - Database: PostgreSQL is on ${host:-another machine}, so run scripts/database-setup.sh --admin-url … against it."
      return 0
      ;;
  esac
  owner="$(url_part "$owner_url" user)"
  database="$(database_name "$owner_url")"
  if psql_url "$owner_url" -c "select 1" >/dev/null 2>&1 &&
    [ "$(psql_url "$app_url" -c "select pg_get_userbyid(datdba) from pg_database where datname = current_database()" 2>/dev/null)" = "$owner" ]; then
    return 0
  fi
  changed "database $database, owner role $owner and app role $(url_part "$app_url" user) (scripts/database-setup.sh)"
  [ "$DRY_RUN" = yes ] && return 0
  "$ROOT/scripts/database-setup.sh" --env-file "$app_env" --env-file "$migrate_env" \
    ${DATABASE_ADMIN_URL:+--admin-url "$DATABASE_ADMIN_URL"} >&2 ||
    die "setting up the database failed (is PostgreSQL running on this machine? see above)"
}
LEFT_DATABASE=""

step_redis() {
  ensure_content /etc/redis/conf.d/aetherlearn.conf 644 <"$ROOT/ops/redis/aetherlearn.conf"
  local main="$PREFIX/etc/redis/redis.conf"
  if [ -f "$main" ] && ! grep -qx 'include /etc/redis/conf.d/aetherlearn.conf' "$main"; then
    changed "include conf.d/aetherlearn.conf from /etc/redis/redis.conf"
    [ "$DRY_RUN" = yes ] || echo 'include /etc/redis/conf.d/aetherlearn.conf' >>"$main"
  fi
}

# The site answers for every name (default_server), so Debian's default site cannot win.
step_nginx() {
  sed -e 's/^    listen 80;/    listen 80 default_server;/' -e 's/^    listen \[::\]:80;/    listen [::]:80 default_server;/' \
    "$ROOT/ops/nginx/aetherlearn.conf" | ensure_content /etc/nginx/sites-available/aetherlearn 644
  ensure_symlink /etc/nginx/sites-available/aetherlearn /etc/nginx/sites-enabled/aetherlearn
  ensure_absent /etc/nginx/sites-enabled/default
}

step_monitoring() {
  ensure_content /etc/prometheus/prometheus.yml 644 <"$ROOT/ops/prometheus/prometheus.yml"
  ensure_content /etc/prometheus/alerts.yml 644 <"$ROOT/ops/prometheus/alerts.yml"
  # Rendered once the operator has filled alerting.env (it names at least who is told).
  local settings="$PREFIX/etc/aetherlearn/alerting.env" rendered
  if [ -f "$settings" ] && grep -q '^ALERT_EMAIL_TO=.\+@' "$settings" && ! grep -q '^ALERT_EMAIL_TO=oncall@example.org$' "$settings"; then
    rendered="$("$ROOT/scripts/render-alertmanager-config.sh" --env-file "$settings" 2>/dev/null)"
    printf '%s\n' "$rendered" | ensure_content /etc/prometheus/alertmanager.yml 640
  fi
}

step_units() {
  local unit
  for unit in "$ROOT"/systemd/*; do
    sed -e "s/^User=aetherlearn$/User=$UNIT_USER/" -e "s/^Group=aetherlearn$/Group=$UNIT_USER/" "$unit" |
      ensure_content "/etc/systemd/system/$(basename "$unit")" 644
  done
  [ "$SYSTEMD" = yes ] || return 0
  apply systemctl daemon-reload
  local enabled=(aetherlearn.target aetherlearn-worker.service aetherlearn-backup.timer aetherlearn-offsite-backup.timer
    aetherlearn-restore-drill.timer aetherlearn-pgbackrest-full.timer aetherlearn-pgbackrest-diff.timer
    redis-server.service nginx.service prometheus.service prometheus-alertmanager.service prometheus-node-exporter.service)
  for unit in "${enabled[@]}"; do
    systemctl is-enabled --quiet "$unit" 2>/dev/null && continue
    changed "enable $unit"
    apply systemctl enable --now "$unit"
  done
}

# The final check: through nginx on port 80 once a release is deployed and the units run.
step_health_check() {
  [ "$SYSTEMD" = yes ] && [ "$DRY_RUN" = no ] || return 0
  if [ ! -e "$PREFIX/srv/aetherlearn/current" ]; then
    echo "health check: no release deployed yet (scripts/build-and-deploy.sh), so nothing to ask"
    return 0
  fi
  if "$ROOT/scripts/health-check.sh" --url http://127.0.0.1/api/health --wait 60 --verbose; then
    echo "health check: healthy through nginx"
  else
    echo "health check: NOT healthy through nginx (see above); journalctl -u 'aetherlearn-*' says why"
    HEALTHY=no
  fi
}
HEALTHY=yes

say "AetherLearn server install${PREFIX:+ into $PREFIX}${DRY_RUN/no/}"
[ "$DRY_RUN" = yes ] && echo "dry run: nothing is changed; the plan follows"
step_packages
step_user_and_folders
step_bun
step_secrets
step_database
step_redis
step_nginx
step_monitoring
step_units
step_health_check

# Email to families needs an SMTP server; until SMTP_URL is set it waits in the queue.
LEFT_MAIL=""
if [ -f "$PREFIX/etc/aetherlearn/aetherlearn.env" ] && [ -z "$(env_value "$PREFIX/etc/aetherlearn/aetherlearn.env" SMTP_URL)" ]; then
  LEFT_MAIL="  - Email: set SMTP_URL (and MAIL_FROM) in /etc/aetherlearn/aetherlearn.env, then systemctl restart aetherlearn-worker."
fi

if [ "$CHANGES" -eq 0 ]; then
  echo "nothing changed: the server already matches this version's installation"
elif [ "$DRY_RUN" = yes ]; then
  echo "plan: $CHANGES changes"
else
  echo "done: $CHANGES changes"
fi
cat <<EOF

Left for you:
  - DNS: point ${PUBLIC_URL#*://} at this server, or run scripts/configure-cloudflare-tunnel.sh for a tunnel.
  - A release: scripts/build-and-deploy.sh deploys, migrates and health-checks.
${LEFT_DATABASE:+$LEFT_DATABASE
}${LEFT_MAIL:+$LEFT_MAIL
}  - Alerts: fill /etc/aetherlearn/alerting.env (who is told, SMTP), then run this script again.
  - Off-site backups: fill BACKUP_S3_* in /etc/aetherlearn/backup.env (a second provider or account);
    keep a copy of /etc/aetherlearn/backup-passphrase somewhere else.
  - The first platform admin: bun run admin:create --email you@example.org (docs/production.md).
EOF
[ "$HEALTHY" = yes ]
