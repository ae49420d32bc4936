import { describe, expect, test } from "bun:test";
import { spawn } from "bun";
import { createApp } from "../src/app";
import { emailLookup } from "../src/modules/people/sensitive";
import { db } from "../src/platform/db";
import { ROOT } from "../tests/support/ops";
import { signIn } from "../tests/support/session";

async function run(args: string[], stdin: string, env: Record<string, string> = {}) {
  const child = spawn(["bun", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdin: new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, output: stdout + stderr };
}

function platformAccounts(email: string) {
  return db
    .selectFrom("users")
    .where("centre_id", "is", null)
    .where("email_lookup", "=", emailLookup(email))
    .select(["id", "role", "status"])
    .execute();
}

describe("bun run admin:create", () => {
  const email = `root-${crypto.randomUUID().slice(0, 8)}@ops.example.org`;
  const password = "Kettle-Orbit-93!";

  test("refuses weak passwords and creates nothing", async () => {
    for (const weak of ["short", "demo-password-2026", "alllowercaseletters"]) {
      const result = await run(["run", "--silent", "admin:create", "--email", email], `${weak}\n`);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain("Password refused");
    }
    expect(await platformAccounts(email)).toEqual([]);
  });

  test("creates exactly one platform admin from a password on stdin, who can sign in", async () => {
    const result = await run(
      ["run", "--silent", "admin:create", "--email", email, "--name", "Root Operator"],
      `${password}\n`,
    );
    expect(result.output).toContain(`platform admin ${email} created`);
    expect(result.code).toBe(0);
    const accounts = await platformAccounts(email);
    expect(accounts.map(({ role, status }) => ({ role, status }))).toEqual([
      { role: "platform_admin", status: "active" },
    ]);

    const again = await run(["run", "--silent", "admin:create", "--email", email], `${password}\n`);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain("already uses that email");
    expect(await platformAccounts(email)).toHaveLength(1);

    const session = await signIn(createApp(), { centre: null, email, password });
    const page = await session.get("/platform/centres");
    expect(page.status).toBe(200);
  });

  test("a missing email is a usage error, not a crash", async () => {
    const result = await run(["run", "--silent", "admin:create"], `${password}\n`);
    expect(result.code).toBe(2);
    expect(result.output).toContain("--email");
  });
});

describe("bun run seed in production", () => {
  test("refuses with a clear message and a non-zero exit unless the demo flag is given", async () => {
    const before = await db.selectFrom("centres").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const result = await run(["run", "--silent", "seed"], "", { APP_ENV: "production" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("refusing to load demo data with APP_ENV=production");
    expect(result.output).toContain("admin:create");
    const after = await db.selectFrom("centres").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
