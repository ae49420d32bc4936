#!/usr/bin/env bash
# Stands in for `systemctl restart aetherlearn.target` in the deploy tests (RESTART_CMD): runs one
# web process from $DEPLOY_ROOT/current with the app environment, its pid kept in $DEPLOY_ROOT/web.pid.
# Usage: release-service.sh restart | stop
set -euo pipefail
: "${DEPLOY_ROOT:?DEPLOY_ROOT must be set}" "${APP_ENV_FILE:?APP_ENV_FILE must be set}"
PIDFILE="$DEPLOY_ROOT/web.pid"

stop() {
  [ -f "$PIDFILE" ] || return 0
  local pid; pid="$(cat "$PIDFILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

start() {
  set -a; source "$APP_ENV_FILE"; set +a
  cd "$DEPLOY_ROOT/current"
  setsid bun src/server.ts </dev/null >>"$DEPLOY_ROOT/web.log" 2>&1 &
  echo $! >"$PIDFILE"
}

case "${1:-}" in
  restart) stop; start ;;
  stop) stop ;;
  *) echo "usage: $0 restart | stop" >&2; exit 2 ;;
esac
