import { db } from "../../platform/db";
import type { CentreId } from "../../platform/tenancy";
import { type ClassRecord, classById } from "../classes";
import { type PeriodRow, periodById, type ReleaseRow, releaseById } from "./queries";

export interface ReleaseContext {
  release: ReleaseRow;
  period: PeriodRow;
  group: ClassRecord;
}

/** A release with its period and class, or undefined when any of them is gone. */
export async function releaseContext(centreId: CentreId, releaseId: string): Promise<ReleaseContext | undefined> {
  const release = await releaseById(db, centreId, releaseId);
  if (!release) return undefined;
  const [period, group] = await Promise.all([
    periodById(db, centreId, release.periodId),
    classById(centreId, release.classId),
  ]);
  return period && group ? { release, period, group } : undefined;
}
