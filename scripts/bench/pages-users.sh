# Sourced by scripts/bench.sh: the concurrent-users scenario (issue 17, acceptance 2; docs/scaling.md).
# BENCH_USERS (--users, default 10000) people, each with an open live stream, acting with think time
# for BENCH_USERS_SECONDS (default 120) on one web process and one worker that it starts on the
# port after the SSE benchmark's. Only run when named: ./scripts/bench.sh --users 500 users
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Parents get their "marked" notes by email: a real SMTP server (the one dev and tests use) takes
# them, as a provider would, on BENCH_SMTP_PORT (default the web port + 4); its CPU is shown apart.
BENCH_MAIL_DIR="$BENCH_DIR/mail"
stop_mail_sink "$BENCH_MAIL_DIR"; rm -rf "$BENCH_MAIL_DIR"
trap 'stop_mail_sink "$BENCH_MAIL_DIR"; cleanup' EXIT
start_mail_sink "$BENCH_MAIL_DIR" "${BENCH_SMTP_PORT:-$((WEB_PORT + 4))}"
SMTP_URL="smtp://127.0.0.1:${BENCH_SMTP_PORT:-$((WEB_PORT + 4))}" MAIL_FROM="AetherLearn <no-reply@aetherlearn.bench>" \
  BENCH_MAIL_DIR="$BENCH_MAIL_DIR" BENCH_USERS_NOFILE="$(ulimit -n)" BENCH_USERS_PORT="$((WEB_PORT + 2))" BENCH_PG_DIR="$PG_DIR" \
  BENCH_REDIS_DIR="$BENCH_DIR/redis" timeout "$(( ${BENCH_USERS_SECONDS:-120} + ${BENCH_USERS_RAMP:-60} + 1200 ))" bun scripts/bench-users.ts ||
  echo "users: benchmark failed (see above)"
stop_mail_sink "$BENCH_MAIL_DIR"; rm -rf "$BENCH_MAIL_DIR"
