# Shared by dev.sh, test.sh and the ops scripts: install what is missing, start project-local
# PostgreSQL, Redis and an SMTP server under .data/<env>/ on their own ports, never touching system config.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUN_VERSION="$(sed -n 's/.*"packageManager": "bun@\([^"]*\)".*/\1/p' "$ROOT/package.json")"
APT_PACKAGES=(postgresql redis-server redis-sentinel chromium fonts-liberation poppler-utils fonts-noto-core fonts-droid-fallback wrk nginx jq gpg pgbackrest prometheus)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (install sudo or run as root)"; fi
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

ensure_system_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-sentinel >/dev/null || missing+=(redis-sentinel)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
  # poppler-utils: pdftoppm reads scanned worksheets in tests, pdftotext checks the text of generated PDFs.
  { command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; } || missing+=(poppler-utils)
  # The fonts generated PDFs embed (PDF_FONTS in .env.example): Latin, Cyrillic, Greek, Arabic,
  # Devanagari (Noto) and CJK (Droid Sans Fallback, TrueType: Noto CJK is CFF, which cannot be subset).
  [ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || missing+=(fonts-noto-core)
  [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # Operations: backups, PITR, alert-rule tests, health-check parsing.
  command -v jq >/dev/null || missing+=(jq)
  command -v gpg >/dev/null || missing+=(gpg)
  command -v pgbackrest >/dev/null || missing+=(pgbackrest)
  command -v promtool >/dev/null || missing+=(prometheus)
  # Alert delivery (Alertmanager), the SMTP server of dev and tests (smtp-sink.py), off-site backups.
  command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
  command -v restic >/dev/null || missing+=(restic)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_bun() {
  if command -v bun >/dev/null && [ "$(bun --version)" = "$BUN_VERSION" ]; then return; fi
  local tools="$ROOT/.data/tools"
  if [ ! -x "$tools/node_modules/bun/bin/bun.exe" ] || [ "$("$tools/node_modules/bun/bin/bun.exe" --version)" != "$BUN_VERSION" ]; then
    say "installing bun $BUN_VERSION from npm into .data/tools"
    command -v npm >/dev/null || die "npm is required to install bun"
    npm install --silent --no-audit --no-fund --prefix "$tools" "bun@$BUN_VERSION" >/dev/null
  fi
  export PATH="$tools/node_modules/bun/bin:$PATH"
  [ -x "$tools/node_modules/bun/bin/bun" ] || ln -sf bun.exe "$tools/node_modules/bun/bin/bun"
}

ensure_dependencies() {
  say "installing dependencies (bun install)"
  (cd "$ROOT" && bun install --frozen-lockfile >/dev/null)
}

# Runs a command as the postgres system user when we are root (PostgreSQL refuses to run as root).
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The PostgreSQL data folder for an environment: under .data/ when the postgres system user can
# reach it, else under /var/tmp (a checkout inside a private home folder).
pg_data_dir() {
  local env="$1" dir="$ROOT/.data/$1/pg"
  mkdir -p "$(dirname "$dir")"
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$(dirname "$dir")"; then echo "$dir"; return; fi
  echo "/var/tmp/aetherlearn-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)/$env/pg"
}

# start_postgres DATA_DIR PORT USER PASSWORD
start_postgres() {
  local dir="$1" port="$2" user="$3" password="$4" bin
  bin="$(pg_bin)"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    say "initialising PostgreSQL in $dir"
    local pwfile; pwfile="$(mktemp)"; echo "$password" >"$pwfile"; chmod 644 "$pwfile"
    as_pg_owner "$bin/initdb" -D "$dir" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if as_pg_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    say "PostgreSQL already running on port $port"
    return 1
  fi
  say "starting PostgreSQL on 127.0.0.1:$port"
  as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c max_connections=200 -c fsync=${PG_FSYNC:-on}" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_postgres() {
  local dir="$1"
  as_pg_owner "$(pg_bin)/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# start_redis DATA_DIR PORT PERSIST(yes|no)
start_redis() {
  local dir="$1" port="$2" persist="$3"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    say "Redis already running on port $port"
    return 1
  fi
  say "starting Redis on 127.0.0.1:$port"
  local save_args=(--save "")
  [ "$persist" = yes ] && save_args=(--appendonly yes --appendfsync everysec)
  # Also on a Unix socket in its directory (redis.sock): on one machine it costs each command less than loopback TCP.
  redis-server --port "$port" --bind 127.0.0.1 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --maxmemory 512mb --maxmemory-policy noeviction \
    "${save_args[@]}" || die "Redis did not start"
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "Redis did not answer on port $port"
}

stop_redis() {
  local dir="$1"
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
}

# mail_sink_pid DIR: the PID of the SMTP server running for DIR (a stale PID file names no such process).
mail_sink_pid() {
  local pid
  pid="$(cat "$1/smtp-sink.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && grep -qa smtp-sink.py "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# start_mail_sink DIR PORT: the local SMTP server (scripts/lib/smtp-sink.py) in the background,
# keeping every message it receives as a .eml file in DIR (its pid file and log there too).
# Returns 1 when one already runs for DIR, as start_redis does.
start_mail_sink() {
  local dir="$1" port="$2" pid
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if mail_sink_pid "$dir" >/dev/null; then
    say "SMTP server already running for ${dir#"$ROOT/"}"
    return 1
  fi
  say "starting the SMTP server on 127.0.0.1:$port (mail kept in ${dir#"$ROOT/"})"
  /usr/bin/python3 "$ROOT/scripts/lib/smtp-sink.py" --port "$port" --dir "$dir" >"$dir/smtp-sink.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/smtp-sink.pid"
  disown "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    grep -q "^listening" "$dir/smtp-sink.log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$dir/smtp-sink.log" >&2
  kill "$pid" 2>/dev/null; rm -f "$dir/smtp-sink.pid"
  die "the SMTP server did not start on port $port"
}

stop_mail_sink() {
  local dir="$1" pid
  pid="$(mail_sink_pid "$dir")" || { rm -f "$dir/smtp-sink.pid"; return 0; }
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/smtp-sink.pid"
}

# create_database PORT USER PASSWORD NAME [recreate]
create_database() {
  local port="$1" user="$2" password="$3" name="$4" recreate="${5:-}"
  local psql=(env PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qtA -v ON_ERROR_STOP=1)
  if [ "$recreate" = recreate ]; then "${psql[@]}" -c "drop database if exists \"$name\" with (force)" >/dev/null; fi
  if [ -z "$("${psql[@]}" -c "select 1 from pg_database where datname = '$name'")" ]; then
    "${psql[@]}" -c "create database \"$name\"" >/dev/null
  fi
}

# split_role_database ADMIN_URL OWNER_URL APP_URL [recreate]
# The same two roles as production, made by the same script (database-setup.sh): the owner role
# owns the database and runs the migrations; the app role reads and writes rows and may only
# SELECT and INSERT on audit_events, so the append-only guarantee is what dev and tests exercise.
# ADMIN_URL is the cluster's superuser on the postgres database.
split_role_database() {
  local admin_url="$1" owner_url="$2" app_url="$3" recreate="${4:-}" name owner
  name="${owner_url##*/}"; name="${name%%\?*}"
  owner="${owner_url#*://}"; owner="${owner%%:*}"
  local psql=(psql "$admin_url" -X -qtA -v ON_ERROR_STOP=1)
  if [ "$recreate" = recreate ]; then "${psql[@]}" -c "drop database if exists \"$name\" with (force)" >/dev/null; fi
  # A database from the one-role days belongs to the superuser: keep it aside under another name.
  local current_owner aside
  current_owner="$("${psql[@]}" -c "select datdba::regrole::text from pg_database where datname = '$name'")"
  if [ -n "$current_owner" ] && [ "$current_owner" != "$owner" ]; then
    aside="${name}_one_role_$(date -u +%Y%m%d%H%M%S)"
    say "database $name belongs to $current_owner, not $owner: renaming it to $aside and starting afresh"
    "${psql[@]}" -c "alter database \"$name\" rename to \"$aside\"" >/dev/null
  fi
  "$ROOT/scripts/database-setup.sh" --admin-url "$admin_url" --owner-url "$owner_url" --app-url "$app_url" >/dev/null ||
    die "setting up the database roles failed"
}

# migrate_as_owner OWNER_URL: the migrations as the owner role, then the app role's grants again
# (as build-and-deploy.sh does), since new tables come with the owner's default privileges.
migrate_as_owner() {
  local owner_url="$1"
  (cd "$ROOT" && DATABASE_URL="$owner_url" bun run --silent migrate) || return 1
  psql "$owner_url" -X -q -v ON_ERROR_STOP=1 -f "$ROOT/scripts/lib/grants.sql" >/dev/null
}
