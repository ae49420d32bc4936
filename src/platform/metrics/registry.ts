import client from "prom-client";

/**
 * The process's metrics. Every web process (one per core) and worker has its own registry and its
 * own loopback metrics port, and Prometheus scrapes each one (see ops/prometheus/prometheus.yml).
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new client.Histogram({
  name: "aetherlearn_http_request_duration_seconds",
  help: "HTTP request duration by method, route pattern and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers: [registry],
});

export const dbQueryDuration = new client.Histogram({
  name: "aetherlearn_db_query_duration_seconds",
  help: "Database query duration by statement kind and outcome",
  labelNames: ["operation", "outcome"] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const dbPoolInUse = new client.Gauge({
  name: "aetherlearn_db_pool_connections_in_use",
  help: "Database connections currently checked out of this process's pool",
  registers: [registry],
});

export const dbPoolMax = new client.Gauge({
  name: "aetherlearn_db_pool_connections_max",
  help: "Size of this process's database connection pool",
  registers: [registry],
});

export const sseConnections = new client.Gauge({
  name: "aetherlearn_sse_connections",
  help: "Server-Sent Events streams currently open on this process",
  registers: [registry],
});

export const mailSends = new client.Counter({
  name: "aetherlearn_mail_sends_total",
  help: "Attempts to hand an email to the SMTP server, by outcome (sent or failed)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

export const jobsProcessed = new client.Counter({
  name: "aetherlearn_queue_jobs_processed_total",
  help: "Background jobs finished by this worker process, by queue and outcome",
  labelNames: ["queue", "outcome"] as const,
  registers: [registry],
});
