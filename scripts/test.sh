#!/usr/bin/env bash
# ./scripts/test.sh — set up everything and run the whole test suite.
# Installs what is missing, starts project-local PostgreSQL, Redis and an SMTP server under
# .data/test/ (a fresh test database and mailbox each run), then typecheck, lint, the docs check,
# and `bun test` (unit, integration against the real services, Playwright end-to-end in Chromium).
# The failover drills (tests/drills, docs/scaling.md §5) run after the whole suite, on a database
# and a Redis of their own; TEST_DRILLS=parallel runs them beside it, =no leaves them out. With
# test paths given, they run only when TEST_DRILLS asks.
# Ends with one line: `tests: N passed, N failed`. Extra arguments are passed to `bun test`.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/swift.sh"

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

set -e
# TEST_INSTANCE lets several checkouts or helpers run suites side by side: each instance has its
# own data folder; give it its own ports too (TEST_PG_PORT, TEST_REDIS_PORT, TEST_SMTP_PORT).
TEST_INSTANCE="${TEST_INSTANCE:-test}"
TEST_DIR="$ROOT/.data/$TEST_INSTANCE"
PG_DIR="$(pg_data_dir "$TEST_INSTANCE")"
PG_PORT="${TEST_PG_PORT:-54330}"
REDIS_PORT="${TEST_REDIS_PORT:-63800}"
SMTP_PORT="${TEST_SMTP_PORT:-25250}"
MAIL_DIR="$TEST_DIR/mail"
# The whole suite includes the drills; a run of some paths only when TEST_DRILLS asks (see above).
DRILLS="${TEST_DRILLS:-$([ $# -eq 0 ] && echo after || echo no)}"
case "$DRILLS" in parallel | after | no) ;; *) die "TEST_DRILLS must be parallel, after or no (not $DRILLS)" ;; esac
source "$(dirname "$0")/lib/test-drills.sh"
# The cluster's superuser (tests that create databases use it) and, as in production, an owner
# role that migrates and an app role that the code under test connects as (database-setup.sh).
PG_USER=aetherlearn
PG_PASSWORD=aetherlearn-test
PG_OWNER_URL="postgres://aetherlearn_owner:aetherlearn-test-owner@127.0.0.1:$PG_PORT/aetherlearn_test"
PG_APP_URL="postgres://aetherlearn_app:aetherlearn-test-app@127.0.0.1:$PG_PORT/aetherlearn_test"

ensure_system_packages
ensure_bun
ensure_dependencies

STARTED_PG=no; STARTED_REDIS=no
PG_FSYNC=off start_postgres "$PG_DIR" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" && STARTED_PG=yes
start_redis "$TEST_DIR/redis" "$REDIS_PORT" no && STARTED_REDIS=yes
# REDIS_MODE=sentinel: the same suite through Sentinels (a replica and three Sentinels beside it).
[ "${REDIS_MODE:-single}" = sentinel ] && source "$(dirname "$0")/lib/test-sentinel.sh"
# A real S3 API (Swift s3api) for the S3 storage driver's half of the storage suite.
STARTED_SWIFT=no; start_swift "$TEST_DIR/swift" && STARTED_SWIFT=yes
# Services this run started are stopped when it ends; ones that were already running are left alone.
cleanup() {
  [ "$STARTED_PG" = yes ] && stop_postgres "$PG_DIR"
  [ "$STARTED_REDIS" = yes ] && stop_redis "$TEST_DIR/redis"
  [ "$STARTED_SWIFT" = yes ] && stop_swift "$TEST_DIR/swift"
  stop_mail_sink "$MAIL_DIR"
  [ "${REDIS_MODE:-single}" = sentinel ] && stop_redis_ha "$TEST_DIR/redis-ha"
  stop_drills
  return 0
}
trap cleanup EXIT
# Ctrl-C ends the run (and the EXIT trap stops what it started, the drills too) instead of moving on to the next step.
trap 'exit 130' INT TERM
split_role_database "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres" "$PG_OWNER_URL" "$PG_APP_URL" recreate
redis-cli -p "$REDIS_PORT" flushall >/dev/null
rm -rf "$TEST_DIR/storage"
# The SMTP server the app sends to; tests read what it received (tests/support/mailbox.ts). An empty
# mailbox each run: a server left by an earlier run of this instance is stopped, its folder cleared.
stop_mail_sink "$MAIL_DIR"; rm -rf "$MAIL_DIR"
start_mail_sink "$MAIL_DIR" "$SMTP_PORT"

export NODE_ENV=test APP_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}"
export TEST_PG_ADMIN_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
export DATABASE_URL="$PG_APP_URL" MIGRATE_DATABASE_URL="$PG_OWNER_URL"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export DATA_DIR="$TEST_DIR"
export SESSION_SECRET="test-session-secret-that-is-long-enough-0123456789"
export ENCRYPTION_KEYS="test1:dGVzdC1lbmNyeXB0aW9uLWtleS0wMTIzNDU2Nzg5YWI=" BLIND_INDEX_KEY="dGVzdC1ibGluZC1pbmRleC1rZXktMDEyMzQ1Njc4OWE="
export PUBLIC_URL="http://127.0.0.1:3999"
export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" MAIL_FROM="AetherLearn <no-reply@aetherlearn.test>" MAIL_SINK_DIR="$MAIL_DIR"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Every test request comes from 127.0.0.1: generous limits here, and the rate-limit tests start
# their own processes with the real limits and an address of their own (X-Real-IP).
export RATE_LIMIT_SIGN_IN_PER_MINUTE=100000 RATE_LIMIT_REQUESTS_PER_MINUTE=1000000
export RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE=100000 RATE_LIMIT_KIOSK_PER_MINUTE=1000000
export RATE_LIMIT_KIOSK_WRONG_PINS_PER_HOUR=100000 RATE_LIMIT_KIOSK_PAIRING_PER_MINUTE=100000
export S3_ENDPOINT="$(swift_endpoint "$TEST_DIR/swift")" S3_ACCESS_KEY="$SWIFT_S3_ACCESS_KEY" S3_SECRET_KEY="$SWIFT_S3_SECRET_KEY" S3_REGION=us-east-1 S3_USE_PATH_STYLE=true

cd "$ROOT"
say "migrating the test database"
migrate_as_owner "$MIGRATE_DATABASE_URL" >/dev/null

set +e
# TEST_DRILLS=parallel: the drills start now, in the background, on services of their own (test-drills.sh).
[ "$DRILLS" = parallel ] && start_drills

PASSED=0; FAILED=0
check() {
  local name="$1"; shift
  say "$name"
  if "$@"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); echo "FAILED: $name"; fi
}
check "typecheck" bun run --silent typecheck
check "lint" bun run --silent lint
check "generated docs are current" bun scripts/generate-docs.ts --check

say "bun test"
LOG="$TEST_DIR/bun-test.log"
bun test --timeout 30000 "$@" 2>&1 | tee "$LOG"
BUN_STATUS=${PIPESTATUS[0]}
BUN_PASSED=$(grep -Eo '^ *[0-9]+ pass$' "$LOG" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
BUN_FAILED=$(grep -Eo '^ *[0-9]+ fail$' "$LOG" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
PASSED=$((PASSED + BUN_PASSED)); FAILED=$((FAILED + BUN_FAILED))
# A crash or a load error fails the run even when no test was counted as failing.
if [ "$BUN_STATUS" -ne 0 ] && [ "$BUN_FAILED" -eq 0 ]; then FAILED=$((FAILED + 1)); echo "FAILED: bun test exited $BUN_STATUS"; fi

if [ "$DRILLS" != no ]; then
  [ "$DRILLS" = after ] && start_drills
  finish_drills
  PASSED=$((PASSED + DRILLS_PASSED)); FAILED=$((FAILED + DRILLS_FAILED))
fi

echo
echo "tests: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
