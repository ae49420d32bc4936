import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { createScratchDatabase, type ScratchDatabase } from "../../../tests/support/ops";

// dbRead is chosen once, when the configuration loads, so each case runs in a process of its own.
let replica: ScratchDatabase;
beforeAll(async () => {
  replica = await createScratchDatabase("replica");
});
afterAll(async () => {
  await replica?.drop();
});

async function answeringDatabases(replicaUrl: string | null): Promise<{ read: string; write: string }> {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_REPLICA_URL: replicaUrl ?? undefined };
  if (!replicaUrl) delete env.DATABASE_REPLICA_URL;
  const script = `
    import { sql } from "kysely";
    import { db, dbRead } from "./src/platform/db";
    const name = async (k) => (await sql\`select current_database() as name\`.execute(k)).rows[0].name;
    console.log(JSON.stringify({ read: await name(dbRead), write: await name(db) }));
    await Promise.all([db.destroy(), dbRead.destroy()]);`;
  const child = Bun.spawn(["bun", "-e", script], {
    cwd: join(import.meta.dir, "../../.."),
    env,
    stdout: "pipe",
    stderr: "inherit",
  });
  const output = await new Response(child.stdout).text();
  expect(await child.exited).toBe(0);
  return JSON.parse(output);
}

test("with DATABASE_REPLICA_URL set, dbRead queries the replica and db the primary", async () => {
  const primary = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  expect(await answeringDatabases(replica.appUrl)).toEqual({ read: replica.name, write: primary });
});

test("without it, dbRead is the primary", async () => {
  const primary = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  expect(await answeringDatabases(null)).toEqual({ read: primary, write: primary });
});
