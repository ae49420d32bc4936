import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import type Redis from "ioredis";
import { waitFor } from "../../tests/support/processes";
import { createRedis, createSubscriber, FailoverSafeRedis } from "./redis";

/**
 * A stand-in Sentinel that names the real test Redis as primary, can hold its answer back and can
 * announce +switch-master when the test says so: the one timing a real failover produces only
 * sometimes (the notice arriving while a reconnect is asking for the primary) made certain.
 */
interface FakeSentinel {
  port: number;
  /** Sockets subscribed to +switch-master (ioredis's failover detector). */
  subscribers: Set<Socket<unknown>>;
  /** While true, get-master-addr-by-name waits for release(). */
  hold: boolean;
  held: number;
  release(): void;
  announce(): void;
  stop(): void;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** Whole RESP commands (arrays of bulk strings) at the start of buffer, and what is left. */
function parseCommands(buffer: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let at = 0;
  while (buffer[at] === "*") {
    const headerEnd = buffer.indexOf("\r\n", at);
    if (headerEnd < 0) break;
    const count = Number(buffer.slice(at + 1, headerEnd));
    let cursor = headerEnd + 2;
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const lengthEnd = buffer.indexOf("\r\n", cursor);
      if (lengthEnd < 0 || buffer[cursor] !== "$") return { commands, rest: buffer.slice(at) };
      const length = Number(buffer.slice(cursor + 1, lengthEnd));
      if (buffer.length < lengthEnd + 2 + length + 2) return { commands, rest: buffer.slice(at) };
      parts.push(buffer.slice(lengthEnd + 2, lengthEnd + 2 + length));
      cursor = lengthEnd + 2 + length + 2;
    }
    commands.push(parts);
    at = cursor;
  }
  return { commands, rest: buffer.slice(at) };
}

/** A server on a free port that speaks RESP: each whole command goes to `answer`. */
function respServer(
  answer: (socket: Socket<unknown>, command: string[]) => unknown,
  onClose: (socket: Socket<unknown>) => void = () => {},
) {
  const buffers = new WeakMap<Socket<unknown>, string>();
  return Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket, data) {
        const { commands, rest } = parseCommands((buffers.get(socket) ?? "") + data.toString("latin1"));
        buffers.set(socket, rest);
        for (const command of commands) answer(socket, command);
      },
      close: onClose,
    },
  });
}

function fakeSentinel(primaryPort: number): FakeSentinel {
  const waiting: Socket<unknown>[] = [];
  const primary = `*2\r\n${bulk("127.0.0.1")}${bulk(String(primaryPort))}`;
  const sentinel: FakeSentinel = {
    port: 0,
    subscribers: new Set(),
    hold: false,
    held: 0,
    release() {
      sentinel.hold = false;
      for (const socket of waiting.splice(0)) socket.write(primary);
    },
    announce() {
      const payload = `aetherlearn 127.0.0.1 ${primaryPort} 127.0.0.1 ${primaryPort}`;
      for (const socket of sentinel.subscribers) {
        socket.write(`*3\r\n${bulk("message")}${bulk("+switch-master")}${bulk(payload)}`);
      }
    },
    stop: () => server.stop(true),
  };
  const answer = (socket: Socket<unknown>, [name = "", sub = ""]: string[]) => {
    const command = `${name} ${sub}`.toLowerCase();
    if (command === "sentinel get-master-addr-by-name") {
      if (!sentinel.hold) return socket.write(primary);
      sentinel.held++;
      return waiting.push(socket);
    }
    if (command === "sentinel sentinels") return socket.write("*0\r\n");
    if (name.toLowerCase() === "subscribe") {
      sentinel.subscribers.add(socket);
      return socket.write(`*3\r\n${bulk("subscribe")}${bulk(sub)}:1\r\n`);
    }
    return socket.write("+OK\r\n");
  };
  const server = respServer(answer, (socket) => sentinel.subscribers.delete(socket));
  sentinel.port = server.port;
  return sentinel;
}

const redisPort = Number(new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379").port);
let admin: Redis;
let sentinel: FakeSentinel;
const opened: Redis[] = [];

function throughSentinel(): Redis {
  // The options BullMQ's connections use (createQueueConnection), through the stand-in Sentinel.
  const client = createRedis(
    { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) },
    {
      REDIS_URL: undefined,
      REDIS_SENTINELS: [{ host: "127.0.0.1", port: sentinel.port }],
      REDIS_SENTINEL_NAME: "aetherlearn",
      REDIS_SENTINEL_PASSWORD: undefined,
      REDIS_PASSWORD: undefined,
    },
  );
  opened.push(client);
  return client;
}

/** Drops the client's connection and holds the Sentinel's answer to its reconnect's question. */
async function reconnectHeldAtTheSentinel(client: Redis): Promise<void> {
  await waitFor(async () => client.status === "ready" && sentinel.subscribers.size > 0, 15_000, "a subscribed client");
  const id = await client.client("ID");
  sentinel.hold = true;
  sentinel.held = 0;
  await admin.client("KILL", "ID", String(id));
  await waitFor(async () => sentinel.held > 0, 15_000, "the reconnect to ask the Sentinel for the primary");
}

beforeAll(() => {
  admin = createRedis(undefined, {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_SENTINELS: undefined,
    REDIS_SENTINEL_NAME: "aetherlearn",
    REDIS_SENTINEL_PASSWORD: undefined,
    REDIS_PASSWORD: undefined,
  });
  sentinel = fakeSentinel(redisPort);
});

afterEach(async () => {
  for (const client of opened.splice(0)) client.disconnect();
  await waitFor(async () => sentinel.subscribers.size === 0, 15_000, "the clients' failover detectors to close");
});

afterAll(() => {
  admin.disconnect();
  sentinel.stop();
});

describe("Redis clients through Sentinels", () => {
  test("a failover notice during a reconnect does not leave the client closed for good", async () => {
    const client = throughSentinel();
    await reconnectHeldAtTheSentinel(client);
    // +switch-master while the reconnect waits for the Sentinel's answer (ioredis's race).
    sentinel.announce();
    await waitFor(async () => sentinel.subscribers.size === 0, 15_000, "the failover detector to act");
    sentinel.release();
    await waitFor(async () => (await client.ping()) === "PONG", 15_000, "the client to answer again");
    expect(client.status).toBe("ready");
  }, 60_000);

  test("its duplicates (BullMQ's blocking connections) recover the same way", async () => {
    const original = throughSentinel();
    await waitFor(async () => original.status === "ready", 15_000, "the original client");
    original.disconnect();
    await waitFor(async () => sentinel.subscribers.size === 0, 15_000, "the original's failover detector to close");
    const duplicate = original.duplicate();
    opened.push(duplicate);
    expect(duplicate).toBeInstanceOf(FailoverSafeRedis);
    await reconnectHeldAtTheSentinel(duplicate);
    sentinel.announce();
    await waitFor(async () => sentinel.subscribers.size === 0, 15_000, "the failover detector to act");
    sentinel.release();
    await waitFor(async () => (await duplicate.ping()) === "PONG", 15_000, "the duplicate to answer again");
  }, 60_000);

  test("a client the app disconnects during a reconnect stays disconnected", async () => {
    const client = throughSentinel();
    await reconnectHeldAtTheSentinel(client);
    client.disconnect();
    sentinel.release();
    await waitFor(async () => client.status === "end", 15_000, "the client to end");
    // Nothing may bring it back: give a reconnect every chance to happen first.
    await Bun.sleep(500);
    expect(client.status).toBe("end");
    await expect(client.ping()).rejects.toThrow("Connection is closed.");
  }, 60_000);
});

/**
 * A stand-in Redis that answers SUBSCRIBE at once but is slow with everything else, as a loaded
 * machine can be, and refuses what a real Redis refuses on a connection in subscriber mode.
 */
function slowHandshakeRedis(): { port: number; refused: string[]; stop(): void } {
  const subscribed = new WeakSet<Socket<unknown>>();
  const refused: string[] = [];
  const answer = (socket: Socket<unknown>, [name = "", channel = ""]: string[]) => {
    const command = name.toLowerCase();
    if (command === "subscribe") {
      subscribed.add(socket);
      socket.write(`*3\r\n${bulk("subscribe")}${bulk(channel)}:1\r\n`);
      return void setTimeout(() => socket.write(`*3\r\n${bulk("message")}${bulk(channel)}${bulk("hello")}`), 50);
    }
    setTimeout(() => {
      if (subscribed.has(socket)) {
        refused.push(command);
        return socket.write(
          `-ERR Can't execute '${command}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n`,
        );
      }
      socket.write(command === "info" ? bulk("# Server\r\nredis_version:7.0.0\r\nloading:0\r\n") : "+OK\r\n");
    }, 30);
  };
  const server = respServer(answer);
  return { port: server.port, refused, stop: () => server.stop(true) };
}

describe("the live subscriber connection", () => {
  test("a SUBSCRIBE sent while the connection is still being set up does not break it", async () => {
    const server = slowHandshakeRedis();
    const subscriber = createSubscriber({
      REDIS_URL: `redis://127.0.0.1:${server.port}`,
      REDIS_SENTINELS: undefined,
      REDIS_SENTINEL_NAME: "aetherlearn",
      REDIS_SENTINEL_PASSWORD: undefined,
      REDIS_PASSWORD: undefined,
    });
    const errors: string[] = [];
    const messages: string[] = [];
    subscriber.on("error", (error: Error) => errors.push(error.message));
    subscriber.on("message", (channel: string, text: string) => messages.push(`${channel}:${text}`));
    // As a stream opening in a burst does: subscribing the moment the socket is up.
    subscriber.once(
      "connect",
      () => void subscriber.subscribe("live:user:1").catch((error: Error) => errors.push(error.message)),
    );
    try {
      await waitFor(async () => messages.length > 0, 5_000, "the subscribed channel's message");
      await Bun.sleep(200);
      expect(messages).toEqual(["live:user:1:hello"]);
      expect(subscriber.status).toBe("ready");
      expect(errors).toEqual([]);
      expect(server.refused).toEqual([]);
    } finally {
      subscriber.disconnect();
      server.stop();
    }
  });
});
