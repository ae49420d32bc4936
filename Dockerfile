# The AetherLearn image that ops/k8s runs (web: bun src/server.ts, worker: bun src/worker.ts),
# built by the `image` job of .github/workflows/ci.yml. Bun's version is the one package.json pins.
ARG BUN_VERSION=1.4.5

# Production dependencies only, with native modules (sharp) built for this Debian.
FROM oven/bun:${BUN_VERSION}-debian AS dependencies
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production --ignore-scripts

# The browser assets (htmx) copied into public/vendor, as `bun install` does on a server.
FROM oven/bun:${BUN_VERSION}-debian AS assets
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --ignore-scripts
COPY public public
COPY scripts/build-assets.ts scripts/build-assets.ts
RUN bun scripts/build-assets.ts

FROM oven/bun:${BUN_VERSION}-slim AS runtime
WORKDIR /app
# The fonts generated PDFs embed (PDF_FONTS): Noto for Latin, Cyrillic, Greek, Arabic and Devanagari, Droid Sans Fallback for CJK.
RUN apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-core fonts-droid-fallback \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3001 DATA_DIR=/var/lib/aetherlearn
# The same numeric user the Deployments' securityContext names; it owns nothing but its data folder.
RUN groupadd --system --gid 10001 aetherlearn \
  && useradd --system --uid 10001 --gid aetherlearn --home-dir /var/lib/aetherlearn --shell /usr/sbin/nologin aetherlearn \
  && mkdir -p /var/lib/aetherlearn && chown aetherlearn:aetherlearn /var/lib/aetherlearn
COPY --from=dependencies /app/node_modules node_modules
COPY --from=assets /app/public public
COPY package.json bun.lock tsconfig.json bunfig.toml ./
COPY src src
COPY views views
COPY migrations migrations
COPY scripts scripts
USER 10001:10001
EXPOSE 3001
# The same check the load balancer and the k8s probes use: /api/health answers 200 when the
# database, Redis and object storage do.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bun", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["bun", "src/server.ts"]
