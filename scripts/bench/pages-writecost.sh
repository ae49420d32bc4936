# Sourced by scripts/bench.sh: what each write of the concurrent-users scenario costs PostgreSQL, the
# web process and the worker, as statements and CPU per action (scripts/bench/write-cost.ts; issue 17).
# BENCH_WRITES (default 150) of each. ./scripts/bench.sh writecost
# BENCH_STATEMENTS=1 also lists the worker's most frequent statements; BENCH_BUN_FLAGS (e.g. --cpu-prof) go to bun.
BENCH_PG_DIR="$PG_DIR" bun ${BENCH_BUN_FLAGS:-} scripts/bench/write-cost.ts || echo "writecost: benchmark failed (see above)"
