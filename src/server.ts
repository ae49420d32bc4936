import { createApp } from "./app";
import { config } from "./config";
import { log } from "./platform/log";
import { startMetricsServer } from "./platform/metrics/server";
import { MAX_OBJECT_BYTES, MULTIPART_ROOM_BYTES, storage } from "./platform/storage";

await storage.ensureBuckets();

// reusePort lets one Bun process per core share the port (systemd template units on real servers).
// Bun refuses bodies over 128 MB by default; the largest upload the app streams (a video) is larger.
const app = createApp().listen({
  hostname: config.HOST,
  port: config.PORT,
  reusePort: true,
  maxRequestBodySize: MAX_OBJECT_BYTES + MULTIPART_ROOM_BYTES,
});
log.info({ url: `http://${config.HOST}:${app.server?.port}` }, "web process listening");
if (config.METRICS_PORT) startMetricsServer(config.METRICS_HOST, config.METRICS_PORT);

// `kill -USR2 <pid>`: a full garbage collection, so memory can be measured without garbage in it
// (scripts/bench-sse.ts does, to count the bytes an open stream holds).
process.on("SIGUSR2", () => {
  Bun.gc(true);
  log.info({ rss: process.memoryUsage().rss }, "full garbage collection on SIGUSR2");
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    log.info({ signal }, "web process stopping");
    await app.stop();
    process.exit(0);
  });
}
