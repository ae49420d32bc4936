import { z } from "zod";

/** Feature flags default from the environment; centres may override them in their settings. */
const flag = z
  .enum(["true", "false", "1", "0"])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_ENV: z.enum(["development", "staging", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  PUBLIC_URL: z.url().default("http://127.0.0.1:3001"),
  DATABASE_URL: z.string().min(1),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().min(1),
  DATA_DIR: z.string().default(".data/dev"),
  STORAGE_DRIVER: z.enum(["disk"]).default("disk"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1500),
  FEATURE_GAMIFICATION: flag,
  FEATURE_VIDEO_SESSIONS: flag,
  FEATURE_QR_SCANNING: flag,
});

export type Config = z.infer<typeof schema>;

function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const config: Config = parseConfig(process.env);

/** The version reported by /api/health: the package version, read once at start. */
export const appVersion: string = (await Bun.file(new URL("../package.json", import.meta.url)).json()).version;
