import { describe, expect, test } from "bun:test";
import { recordAudit } from "../src/platform/audit";
import { db } from "../src/platform/db";

async function runVerify(...args: string[]) {
  const child = Bun.spawn(["bun", "scripts/audit-verify.ts", ...args], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, exitCode };
}

describe("bun run audit:verify", () => {
  test("reports an intact chain with its row count and head hash, exit code 0", async () => {
    const slug = `verify-cli-${crypto.randomUUID().slice(0, 8)}`;
    const { id: centreId } = await db
      .insertInto("centres")
      .values({ slug, name: "Verify CLI centre", timezone: "UTC" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { hash } = await recordAudit(db, {
      centreId,
      actor: { id: null, role: null },
      action: "auth.sign_in_failed",
      request: { ip: "192.0.2.1", userAgent: null, requestId: "req-cli" },
    });
    const result = await runVerify("--centre", centreId);
    expect(result.stdout).toContain(`ok      ${slug} (${centreId}): 1 rows, head ${hash}`);
    expect(result.exitCode).toBe(0);
  });

  test("refuses a malformed centre id with exit code 2", async () => {
    const result = await runVerify("--centre", "not-a-uuid");
    expect(result.stderr).toContain("--centre takes a centre id");
    expect(result.exitCode).toBe(2);
  });
});
