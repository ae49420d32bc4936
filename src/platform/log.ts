import pino from "pino";
import { config, processKind } from "../config";

/** The process-wide logger. Request handlers use the child logger bound to their request id. */
export const log = pino({
  level: config.LOG_LEVEL,
  base: { service: processKind, pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.pin"],
});

export type Logger = typeof log;
