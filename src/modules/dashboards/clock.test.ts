import { beforeAll, describe, expect, test } from "bun:test";
import {
  actorFor,
  attendedSession,
  type Centre,
  createCentre,
  type DemoWork,
  demoCourse,
} from "../../../tests/support/fixtures";
import { cachedForCentre, cachePart, invalidateParts } from "../../platform/cache";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import type { CentreContext } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { assignHomework, submitHomework } from "../homework/service";
import { childrenOf } from "../people";
import { parentDashboard, studentDashboard } from "./service";

/**
 * A student's and a parent's figures are kept ten minutes (docs/performance.md, "page-views2"):
 * what depends on the clock is decided when they are shown, so a value cached before a due time
 * or a month's edge shows, after it, exactly what a fresh read would.
 */
let centre: Centre;
let here: CentreContext;
let work: DemoWork;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date();

const student = () => centre.people.student;
const parent = () => centre.people.parent;

/** A view at `now` from the cache, then a fresh one (the student's part made stale) at the same moment. */
async function cachedAndFresh<T>(view: (now: Date) => Promise<T>, now: Date) {
  let cached: T | undefined;
  const statements = await statementsDuring(async () => {
    cached = await view(now);
  });
  await invalidateParts(redis, centre.id, [cachePart.student(student().id)]);
  return { cached: cached as T, statements, fresh: await view(now) };
}

async function homeworkDue(title: string, dueAt: Date): Promise<string> {
  return assignHomework(await actorFor(centre.people.tutor), {
    title,
    instructions: "",
    kind: "exercises",
    classId: work.classId,
    studentId: student().id,
    lessonId: work.lessonId,
    exerciseIds: work.exerciseIds,
    pages: null,
    outOf: null,
    dueAt,
  });
}

beforeAll(async () => {
  centre = await createCentre({ label: "dashboard-clock", features: { gamification: true } });
  here = (await loadCentreContext(trustedCentreId(centre.id))) as CentreContext;
  work = await demoCourse(centre);
  await homeworkDue("Due in an hour", new Date(t0.getTime() + HOUR));
  // Handed in on time, so never late however late it is shown.
  await submitHomework(await actorFor(student()), await homeworkDue("Handed in", new Date(t0.getTime() + HOUR)));
  // Recorded 30 days less an hour before t0: inside the parent's month at t0, outside it two hours on.
  await attendedSession(centre, {
    classId: work.classId,
    student: student(),
    startsAt: new Date(t0.getTime() - 30 * DAY + HOUR),
    status: "present",
  });
  await attendedSession(centre, {
    classId: work.classId,
    student: student(),
    startsAt: new Date(t0.getTime() - 2 * DAY),
    status: "absent",
  });
  await invalidateParts(redis, centre.id, [cachePart.student(student().id)]);
}, 60_000);

describe("the student's dashboard, cached before a due time and shown after it", () => {
  const line = (home: Awaited<ReturnType<typeof studentDashboard>>, title: string) =>
    [...home.dashboard.due, ...home.dashboard.recentMarks].find((item) => item.title === title);

  test("is not overdue when cached, is overdue and late two hours on, from the cache, as a fresh read says", async () => {
    const before = await studentDashboard(here, student().id, t0);
    expect(line(before, "Due in an hour")).toMatchObject({ overdue: false, late: false });

    const later = new Date(t0.getTime() + 2 * HOUR);
    // Two hours on is the same day in the centre unless t0 is late in its evening: then a new value.
    const sameDay =
      t0.toLocaleDateString("en-CA", { timeZone: here.timeZone }) ===
      later.toLocaleDateString("en-CA", { timeZone: here.timeZone });
    const { cached, statements, fresh } = await cachedAndFresh(
      (now) => studentDashboard(here, student().id, now),
      later,
    );
    if (sameDay) expect(statements).toHaveLength(0);
    expect(line(cached, "Due in an hour")).toMatchObject({ overdue: true, late: true });
    expect(cached).toEqual(fresh);
  });

  test("a new day in the centre is a new value (the XP streak runs to today)", async () => {
    await studentDashboard(here, student().id, t0);
    const statements = await statementsDuring(() => studentDashboard(here, student().id, new Date(t0.getTime() + DAY)));
    expect(statements.length).toBeGreaterThan(0);
  });

  test("is kept ten minutes, not one", async () => {
    await studentDashboard(here, student().id, t0);
    const keys = await redis.keys(`aetherlearn:cache:${centre.id}:*student-figures:${student().id}:*`);
    const ttls = await Promise.all(keys.map((key) => redis.ttl(key)));
    expect(Math.max(...ttls)).toBeGreaterThan(540);
  });
});

describe("the parent's dashboard, cached at a month's edge", () => {
  const child = (dashboard: Awaited<ReturnType<typeof parentDashboard>>) =>
    dashboard.children.find((item) => item.id === student().id);

  test("counts the sessions of the last 30 days as at the moment it is shown, as a fresh read does", async () => {
    const atT0 = await parentDashboard(here, parent().id, undefined, t0);
    const month = child(atT0)?.attendance as { recorded: number; attended: number };

    const later = new Date(t0.getTime() + 2 * HOUR);
    const { cached, statements, fresh } = await cachedAndFresh(
      (now) => parentDashboard(here, parent().id, undefined, now),
      later,
    );
    // The children are read on each view; the figures come from the cache.
    expect(statements.filter((text) => !/\bguardianships\b/.test(text))).toHaveLength(0);
    // The session at the month's edge has left it (the demo's own sessions are recent).
    expect(child(cached)?.attendance).toEqual({ recorded: month.recorded - 1, attended: month.attended - 1 });
    expect(child(cached)?.homework.find((item) => item.title === "Due in an hour")).toMatchObject({
      overdue: true,
      late: true,
    });
    expect(cached).toEqual(fresh);
  });

  test("work handed in on time is neither late nor overdue days after its due time", async () => {
    await parentDashboard(here, parent().id, undefined, t0);
    const { cached, fresh } = await cachedAndFresh(
      (now) => parentDashboard(here, parent().id, undefined, now),
      new Date(t0.getTime() + 5 * DAY),
    );
    expect(child(cached)?.homework.find((item) => item.title === "Handed in")).toMatchObject({
      overdue: false,
      late: false,
    });
    expect(cached).toEqual(fresh);
  });

  test("a value the previous release cached (a whole dashboard, another shape) is never read as this one's", async () => {
    const children = await childrenOf(db, trustedCentreId(centre.id), parent().id);
    const parts = children.map((child) => cachePart.student(child.id));
    await invalidateParts(redis, centre.id, parts);
    const old = { kind: "parent", children: [] };
    await cachedForCentre(redis, centre.id, parts, `dashboard:parent:${parent().id}:en-GB`, 60, async () => old);
    const shown = await parentDashboard(here, parent().id, undefined, t0);
    expect(shown.children.map((item) => item.id).sort()).toEqual(children.map((child) => child.id).sort());
  });
});
