# Shared by the operations scripts (deploy, rollback, health check, backup, restore, PITR).
# Their progress goes to stderr so that stdout carries only what callers read (a backup's path).
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

note() { say "$@" >&2; }

# usage FILE: a script's --help is its header comment (from line 2 to the first non-comment line).
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$1"; }

require_cmd() {
  local cmd
  for cmd in "$@"; do command -v "$cmd" >/dev/null || die "'$cmd' is required but not installed"; done
}

# load_env_file FILE: exports every KEY=value in FILE (the systemd EnvironmentFile format).
load_env_file() {
  local file="$1"
  [ -f "$file" ] || die "environment file not found: $file"
  [ -r "$file" ] || die "environment file not readable: $file"
  set -a
  # shellcheck disable=SC1090
  source "$file"
  set +a
}

# elapsed_since START_SECONDS: seconds (one decimal) since a `date +%s.%N` reading.
elapsed_since() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'; }

# database_name URL: the database part of a postgres:// URL (without query string).
database_name() { local rest="${1##*/}"; echo "${rest%%\?*}"; }

# psql_url URL ARGS...: psql against URL, quiet, unaligned, stopping at the first error.
psql_url() { local url="$1"; shift; psql "$url" -X -qtA -v ON_ERROR_STOP=1 "$@"; }

# A consistent per-table fingerprint (rows and checksum) of every user table, "table|rows|md5" per line.
FINGERPRINT_SQL="$ROOT/scripts/lib/fingerprint.sql"
fingerprint_database() { psql_url "$1" -f "$FINGERPRINT_SQL"; }
