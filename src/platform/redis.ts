import Redis, { type Callback, type RedisOptions } from "ioredis";
import { type Config, config } from "../config";
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

type RedisTarget = Pick<
  Config,
  "REDIS_URL" | "REDIS_SENTINELS" | "REDIS_SENTINEL_NAME" | "REDIS_SENTINEL_PASSWORD" | "REDIS_PASSWORD"
>;

/**
 * Where Redis is: through Sentinels when REDIS_SENTINELS is set (they name the current primary,
 * and after a failover the client asks them again), else the one REDIS_URL.
 */
export function redisTargetOptions(target: RedisTarget = config): RedisOptions {
  if (!target.REDIS_SENTINELS) return {};
  return {
    sentinels: target.REDIS_SENTINELS,
    name: target.REDIS_SENTINEL_NAME,
    sentinelPassword: target.REDIS_SENTINEL_PASSWORD,
    password: target.REDIS_PASSWORD,
    // Sentinels announce +switch-master: drop the old primary at once instead of waiting for a timeout.
    failoverDetector: true,
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    // A demoted primary answers writes with READONLY: reconnect, which asks the Sentinels anew.
    reconnectOnError: (error) => error.message.startsWith("READONLY"),
  };
}

/** ioredis's message for a client that is closed for good (status "end"). */
const CONNECTION_CLOSED = "Connection is closed.";

/**
 * A Redis client that survives a Sentinel failover in every timing. ioredis's failover detector
 * (subscribed to the Sentinels' +switch-master) disconnects the Sentinel connector. When that
 * message arrives while a reconnect is still asking the Sentinels for the primary — likely, since
 * a killed primary sends every client into reconnect attempts until the promotion — the
 * connector's connect() finds itself disconnected and rejects with "Connection is closed.", and
 * Redis#connect then ends the client for good (status "end") without asking retryStrategy:
 * every later command fails, and a BullMQ queue or worker on it never recovers (drill 1 failed 2
 * runs in 5 on it). This client connects again in exactly that case: a connect that ended the
 * client without its socket ever closing and without the app having disconnected it. Its
 * duplicates (BullMQ's blocking connections) are of the same kind.
 */
export class FailoverSafeRedis extends Redis {
  private closedOnPurpose = false;

  override connect(callback?: Callback<void>): Promise<void> {
    this.closedOnPurpose = false;
    let socketClosed = false;
    const onClose = () => {
      socketClosed = true;
    };
    this.on("close", onClose);
    const connecting = super.connect(callback);
    connecting.then(
      () => this.off("close", onClose),
      (error: unknown) => {
        this.off("close", onClose);
        const abandoned =
          error instanceof Error &&
          error.message === CONNECTION_CLOSED &&
          this.status === "end" &&
          !socketClosed &&
          !this.closedOnPurpose &&
          typeof this.options.retryStrategy?.(1) === "number";
        if (!abandoned) return;
        log.warn("redis connect abandoned by a failover notice; asking the Sentinels again");
        // At once: the Sentinels have just announced the new primary.
        setImmediate(() => {
          if (this.status === "end" && !this.closedOnPurpose) this.connect().catch(() => {});
        });
      },
    );
    return connecting;
  }

  override disconnect(reconnect = false): void {
    if (!reconnect) this.closedOnPurpose = true;
    super.disconnect(reconnect);
  }

  override duplicate(override?: Partial<RedisOptions>): FailoverSafeRedis {
    return logErrors(new FailoverSafeRedis({ ...this.options, ...override }));
  }
}

export const usesSentinels = (): boolean => config.REDIS_SENTINELS !== undefined;

/** The one way this app opens a Redis connection: every client, subscriber and BullMQ connection comes here. */
export function createRedis(options: RedisOptions = failFast, target: RedisTarget = config): Redis {
  const settings: RedisOptions = { lazyConnect: false, ...options, ...redisTargetOptions(target) };
  const client =
    target.REDIS_SENTINELS || !target.REDIS_URL
      ? new FailoverSafeRedis(settings)
      : new FailoverSafeRedis(
          target.REDIS_URL,
          target.REDIS_PASSWORD ? { password: target.REDIS_PASSWORD, ...settings } : settings,
        );
  return logErrors(client);
}

function logErrors<Client extends Redis>(client: Client): Client {
  client.on("error", (error) => log.warn({ err: error.message }, "redis connection error"));
  return client;
}

/**
 * A connection for SUBSCRIBE only (the live hub's). ioredis sends a subscription as soon as the
 * socket is up, before its own handshake has finished, and the handshake's CLIENT SETINFO and
 * ready-check INFO are refused once a SUBSCRIBE has been answered: the ready check then fails,
 * the client reconnects, and in a burst of streams opening (each subscribing) it can fail that
 * way again and again, every stream of the burst refused. A subscriber sends neither; a command
 * still waits up to 5 s, longer than a request's second, since one SUBSCRIBE serves many streams.
 */
export function createSubscriber(target: RedisTarget = config): Redis {
  return createRedis(
    {
      connectTimeout: 2_000,
      commandTimeout: 5_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      enableReadyCheck: false,
      disableClientInfo: true,
    },
    target,
  );
}

/** BullMQ's connections: retries are BullMQ's own business (it requires maxRetriesPerRequest: null). */
export function createQueueConnection(): Redis {
  return createRedis({ maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) });
}

/**
 * With a replica behind the primary, waits until it holds every write made so far (by any
 * connection), so a failover right after cannot lose them: replication is otherwise asynchronous.
 * WAIT covers only its own connection's writes, so a fence write first puts this connection past
 * them all. Without Sentinels, or with no replica left, there is nothing to wait for.
 */
export async function awaitReplication(client: Redis = redis, timeoutMs = 500): Promise<void> {
  // Well inside the request-time command timeout (1 s): a slow replica delays, never fails, the caller.
  if (!usesSentinels()) return;
  await client.incr("aetherlearn:replication-fence");
  const acknowledged = await client.wait(1, timeoutMs);
  if (acknowledged < 1) log.warn({ timeoutMs }, "no Redis replica acknowledged a write in time");
}

/** Shared client for request-time commands. */
export const redis: Redis = createRedis();
