/**
 * bun run admin:create --email you@example.org [--name "Your Name"]: the only production path to
 * a platform admin. The password is read from a prompt (typed twice, not echoed) or, when stdin
 * is not a terminal, from its first line — never from the command line, where `ps` and shell
 * history would keep it. Weak passwords are refused.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPlatformAdmin } from "../src/modules/people";
import { db } from "../src/platform/db";
import { AppError, ValidationError } from "../src/platform/errors";
import { redis } from "../src/platform/redis";

const Input = z.object({
  email: z.string().trim().toLowerCase().email("Give a valid email address with --email."),
  name: z.string().trim().min(1, "Give a name with --name.").max(200),
});

/** Lines of stdin, read one at a time as they arrive: a terminal sends each line as it is typed. */
const stdinLines = (async function* () {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Bun.stdin.stream()) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      yield buffered.slice(0, end).replace(/\r$/, "");
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf("\n");
    }
  }
  if (buffered) yield buffered;
})();

async function readLine(): Promise<string> {
  const { value } = await stdinLines.next();
  return value ?? "";
}

function setEcho(on: boolean): void {
  Bun.spawnSync(["stty", on ? "echo" : "-echo"], { stdin: "inherit" });
}

async function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  setEcho(false);
  try {
    return await readLine();
  } finally {
    setEcho(true);
    process.stderr.write("\n");
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readLine();
  const first = await promptHidden("Password for the platform admin: ");
  const again = await promptHidden("The same password again: ");
  if (first !== again)
    throw new ValidationError(
      { password: "The two passwords differ." },
      "The two passwords differ; nothing was created.",
    );
  return first;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { email: { type: "string" }, name: { type: "string", default: "Platform admin" } },
  });
  const parsed = Input.safeParse(values);
  if (!parsed.success) {
    console.error(`admin:create: ${parsed.error.issues.map((issue) => issue.message).join(" ")}`);
    console.error('usage: bun run admin:create --email you@example.org [--name "Your Name"] (password on stdin)');
    return 2;
  }
  const password = await readPassword();
  const request = { ip: "127.0.0.1", userAgent: "admin:create", requestId: crypto.randomUUID() };
  await createPlatformAdmin({ ...parsed.data, password }, request);
  console.log(`platform admin ${parsed.data.email} created; sign in at the installation's address without a centre.`);
  return 0;
}

if (import.meta.main) {
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`admin:create: ${error.message}`);
  } finally {
    await db.destroy();
    redis.disconnect();
  }
  process.exit(code);
}
