# Sourced by scripts/bench.sh: the SSE fan-out figure (issue 6). Starts its own web process on
# the next port with a per-person stream cap and request limit that let one machine open
# BENCH_SSE_CLIENTS streams (default 10000), bounded by the open-file limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
BENCH_SSE_NOFILE="$(ulimit -n)" BENCH_SSE_PORT="$((WEB_PORT + 1))" timeout 300 bun scripts/bench-sse.ts ||
  echo "sse fan-out: benchmark failed (see above)"
