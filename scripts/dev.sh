#!/usr/bin/env bash
# ./scripts/dev.sh — set up everything and run AetherLearn with demo data.
# Installs what is missing (apt packages, Bun from npm, dependencies), starts project-local
# PostgreSQL, Redis and an SMTP server (each email kept as a file) under .data/dev/, migrates,
# seeds, then runs the web and worker processes.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  echo "Environment: PORT (default 3001), DEV_PG_PORT (54320), DEV_REDIS_PORT (63790), DEV_SMTP_PORT (2525)."
  exit 0
fi

DEV_DIR="$ROOT/.data/dev"
PG_PORT="${DEV_PG_PORT:-54320}"
REDIS_PORT="${DEV_REDIS_PORT:-63790}"
SMTP_PORT="${DEV_SMTP_PORT:-2525}"
MAIL_DIR="$DEV_DIR/mail"
# The cluster's superuser, and the two roles production has (database-setup.sh): the owner
# migrates, the app (web, worker, seed) only reads and writes rows and appends to audit_events.
PG_USER=aetherlearn
PG_PASSWORD=aetherlearn-dev
PG_OWNER_URL="postgres://aetherlearn_owner:aetherlearn-dev-owner@127.0.0.1:$PG_PORT/aetherlearn_dev"
PG_APP_URL="postgres://aetherlearn_app:aetherlearn-dev-app@127.0.0.1:$PG_PORT/aetherlearn_dev"

ensure_system_packages
ensure_bun
ensure_dependencies
start_postgres "$(pg_data_dir dev)" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" || true
start_redis "$DEV_DIR/redis" "$REDIS_PORT" yes || true
start_mail_sink "$MAIL_DIR" "$SMTP_PORT" || true
split_role_database "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres" "$PG_OWNER_URL" "$PG_APP_URL"

mkdir -p "$DEV_DIR"
[ -f "$DEV_DIR/session-secret" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' >"$DEV_DIR/session-secret")

export NODE_ENV="${NODE_ENV:-development}" APP_ENV="${APP_ENV:-development}"
export PORT="${PORT:-3001}" HOST="${HOST:-127.0.0.1}"
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$PORT}"
export DATABASE_URL="${DATABASE_URL:-$PG_APP_URL}" MIGRATE_DATABASE_URL="${MIGRATE_DATABASE_URL:-$PG_OWNER_URL}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
export DATA_DIR="${DATA_DIR:-$DEV_DIR}"
export SESSION_SECRET="${SESSION_SECRET:-$(cat "$DEV_DIR/session-secret")}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}" MAIL_FROM="${MAIL_FROM:-AetherLearn <no-reply@localhost>}"
# The demo shows every feature; centres can still switch them off on /settings.
export FEATURE_GAMIFICATION="${FEATURE_GAMIFICATION:-true}" FEATURE_QR_SCANNING="${FEATURE_QR_SCANNING:-true}"
export ENCRYPTION_KEYS="${ENCRYPTION_KEYS:-dev1:ZGV2LWVuY3J5cHRpb24ta2V5LTAxMjM0NTY3ODlhYmM=}" BLIND_INDEX_KEY="${BLIND_INDEX_KEY:-ZGV2LWJsaW5kLWluZGV4LWtleS0wMTIzNDU2Nzg5YWI=}"

cd "$ROOT"
say "migrating (as the owner role)"; migrate_as_owner "$MIGRATE_DATABASE_URL"
say "seeding demo data"; bun run --silent seed

bun src/worker.ts &
WORKER_PID=$!
bun src/server.ts &
WEB_PID=$!
trap 'kill $WEB_PID $WORKER_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do curl -fs "http://$HOST:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
cat <<INFO

  AetherLearn is running at $PUBLIC_URL   (health: $PUBLIC_URL/api/health)

  Demo sign-ins (password for everyone with an email: demo-password-2026)
    platform admin   platform@demo.aetherlearn.test
    centre owner     owner@northside.demo.aetherlearn.test
    centre admin     admin@northside.demo.aetherlearn.test
    head tutor       head@northside.demo.aetherlearn.test
    tutor            tutor@northside.demo.aetherlearn.test
    parent           parent1@northside.demo.aetherlearn.test
    student          centre "northside", code NS001, PIN 482915
  (Riverside Tutoring: the same with "riverside" and codes RS001…)

  Email goes to a local SMTP server on 127.0.0.1:$SMTP_PORT that delivers nowhere: each message is
  one file in ${MAIL_DIR#"$ROOT/"}/ (newest last: ls -tr ${MAIL_DIR#"$ROOT/"}/*.eml), readable with
  less or any mail program; ${MAIL_DIR#"$ROOT/"}/transactions.jsonl lists every delivery.

  Press Ctrl-C to stop the web and worker processes; PostgreSQL, Redis and the SMTP server keep
  running for next time.
INFO
wait -n $WEB_PID $WORKER_PID
