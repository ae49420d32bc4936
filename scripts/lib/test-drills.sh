# Sourced by scripts/test.sh: the failover drills (tests/drills, docs/scaling.md §5) as part of the
# whole-suite run. They kill -9 nodes, start workers with 2-second job locks and make their own
# traffic, so they get services of their own and cannot disturb the suite beside them (nor it
# them): a database aetherlearn_drills_test on the test PostgreSQL, a Redis on its own port
# (TEST_DRILLS_REDIS_PORT, default the test Redis port + 2000, or − 2000 near the top of the range), an SMTP server of their own
# (TEST_DRILLS_SMTP_PORT, default the test SMTP port + 2000), their own data folder, and every
# node a drill starts (Redis, Sentinels, PostgreSQL, nginx) lives under one folder that is swept
# when the run ends, however it ended. Their output goes to .data/<instance>/bun-test-drills.log.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

DRILLS_DIR="$TEST_DIR/drills"
DRILLS_LOG="$TEST_DIR/bun-test-drills.log"
# 2000 above the test Redis, or below it when that would pass the last port (the default 63800 would).
DRILLS_REDIS_PORT="${TEST_DRILLS_REDIS_PORT:-$((REDIS_PORT + 2000 <= 65535 ? REDIS_PORT + 2000 : REDIS_PORT - 2000))}"
DRILLS_SMTP_PORT="${TEST_DRILLS_SMTP_PORT:-$((SMTP_PORT + 2000))}"
# Where the drills put the nodes they start: a folder the postgres system user can reach.
DRILL_NODES_DIR="$(dirname "$(pg_data_dir "$TEST_INSTANCE/drill-nodes")")"
# The drills as a whole may take this long (they take 3–5 minutes); past it they are stopped and fail.
DRILLS_DEADLINE_S=900
DRILLS_PID="" DRILLS_STARTED_AT=0 DRILLS_PASSED=0 DRILLS_FAILED=0

# stop_drill_nodes: stops whatever a drill started and did not stop (a crash, a kill, a hang).
stop_drill_nodes() {
  [ -d "$DRILL_NODES_DIR" ] || return 0
  local file
  while IFS= read -r file; do stop_postgres "$(dirname "$file")"; done < <(find "$DRILL_NODES_DIR" -name postmaster.pid 2>/dev/null)
  while IFS= read -r file; do stop_pidfile "$file"; done < <(find "$DRILL_NODES_DIR" -name '*.pid' ! -name postmaster.pid 2>/dev/null)
  return 0
}

# The drills' database and Redis, made afresh; prints nothing on success but what `say` reports.
prepare_drills() {
  stop_drill_nodes
  rm -rf "$DRILL_NODES_DIR" "$DRILLS_DIR/data"
  mkdir -p "$DRILL_NODES_DIR" "$DRILLS_DIR/data"
  # The parent folders must be reachable by the postgres system user (pg_data_dir checked them).
  [ "$(id -u)" -eq 0 ] && chmod 755 "$DRILL_NODES_DIR"
  start_redis "$DRILLS_DIR/redis" "$DRILLS_REDIS_PORT" no || true
  redis-cli -p "$DRILLS_REDIS_PORT" flushall >/dev/null || die "the drills' Redis on port $DRILLS_REDIS_PORT does not answer"
  stop_mail_sink "$DRILLS_DIR/mail"; rm -rf "$DRILLS_DIR/mail"
  start_mail_sink "$DRILLS_DIR/mail" "$DRILLS_SMTP_PORT"
  local owner_url="postgres://aetherlearn_owner:aetherlearn-test-owner@127.0.0.1:$PG_PORT/aetherlearn_drills_test"
  local app_url="postgres://aetherlearn_app:aetherlearn-test-app@127.0.0.1:$PG_PORT/aetherlearn_drills_test"
  split_role_database "$TEST_PG_ADMIN_URL" "$owner_url" "$app_url" recreate
  migrate_as_owner "$owner_url" >/dev/null || die "migrating the drills' database failed"
  export DATABASE_URL="$app_url" MIGRATE_DATABASE_URL="$owner_url"
  export REDIS_URL="redis://127.0.0.1:$DRILLS_REDIS_PORT" DATA_DIR="$DRILLS_DIR/data" DRILL_NODES_DIR
  export SMTP_URL="smtp://127.0.0.1:$DRILLS_SMTP_PORT" MAIL_SINK_DIR="$DRILLS_DIR/mail"
  # Drill 1 brings its own Sentinels; the rest run on the one Redis, whatever REDIS_MODE the suite uses.
  unset REDIS_SENTINELS REDIS_SENTINEL_NAME
}

# start_drills: the drills in the background, in a process group of their own (so one kill stops
# every web process and worker they spawned), their output in DRILLS_LOG.
start_drills() {
  say "failover drills started (tests/drills; log ${DRILLS_LOG#"$ROOT/"})"
  DRILLS_STARTED_AT=$SECONDS
  set -m
  (
    set -e
    prepare_drills
    say "bun test tests/drills"
    set +e
    # bun test picks up *.test.ts only: the drills are named on the command line.
    exec bun test --timeout 30000 "$ROOT"/tests/drills/*.drill.ts
  ) >"$DRILLS_LOG" 2>&1 &
  DRILLS_PID=$!
  set +m
}

# finish_drills: waits for the drills (at most DRILLS_DEADLINE_S in all), reports their figures and
# sets DRILLS_PASSED / DRILLS_FAILED. A crash or a timeout counts as a failure.
finish_drills() {
  [ -n "$DRILLS_PID" ] || return 0
  say "failover drills"
  while kill -0 "$DRILLS_PID" 2>/dev/null && [ $((SECONDS - DRILLS_STARTED_AT)) -lt "$DRILLS_DEADLINE_S" ]; do sleep 1; done
  local status timed_out=no
  if kill -0 "$DRILLS_PID" 2>/dev/null; then
    timed_out=yes
    kill -TERM -- "-$DRILLS_PID" 2>/dev/null; sleep 5; kill -KILL -- "-$DRILLS_PID" 2>/dev/null
  fi
  wait "$DRILLS_PID"; status=$?
  # Whatever the drills spawned and left behind (a writer of the promotion drill, a web process) is
  # still in their process group.
  kill -KILL -- "-$DRILLS_PID" 2>/dev/null
  DRILLS_PID=""
  stop_drill_nodes
  DRILLS_PASSED=$(grep -Eo '^ *[0-9]+ pass$' "$DRILLS_LOG" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
  DRILLS_FAILED=$(grep -Eo '^ *[0-9]+ fail$' "$DRILLS_LOG" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
  grep -E '^drill |^\((pass|fail)\)' "$DRILLS_LOG"
  echo "drills: $DRILLS_PASSED passed, $DRILLS_FAILED failed in $((SECONDS - DRILLS_STARTED_AT)) s"
  if [ "$timed_out" = yes ]; then
    DRILLS_FAILED=$((DRILLS_FAILED + 1)); echo "FAILED: the drills ran past ${DRILLS_DEADLINE_S} s and were stopped"
  elif [ "$status" -ne 0 ] && [ "$DRILLS_FAILED" -eq 0 ]; then
    DRILLS_FAILED=$((DRILLS_FAILED + 1)); echo "FAILED: the drills exited $status"
  fi
  [ "$DRILLS_FAILED" -eq 0 ] || { echo "--- last lines of ${DRILLS_LOG#"$ROOT/"}:"; tail -n 40 "$DRILLS_LOG"; }
}

# stop_drills: on any exit of test.sh — drills still running are stopped, their nodes and Redis too.
stop_drills() {
  if [ -n "$DRILLS_PID" ]; then
    kill -TERM -- "-$DRILLS_PID" 2>/dev/null && sleep 2
    kill -KILL -- "-$DRILLS_PID" 2>/dev/null
  fi
  stop_drill_nodes
  [ -f "$DRILLS_DIR/redis/redis.pid" ] && stop_pidfile "$DRILLS_DIR/redis/redis.pid"
  stop_mail_sink "$DRILLS_DIR/mail"
  return 0
}
