# Sourced by scripts/bench.sh: the student import figure (issue 14, acceptance 1). Previews and
# commits a BENCH_IMPORT_ROWS-row (default 1000) student CSV with parents and a class, then again.
timeout 300 bun scripts/bench-import.ts || echo "import: benchmark failed (see above)"
