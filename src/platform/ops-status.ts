import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { config } from "../config";

/**
 * What the operations scripts last did, as they record it in DATA_DIR/ops-status/<kind>.json
 * (scripts/lib/ops-status.sh): the off-site backup and the restore drill run from timers as
 * shell scripts, so a file is how they tell the metrics and the system health page.
 */
export const OPS_STATUS_KINDS = ["offsite-backup", "restore-drill"] as const;
export type OpsStatusKind = (typeof OPS_STATUS_KINDS)[number];

export interface OpsStatus {
  finishedAt: Date;
  ok: boolean;
  detail: string;
  lastSuccessAt: Date | null;
}

function date(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Null when the script never ran here (or its record is unreadable, which counts the same). */
export async function readOpsStatus(kind: OpsStatusKind, dataDir: string = config.DATA_DIR): Promise<OpsStatus | null> {
  try {
    const record = JSON.parse(await readFile(join(dataDir, "ops-status", `${kind}.json`), "utf8"));
    const finishedAt = date(record.finished_at);
    if (!finishedAt) return null;
    return {
      finishedAt,
      ok: record.ok === true,
      detail: typeof record.detail === "string" ? record.detail : "",
      lastSuccessAt: date(record.last_success_at),
    };
  } catch {
    return null;
  }
}
