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
