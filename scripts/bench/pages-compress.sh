# Sourced by scripts/bench.sh: what compressing a dynamic response costs (issue 17): brotli 1–5 and
# gzip on the event loop against brotli on the thread pool, on the markbook and a dashboard.
timeout 300 bun scripts/bench/compress.ts || echo "compress: benchmark failed (see above)"
