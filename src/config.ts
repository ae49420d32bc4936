import { isIP } from "node:net";
import { z } from "zod";

/** Feature flags default from the environment; centres may override them in their settings. */
const flag = z
  .enum(["true", "false", "1", "0"])
  .default("false")
  .transform((value) => value === "true" || value === "1");

/** Empty counts as unset, so a child process can switch a variable off with VAR="". */
const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), inner.optional());

/** REDIS_SENTINELS: comma-separated host:port pairs, e.g. 10.0.0.1:26379,10.0.0.2:26379. */
const sentinelList = z
  .string()
  .regex(
    /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
    "REDIS_SENTINELS must be comma-separated host:port pairs, e.g. 10.0.0.1:26379,10.0.0.2:26379",
  )
  .transform((value) =>
    value.split(",").map((pair) => {
      const [host, port] = pair.split(":");
      return { host: host as string, port: Number(port) };
    }),
  );

/**
 * TrueType fonts for generated PDFs (src/platform/pdf), in fallback order: each character is set in
 * the first font that has it. Debian's fonts-noto-core and fonts-droid-fallback (scripts/dev.sh
 * installs them): Latin, Cyrillic and Greek, then Arabic, Devanagari, and CJK last.
 */
export const DEFAULT_PDF_FONTS = [
  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
  "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];
export const DEFAULT_PDF_FONTS_BOLD = [
  "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
  "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
  "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf",
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/** A comma-separated list of absolute paths to .ttf files. */
const fontList = (fallback: string[]) =>
  z
    .string()
    .regex(/^\/[^,]+\.ttf(,\/[^,]+\.ttf)*$/i, "must be comma-separated absolute paths to TrueType (.ttf) files")
    .default(fallback.join(","))
    .transform((value) => value.split(","));

/** Defaults of the shared limits; docs/security.md's policy table names them (and a test checks it). */
export const DEFAULT_SIGN_IN_PER_MINUTE = 20;
export const DEFAULT_REQUESTS_PER_MINUTE = 100;
export const DEFAULT_SIGN_IN_LOCKOUT_AFTER = 5;
export const DEFAULT_SIGN_IN_PER_ACCOUNT_PER_MINUTE = 10;
export const DEFAULT_KIOSK_REQUESTS_PER_MINUTE = 600;
export const DEFAULT_KIOSK_WRONG_PINS_PER_HOUR = 30;
export const DEFAULT_KIOSK_PAIRING_PER_MINUTE = 10;
/** nginx on the same host: the proxy whose headers name the client by default. */
export const DEFAULT_TRUSTED_PROXIES = ["127.0.0.1", "::1"];

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the proxies allowed to name the client; empty: none. */
const addressList = z
  .string()
  .default(DEFAULT_TRUSTED_PROXIES.join(","))
  .transform((value) =>
    value
      .split(",")
      .map((address) => address.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every(isAddressOrRange), {
    message: "TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,::1,10.0.0.0/8",
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    APP_ENV: z.enum(["development", "staging", "production", "test"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    PUBLIC_URL: z.url().default("http://127.0.0.1:3001"),
    DATABASE_URL: z.string().min(1),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    // Redis: either one address (REDIS_URL) or Sentinels that name the current primary (they win when set).
    REDIS_URL: optional(z.string().min(1)),
    REDIS_SENTINELS: optional(sentinelList),
    REDIS_SENTINEL_NAME: z.string().min(1).default("aetherlearn"),
    REDIS_SENTINEL_PASSWORD: optional(z.string()),
    REDIS_PASSWORD: optional(z.string()),
    DATA_DIR: z.string().default(".data/dev"),
    STORAGE_DRIVER: z.enum(["disk", "s3"]).default("disk"),
    S3_ENDPOINT: z.url().default("http://127.0.0.1:9000"),
    S3_ACCESS_KEY: z.string().default(""),
    S3_SECRET_KEY: z.string().default(""),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_USE_PATH_STYLE: flag.default(true),
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
    // Column encryption keys (src/platform/crypto): comma-separated keyId:base64 entries, the first one current.
    ENCRYPTION_KEYS: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/,
        "ENCRYPTION_KEYS must be comma-separated keyId:key entries, each key 32 random bytes in base64",
      ),
    BLIND_INDEX_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "BLIND_INDEX_KEY must be 32 random bytes in base64"),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_SIGN_IN_PER_MINUTE),
    RATE_LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_REQUESTS_PER_MINUTE),
    SIGN_IN_LOCKOUT_AFTER: z.coerce.number().int().min(1).max(100).default(DEFAULT_SIGN_IN_LOCKOUT_AFTER),
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .default(DEFAULT_SIGN_IN_PER_ACCOUNT_PER_MINUTE),
    // A paired kiosk's requests count per device, never per address: a centre is one address.
    RATE_LIMIT_KIOSK_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_KIOSK_REQUESTS_PER_MINUTE),
    RATE_LIMIT_KIOSK_WRONG_PINS_PER_HOUR: z.coerce.number().int().min(1).default(DEFAULT_KIOSK_WRONG_PINS_PER_HOUR),
    RATE_LIMIT_KIOSK_PAIRING_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_KIOSK_PAIRING_PER_MINUTE),
    // The proxies whose X-Real-IP / X-Forwarded-For name the client (nginx on this host by default).
    TRUSTED_PROXIES: addressList,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Which process this is, for log lines and metrics; unset, the entry file decides (src/worker.ts: worker).
    AETHERLEARN_PROCESS: z.enum(["web", "worker"]).optional(),
    HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1500),
    // Prometheus metrics on a listener of their own (0 = off); loopback keeps them from the public.
    METRICS_HOST: z.string().default("127.0.0.1"),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    // Read-only queries may go to a streaming replica; unset, they use DATABASE_URL.
    DATABASE_REPLICA_URL: z.string().optional(),
    // Unexpected errors are reported to Sentry when set (src/platform/sentry.ts); unset, nothing is sent.
    SENTRY_DSN: z.url().optional(),
    // A worker holds a job's lock this long (renewing it at half-time); a crashed worker's jobs are
    // taken back after about twice this. Short in tests that kill workers on purpose.
    QUEUE_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    // Live updates: open SSE streams one person may hold across all web processes.
    SSE_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
    // Live streams: how often each gets a heartbeat and has its credential and topics checked again
    // (a lapsed session, a student who left a class). Short in tests that wait for such an end.
    SSE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(15),
    // Fonts for generated PDFs (worksheets, certificates, reports), in fallback order.
    PDF_FONTS: fontList(DEFAULT_PDF_FONTS),
    PDF_FONTS_BOLD: fontList(DEFAULT_PDF_FONTS_BOLD),
    // Outgoing email (src/platform/mail): the SMTP server, e.g. smtp://user:pass@mail.example:587
    // (smtps:// for implicit TLS), and the sender. Unset, mail stays queued and its jobs retry.
    SMTP_URL: optional(z.string().regex(/^smtps?:\/\/.+/, "SMTP_URL must start with smtp:// or smtps://")),
    MAIL_FROM: z.string().min(3).default("AetherLearn <no-reply@localhost>"),
    FEATURE_GAMIFICATION: flag,
    FEATURE_VIDEO_SESSIONS: flag,
    FEATURE_QR_SCANNING: flag,
    FEATURE_TUTORS_AUTHOR_COURSES: flag,
  })
  .refine((env) => env.REDIS_URL !== undefined || env.REDIS_SENTINELS !== undefined, {
    message: "set REDIS_URL, or REDIS_SENTINELS with REDIS_SENTINEL_NAME",
    path: ["REDIS_URL"],
  });

export type Config = z.infer<typeof schema>;

/** Every variable the application reads; .env.example must document each (a test checks). */
export const CONFIG_KEYS = Object.keys(schema.shape) as (keyof Config)[];

function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const config: Config = parseConfig(process.env);

/**
 * The kind of process running: set by the units, else read from the entry file, because an entry
 * file cannot set the environment before its imports (and so the logger) are evaluated.
 */
export const processKind: "web" | "worker" =
  config.AETHERLEARN_PROCESS ?? (/(^|\/)(src\/)?worker\.ts$/.test(Bun.main) ? "worker" : "web");

/** The version reported by /api/health: the package version, read once at start. */
export const appVersion: string = (await Bun.file(new URL("../package.json", import.meta.url)).json()).version;
