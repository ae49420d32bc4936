import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { anonymousCredentials } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/** Two web processes with the real limits, sharing one Redis, like two cores behind nginx. */
const REAL_LIMITS = { RATE_LIMIT_SIGN_IN_PER_MINUTE: "20", RATE_LIMIT_REQUESTS_PER_MINUTE: "100" };
let first: RunningProcess;
let second: RunningProcess;

beforeAll(async () => {
  // A generous start: on a loaded machine two processes compiling at once take more than 15 s.
  [first, second] = await Promise.all([startWebServer(REAL_LIMITS, 60_000), startWebServer(REAL_LIMITS, 60_000)]);
}, 90_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

/** nginx passes the client address in X-Real-IP; each test uses an address of its own. */
function clientAddress(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

function signInAttempt(server: RunningProcess, ip: string) {
  const visitor = anonymousCredentials();
  const body = new URLSearchParams({
    _csrf: visitor.csrfToken,
    mode: "password",
    centre: "northside",
    email: `nobody-${crypto.randomUUID()}@example.test`,
    password: "wrong password",
  });
  return fetch(`${server.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: visitor.cookie,
      origin: server.url,
      "x-real-ip": ip,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });
}

describe("rate limits shared through Redis", () => {
  test("the 21st sign-in attempt in a minute from one address gets 429, across two processes", async () => {
    const ip = clientAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses.push((await signInAttempt(attempt % 2 === 0 ? first : second, ip)).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    const limited = await signInAttempt(first, ip);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.text()).toContain("Too many requests");
    // Another address is not affected.
    expect((await signInAttempt(second, clientAddress())).status).toBe(401);
  });

  test("other routes allow 100 requests a minute per address, then 429", async () => {
    const ip = clientAddress();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${(i % 2 ? first : second).url}/sign-in`, { headers: { "x-real-ip": ip } }),
      ),
    );
    expect(results.every((response) => response.status === 200)).toBe(true);
    const limited = await fetch(`${first.url}/`, { headers: { "x-real-ip": ip } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("health checks and fingerprinted assets are never throttled", async () => {
    const ip = clientAddress();
    const results = await Promise.all(
      Array.from({ length: 110 }, () => fetch(`${first.url}/api/health`, { headers: { "x-real-ip": ip } })),
    );
    expect(results.some((response) => response.status === 429)).toBe(false);
  });

  test("forgot-password requests share the sign-in bucket per client address: the 21st is refused", async () => {
    const ip = clientAddress();
    const ask = (server: RunningProcess) => {
      const visitor = anonymousCredentials();
      return fetch(`${server.url}/forgot-password`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: visitor.cookie,
          origin: server.url,
          "x-real-ip": ip,
          "content-type": "application/x-www-form-urlencoded",
        },
        // A different address each time: only the client address's limit can refuse.
        body: new URLSearchParams({
          _csrf: visitor.csrfToken,
          centre: "",
          email: `nobody-${crypto.randomUUID()}@example.test`,
        }),
      });
    };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) statuses.push((await ask(attempt % 2 ? first : second)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = await ask(first);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
