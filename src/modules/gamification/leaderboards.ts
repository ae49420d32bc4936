import { addDays, isoWeekOf, localDate, mondayOfIsoWeek } from "../../platform/calendar";
import { db } from "../../platform/db";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { boardSums, classesJoinedBy } from "./queries";

/**
 * Leaderboards live in Redis sorted sets (member = student id, score = XP), one per centre and per
 * class, all-time and per ISO week in the centre's time zone. The ledger is the truth: every board
 * can be rebuilt from it (rebuildBoards), and a rebuild gives the same sets as the live updates.
 */

/** Weekly boards are kept for the current week and the three before it. */
export const WEEKS_KEPT = 4;
/** How long an applied-award marker is remembered: longer than any event retry waits. */
const APPLIED_TTL_SECONDS = 30 * 86_400;

export type Period = "week" | "all";

/** `board` is "all" or an ISO week label such as "2026-W07". */
export function boardKey(centreId: string, classId: string | null, board: string): string {
  return classId ? `xp:board:${centreId}:class:${classId}:${board}` : `xp:board:${centreId}:centre:${board}`;
}

function appliedKey(entryId: string): string {
  return `xp:applied:${entryId}`;
}

/** When a weekly board is dropped (unix seconds): a day of margin keeps every time zone inside it. */
export function weekExpiry(week: string): number {
  return Date.parse(`${addDays(mondayOfIsoWeek(week), 7 * WEEKS_KEPT + 1)}T00:00:00Z`) / 1000;
}

export function boardName(period: Period, timeZone: string, now: Date): string {
  return period === "all" ? "all" : isoWeekOf(localDate(now, timeZone));
}

/**
 * Adds an award to its boards once: the marker and the increments happen atomically, so the
 * award's immediate update and its xp.awarded event handler (the safety net after a crash) never
 * both count it.
 */
const APPLY = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then return 0 end
for i = 2, #KEYS do
  redis.call('ZINCRBY', KEYS[i], ARGV[2], ARGV[1])
  local expiry = tonumber(ARGV[i + 2])
  if expiry > 0 then redis.call('EXPIREAT', KEYS[i], expiry) end
end
return 1`;

export interface AppliedEntry {
  entryId: string;
  centreId: CentreId;
  studentId: string;
  amount: number;
  at: Date;
  /** The classes the student had joined by `at`, when the award read them already (else read here). */
  classIds?: readonly string[];
}

/** The boards an award counts on; the classes are returned for live updates. */
async function boardsOf(entry: AppliedEntry, timeZone: string) {
  const week = isoWeekOf(localDate(entry.at, timeZone));
  const classIds = entry.classIds ?? (await classesJoinedBy(db, entry.centreId, entry.studentId, entry.at));
  const boards: { key: string; expiry: number }[] = [];
  for (const classId of [null, ...classIds]) {
    boards.push({ key: boardKey(entry.centreId, classId, "all"), expiry: 0 });
    boards.push({ key: boardKey(entry.centreId, classId, week), expiry: weekExpiry(week) });
  }
  return { boards, classIds };
}

/** Whether an award is on its boards already: the xp.awarded safety net then has nothing to do. */
export async function alreadyApplied(entryId: string): Promise<boolean> {
  return (await redis.exists(appliedKey(entryId))) === 1;
}

/** ZINCRBY on every board of the award, exactly once; returns the classes whose boards changed. */
export async function applyToBoards(entry: AppliedEntry, timeZone: string): Promise<readonly string[] | null> {
  const { boards, classIds } = await boardsOf(entry, timeZone);
  const keys = [appliedKey(entry.entryId), ...boards.map((board) => board.key)];
  const args = [
    entry.studentId,
    String(entry.amount),
    String(APPLIED_TTL_SECONDS),
    ...boards.map((b) => String(b.expiry)),
  ];
  const applied = await redis.eval(APPLY, keys.length, ...keys, ...args);
  return applied === 1 ? classIds : null;
}

export interface BoardRow {
  studentId: string;
  xp: number;
}

export async function topOfBoard(key: string, limit: number): Promise<BoardRow[]> {
  const flat = await redis.zrevrange(key, 0, limit - 1, "WITHSCORES");
  const rows: BoardRow[] = [];
  for (let index = 0; index < flat.length; index += 2)
    rows.push({ studentId: flat[index] as string, xp: Number(flat[index + 1]) });
  return rows;
}

/** Every board key of a centre (weekly and all-time, centre and classes). */
export async function boardKeysOf(centreId: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `xp:board:${centreId}:*`, "COUNT", 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return [...new Set(keys)].sort();
}

/**
 * Replaces a centre's boards with sums from the ledger, in one MULTI so readers see the old boards
 * or the new ones, never half. An award committed while the rebuild runs may be counted twice or
 * missed until the next rebuild; rebuilds are for repair, run when the centre is quiet.
 */
export async function rebuildBoards(centreId: CentreId, timeZone: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - (7 * WEEKS_KEPT + 2) * 86_400_000);
  const sums = await boardSums(db, centreId, timeZone, since);
  const boards = new Map<string, { expiry: number; members: (string | number)[] }>();
  for (const sum of sums) {
    const expiry = sum.board === "all" ? 0 : weekExpiry(sum.board);
    if (expiry !== 0 && expiry <= now.getTime() / 1000) continue;
    const key = boardKey(centreId, sum.classId, sum.board);
    const board = boards.get(key) ?? { expiry, members: [] };
    board.members.push(sum.xp, sum.studentId);
    boards.set(key, board);
  }
  const multi = redis.multi();
  for (const key of await boardKeysOf(centreId)) multi.del(key);
  for (const [key, board] of boards) {
    multi.zadd(key, ...board.members);
    if (board.expiry > 0) multi.expireat(key, board.expiry);
  }
  await multi.exec();
  return boards.size;
}
