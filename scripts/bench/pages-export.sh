# Sourced by scripts/bench.sh: the export figure (issue 6, acceptance 5). A real worker process
# writes a BENCH_EXPORT_ROWS-row (default 10000) attendance CSV; prints rows/s and its peak RSS.
timeout 300 bun scripts/bench-export.ts || echo "export: benchmark failed (see above)"
