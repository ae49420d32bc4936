import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { spawn } from "bun";

describe("the worker process's log lines", () => {
  test('say service "worker", not "web", though the logger is built before the entry file runs', async () => {
    const { AETHERLEARN_PROCESS: _unset, ...env } = process.env;
    const worker = spawn(["bun", join(import.meta.dir, "worker.ts")], {
      env: { ...env, LOG_LEVEL: "info" },
      stdout: "pipe",
      stderr: "inherit",
    });
    try {
      const decoder = new TextDecoder();
      let output = "";
      for await (const chunk of worker.stdout) {
        output += decoder.decode(chunk);
        if (output.includes('"msg":"worker started"')) break;
      }
      const started = output.split("\n").find((line) => line.includes('"msg":"worker started"'));
      expect(JSON.parse(started ?? "{}")).toMatchObject({ service: "worker", pid: worker.pid });
    } finally {
      worker.kill("SIGTERM");
      await worker.exited;
    }
  }, 60_000);
});
