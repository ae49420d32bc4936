import type { Server } from "bun";
import { log } from "../log";
import { registry } from "./registry";
import "./collectors";

/**
 * Metrics get a listener of their own, bound to loopback by default: nginx never proxies to it, so
 * the figures are not public, and each process (they share the web port) can be scraped apart.
 */
export function startMetricsServer(hostname: string, port: number): Server<undefined> {
  const server = Bun.serve({
    hostname,
    port,
    async fetch(request) {
      if (new URL(request.url).pathname !== "/metrics") return new Response("Not found\n", { status: 404 });
      return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
    },
  });
  log.info({ url: `http://${hostname}:${server.port}/metrics` }, "metrics listening");
  return server;
}
