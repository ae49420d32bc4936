# Sourced by scripts/bench.sh: the class markbook (issue 15, acceptance 1): a 30 × 40 markbook
# at 20 connections, signed in as its tutor; prints its p95 against the 100 ms budget.
timeout 300 bun scripts/bench-markbook.ts || echo "markbook: benchmark failed (see above)"
