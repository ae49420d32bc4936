import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { CONFIG_KEYS } from "./config";

describe("configuration", () => {
  test(".env.example documents every variable the application reads", async () => {
    const example = await Bun.file(join(import.meta.dir, "../.env.example")).text();
    // A variable counts as documented when it appears as an assignment, commented out or not.
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect(CONFIG_KEYS.filter((key) => !documented.has(key))).toEqual([]);
  });

  test("an invalid value stops the process with a message naming the variable", async () => {
    const child = Bun.spawn(["bun", "-e", 'await import("./src/config.ts")'], {
      cwd: join(import.meta.dir, ".."),
      env: { ...process.env, PORT: "not-a-port", SESSION_SECRET: "short" },
      stderr: "pipe",
      stdout: "ignore",
    });
    const stderr = await new Response(child.stderr).text();
    expect(await child.exited).not.toBe(0);
    expect(stderr).toContain("PORT");
    expect(stderr).toContain("SESSION_SECRET must be at least 32 characters");
  });
});

describe("trusted proxies", () => {
  const parse = async (value: string) => {
    const child = Bun.spawn(
      [
        "bun",
        "-e",
        'const { config } = await import("./src/config.ts"); console.log(JSON.stringify(config.TRUSTED_PROXIES))',
      ],
      {
        cwd: join(import.meta.dir, ".."),
        env: { ...process.env, TRUSTED_PROXIES: value },
        stderr: "pipe",
        stdout: "pipe",
      },
    );
    const [stdout, stderr] = [await new Response(child.stdout).text(), await new Response(child.stderr).text()];
    return { code: await child.exited, stdout: stdout.trim(), stderr };
  };

  test("addresses and CIDR ranges are read; empty trusts no one; anything else stops the process", async () => {
    expect(JSON.parse((await parse("127.0.0.1, ::1,10.0.0.0/8")).stdout)).toEqual(["127.0.0.1", "::1", "10.0.0.0/8"]);
    expect(JSON.parse((await parse("")).stdout)).toEqual([]);
    for (const wrong of ["nginx.local", "10.0.0.0/33", "127.0.0.1/8/2"]) {
      const result = await parse(wrong);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges");
    }
  });
});

describe("Redis through Sentinels", () => {
  const parse = async (env: Record<string, string | undefined>) => {
    const child = Bun.spawn(
      [
        "bun",
        "-e",
        'const { config } = await import("./src/config.ts"); console.log(JSON.stringify(config.REDIS_SENTINELS ?? null))',
      ],
      { cwd: join(import.meta.dir, ".."), env: { ...process.env, ...env }, stderr: "pipe", stdout: "pipe" },
    );
    const [stdout, stderr] = [await new Response(child.stdout).text(), await new Response(child.stderr).text()];
    return { code: await child.exited, stdout: stdout.trim(), stderr };
  };

  test("REDIS_SENTINELS is parsed into host and port pairs", async () => {
    const result = await parse({ REDIS_SENTINELS: "10.0.0.1:26379,sentinel-b.internal:26380" });
    expect(JSON.parse(result.stdout)).toEqual([
      { host: "10.0.0.1", port: 26379 },
      { host: "sentinel-b.internal", port: 26380 },
    ]);
  });

  test("a malformed list is refused with the variable named", async () => {
    const result = await parse({ REDIS_SENTINELS: "10.0.0.1" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("REDIS_SENTINELS must be comma-separated host:port pairs");
  });

  test("without REDIS_URL or REDIS_SENTINELS the process refuses to start", async () => {
    const result = await parse({ REDIS_URL: "", REDIS_SENTINELS: "" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("set REDIS_URL, or REDIS_SENTINELS");
  });
});
