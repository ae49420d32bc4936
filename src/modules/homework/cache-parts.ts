import { type CachePart, cachePart, invalidateParts } from "../../platform/cache";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";

/**
 * What a change to homework shows on, marked stale after the change committed (platform/cache.ts):
 * the students' dashboards (and their parents'), the class's markbook and its tutor's dashboard —
 * or, for one-to-one work, the dashboard of whoever set it — plus, as the write asks, the centre's
 * marking queue (head tutors) or its aggregates (overdue work on the admin dashboard).
 */
export function homeworkChanged(
  centreId: CentreId,
  homework: { classId: string | null; setBy: string },
  studentIds: readonly string[],
  centreWide: readonly ("queue" | "centre")[] = [],
): Promise<void> {
  const parts: CachePart[] = [
    ...studentIds.map(cachePart.student),
    homework.classId ? cachePart.class(homework.classId) : cachePart.tutor(homework.setBy),
    ...centreWide,
  ];
  return invalidateParts(redis, centreId, parts);
}
