import { describe, expect, test } from "bun:test";

describe("bun run rotate-encryption-key", () => {
  test("walks every registered column and reports the keys in use", async () => {
    const child = Bun.spawn(["bun", "scripts/rotate-encryption-key.ts", "--batch-size", "200"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(stdout).toContain("users.email_encrypted: ");
    expect(stdout).toContain("users.date_of_birth_encrypted: ");
    expect(stdout).not.toContain("FAILED");
    expect(exitCode).toBe(0);
  });

  test("refuses a bad batch size with exit code 2", async () => {
    const child = Bun.spawn(["bun", "scripts/rotate-encryption-key.ts", "--batch-size", "0"], { stderr: "pipe" });
    const [stderr, exitCode] = await Promise.all([new Response(child.stderr).text(), child.exited]);
    expect(stderr).toContain("--batch-size");
    expect(exitCode).toBe(2);
  });
});
