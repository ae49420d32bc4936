import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { spawn } from "bun";
import postgres from "postgres";

export const ROOT = join(import.meta.dir, "../..");

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a shell script from scripts/ (or any path) and collects its output; never throws on failure. */
export async function runScript(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<ScriptResult> {
  const path = script.endsWith(".sh") && !script.includes("/") ? join(ROOT, "scripts", script) : script;
  const child = spawn([path, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: timeoutMs,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (process.env.TEST_VERBOSE) console.log(`$ ${script} ${args.join(" ")}\n${stdout}${stderr}`);
  return { code, stdout, stderr };
}

/** A scratch folder under the test instance's data folder, removed by the returned function. */
export async function scratchDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const base = process.env.DATA_DIR ?? "/tmp";
  const path = await mkdtemp(join(base, `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface ScratchDatabase {
  name: string;
  /** The owner role's URL: it migrates, backs up and restores, as MIGRATE_DATABASE_URL does. */
  url: string;
  /** The app role's URL: rows only, and only SELECT and INSERT on audit_events. */
  appUrl: string;
  /** Connected as the owner. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with ./scripts/test.sh`);
  return value;
}

function withDatabase(url: string, name: string): string {
  return url.replace(/\/[^/?]+(\?.*)?$/, `/${name}`);
}

/**
 * A fresh database of its own on the test PostgreSQL, so ops tests can wipe and restore freely;
 * made by database-setup.sh with the test run's owner and app roles, the two roles production has.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const adminUrl = requiredEnv("TEST_PG_ADMIN_URL");
  const name = `aetherlearn_${prefix}_${crypto.randomUUID().slice(0, 8)}_test`;
  const url = withDatabase(requiredEnv("MIGRATE_DATABASE_URL"), name);
  const appUrl = withDatabase(requiredEnv("DATABASE_URL"), name);
  const setup = await runScript("database-setup.sh", [
    "--admin-url",
    adminUrl,
    "--owner-url",
    url,
    "--app-url",
    appUrl,
  ]);
  if (setup.code !== 0) throw new Error(`database-setup.sh failed for ${name}: ${setup.stderr}`);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    name,
    url,
    appUrl,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * Every table's row count and checksum, computed here independently of the scripts' own manifest:
 * md5 over the rows' text in sorted order, so physical row order does not matter.
 */
export async function tableFingerprints(sql: postgres.Sql): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }[]>`
    select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema') order by 1`;
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe(
      `select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from ${name} t`,
    );
    result[name] = `${row?.rows} rows, ${row?.sum}`;
  }
  return result;
}

/** Runs the migrations of this checkout as the owner role (its URL), then the app role's grants, as deploys do. */
export async function migrate(ownerUrl: string): Promise<void> {
  const result = await runScript("bun", ["run", "--silent", "migrate"], { DATABASE_URL: ownerUrl });
  if (result.code !== 0) throw new Error(`migrate failed: ${result.stderr}${result.stdout}`);
  const grants = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", join(ROOT, "scripts/lib/grants.sql")];
  const granted = await runScript("psql", [ownerUrl, ...grants]);
  if (granted.code !== 0) throw new Error(`grants.sql failed: ${granted.stderr}`);
}

/** A parsed YAML or JSON document, read by path: pick(doc, "spec.template.spec.containers.0.image"). */
export type Doc = Record<string, unknown>;

export function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) && /^-?\d+$/.test(key) ? current.at(Number(key)) : (current as Doc)[key];
  }
  return current;
}

/** pick(), for a value that must be a list of documents. */
export function pickList(value: unknown, path: string): Doc[] {
  const found = pick(value, path);
  if (!Array.isArray(found)) throw new Error(`${path} is not a list`);
  return found as Doc[];
}
