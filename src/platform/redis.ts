import Redis, { type RedisOptions } from "ioredis";
import { config } from "../config";
import { log } from "./log";

/**
 * Requests must not hang while Redis is down: a command waits at most a second (covering the
 * first connect at start-up), and the client keeps reconnecting in the background.
 */
const failFast: RedisOptions = {
  commandTimeout: 1000,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
};

export function createRedis(url: string = config.REDIS_URL, options: RedisOptions = failFast): Redis {
  const client = new Redis(url, { lazyConnect: false, ...options });
  client.on("error", (error) => log.warn({ err: error.message }, "redis connection error"));
  return client;
}

/** Shared client for request-time commands. */
export const redis: Redis = createRedis();
