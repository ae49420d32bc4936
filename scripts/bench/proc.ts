import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The fields of /proc/<pid>/stat after the process's name (which may hold spaces); throws if it is gone. */
export function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The processes whose parent is `parent` (a postmaster's backends), read from /proc. */
export function childrenOf(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)[1]) === parent) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** user+system CPU ticks of a process so far; 0 once it is gone. */
export function cpuTicksOf(pid: number): number {
  try {
    const fields = statFields(pid);
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * PostgreSQL's CPU in ms so far: every process of the instance in BENCH_PG_DIR now (backends come
 * and go; compare two readings around the work). 0 without BENCH_PG_DIR.
 */
export function postgresCpuMs(): number {
  const dir = process.env.BENCH_PG_DIR;
  if (!dir) return 0;
  const postmaster = Number(readFileSync(join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + cpuTicksOf(pid), 0) * 10;
}
