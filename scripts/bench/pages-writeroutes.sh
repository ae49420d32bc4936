# Sourced by scripts/bench.sh: the scenario's writes as HTTP requests to the app in one process
# (scripts/bench/write-routes.ts; issue 17): statements, web and PostgreSQL CPU per request, the
# request's fixed cost included. BENCH_WRITES (default 150) of each. ./scripts/bench.sh writeroutes
BENCH_PG_DIR="$PG_DIR" bun scripts/bench/write-routes.ts || echo "writeroutes: benchmark failed (see above)"
