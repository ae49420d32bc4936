#!/usr/bin/env bash
# ./scripts/bench.sh — benchmarks (not tests): a bounded loopback load against real pages.
# Sets up its own instance (.data/bench, own ports), migrates and seeds, starts one web process,
# runs wrk against each page and prints req/s and latency percentiles. Options:
#   BENCH_SECONDS (default 10)  BENCH_CONNECTIONS (default 32)  BENCH_THREADS (default 2)
#   Arguments name the parts to run (default all but users): public, and each
#   scripts/bench/pages-NAME.sh (e.g. ./scripts/bench.sh import export). Options before them:
#   --students N   the large centre of the scale part (BENCH_SCALE_STUDENTS, default 4000)
#   --users N      people in the concurrent-users part (BENCH_USERS, default 10000; docs/scaling.md)
#   --seconds N    the users part's measured length (BENCH_USERS_SECONDS, default 120)
#   --ramp N       seconds over which its people start acting, before the measured part (BENCH_USERS_RAMP, default 60; 0: all at once)
#   BENCH_SCALE_ROUNDS (default 3): rounds of the scale part in turn (small, large, large, small…), median p95 kept
#   BENCH_SCALE_MORE_ROUNDS (default 4): more rounds for a page over 1.3x after them, to tell noise from growth
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

PARTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --students) export BENCH_SCALE_STUDENTS="${2:?--students needs a number}"; shift 2 ;;
    --users) export BENCH_USERS="${2:?--users needs a number}"; shift 2 ;;
    --seconds) export BENCH_USERS_SECONDS="${2:?--seconds needs a number}"; shift 2 ;;
    --ramp) export BENCH_USERS_RAMP="${2:?--ramp needs a number}"; shift 2 ;;
    --*) die "unknown option $1 (see --help)" ;;
    *) PARTS+=("$1"); shift ;;
  esac
done
[[ "${BENCH_USERS_RAMP:-60}" =~ ^[0-9]+$ ]] || die "not a whole number of seconds: $BENCH_USERS_RAMP"
for number in "${BENCH_SCALE_STUDENTS:-4000}" "${BENCH_USERS:-10000}" "${BENCH_USERS_SECONDS:-120}"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || die "not a whole number: $number"
done

BENCH_DIR="$ROOT/.data/bench"
PG_PORT="${BENCH_PG_PORT:-54390}"
REDIS_PORT="${BENCH_REDIS_PORT:-63890}"
WEB_PORT="${BENCH_WEB_PORT:-3990}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"

ensure_system_packages
ensure_bun
ensure_dependencies
PG_DIR="$(pg_data_dir bench)"
STARTED_PG=no; STARTED_REDIS=no; WEB_PID=""
start_postgres "$PG_DIR" "$PG_PORT" aetherlearn aetherlearn-bench && STARTED_PG=yes
start_redis "$BENCH_DIR/redis" "$REDIS_PORT" no && STARTED_REDIS=yes
cleanup() {
  [ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null
  [ "$STARTED_PG" = yes ] && stop_postgres "$PG_DIR"
  [ "$STARTED_REDIS" = yes ] && stop_redis "$BENCH_DIR/redis"
  return 0
}
trap cleanup EXIT
# A fresh database each run, so every benchmark measures the same data.
create_database "$PG_PORT" aetherlearn aetherlearn-bench aetherlearn_bench recreate

# development mode: production cookies are Secure (__Host-), which a plain-http benchmark cannot send back.
export NODE_ENV=development APP_ENV=development LOG_LEVEL=warn
# A benchmark is one client hammering from one address: lift the per-person and per-address limits.
export RATE_LIMIT_SIGN_IN_PER_MINUTE=1000000 RATE_LIMIT_REQUESTS_PER_MINUTE=100000000
if [ "${BENCH_SOCKETS:-tcp}" = unix ]; then
  # BENCH_SOCKETS=unix: PostgreSQL and Redis by their Unix sockets instead of loopback TCP.
  export DATABASE_URL="postgres://aetherlearn:aetherlearn-bench@localhost:$PG_PORT/aetherlearn_bench?host=$PG_DIR"
  export REDIS_URL="unix://$BENCH_DIR/redis/redis.sock"
else
  export DATABASE_URL="postgres://aetherlearn:aetherlearn-bench@127.0.0.1:$PG_PORT/aetherlearn_bench"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi
export DATA_DIR="$BENCH_DIR" PORT="$WEB_PORT"
export PUBLIC_URL="http://127.0.0.1:$WEB_PORT" SESSION_SECRET="bench-session-secret-0123456789-abcdefghijkl"
export ENCRYPTION_KEYS="bench1:YmVuY2gtZW5jcnlwdGlvbi1rZXktMDEyMzQ1Njc4OWE=" BLIND_INDEX_KEY="YmVuY2gtYmxpbmQtaW5kZXgta2V5LTAxMjM0NTY3ODk="
cd "$ROOT"
bun run --silent migrate >/dev/null
bun run --silent seed >/dev/null
bun src/server.ts & WEB_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$WEB_PORT/api/health" >/dev/null 2>&1 && break; sleep 0.1; done

# bench_page NAME PATH [HEADER...]: one bounded wrk run against a page on loopback.
bench_page() {
  local name="$1" path="$2"; shift 2
  local headers=(-H "Accept-Encoding: br, gzip")
  for header in "$@"; do headers+=(-H "$header"); done
  printf '%-28s ' "$name"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --timeout 5s "${headers[@]}" \
    -s "$ROOT/scripts/bench/wrk-report.lua" "http://127.0.0.1:$WEB_PORT$path" | tail -n 1
}

# sign_in_cookie CENTRE FORM_FIELDS...: signs in through the real form at the centre's address
# (/c/CENTRE) and prints the session cookie.
sign_in_cookie() {
  local jar page token centre="$1"; shift
  jar="$(mktemp)"
  page="$(curl -s -c "$jar" "http://127.0.0.1:$WEB_PORT/c/$centre")"
  token="$(printf '%s' "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
  curl -s -o /dev/null -b "$jar" -c "$jar" -H "Origin: http://127.0.0.1:$WEB_PORT" \
    --data-urlencode "_csrf=$token" --data-urlencode "centre=$centre" "$@" "http://127.0.0.1:$WEB_PORT/sign-in"
  awk '$6 == "al_session" { print "al_session=" $7 }' "$jar"
  rm -f "$jar"
}

# wanted NAME: whether this part was asked for (no arguments: every part but the long users scenario).
wanted() {
  if [ ${#PARTS[@]} -eq 0 ]; then [ "$1" != users ]; else [[ " ${PARTS[*]} " == *" $1 "* ]]; fi
}

echo "benchmark: ${SECONDS_PER_RUN}s per page, $CONNECTIONS connections, $THREADS wrk threads, one web process ($(nproc) cores)"
if wanted public; then
  bench_page "landing page" "/"
  bench_page "health check" "/api/health"
fi
for extra in "$ROOT"/scripts/bench/pages-*.sh; do
  part="$(basename "$extra" .sh)"; part="${part#pages-}"
  if wanted "$part"; then source "$extra"; fi
done
