# Sourced by scripts/bench.sh: the concurrent-users scenario (issue 17, acceptance 2; docs/scaling.md).
# BENCH_USERS (--users, default 10000) people, each with an open live stream, acting with think time
# for BENCH_USERS_SECONDS (default 120) on one web process and one worker that it starts on the
# port after the SSE benchmark's. Only run when named: ./scripts/bench.sh --users 500 users
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
BENCH_USERS_NOFILE="$(ulimit -n)" BENCH_USERS_PORT="$((WEB_PORT + 2))" BENCH_PG_DIR="$PG_DIR" \
  BENCH_REDIS_DIR="$BENCH_DIR/redis" timeout "$(( ${BENCH_USERS_SECONDS:-120} + 1200 ))" bun scripts/bench-users.ts ||
  echo "users: benchmark failed (see above)"
