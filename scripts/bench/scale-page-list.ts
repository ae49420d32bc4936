import type { Role } from "../../src/platform/db/schema";
import { type Permission, PUBLIC, roleHas, SIGNED_URL } from "../../src/platform/permissions";

/**
 * Every page a tutor or a student can open (GET routes of the route table that render HTML), each
 * with the ids of a scale centre that its first tutor or first student would follow. A route whose
 * ids this list cannot name is an error, not a page quietly left out of the benchmark: a new page
 * fails scripts/bench/scale-pages.test.ts until it is given its ids here (and the seed its rows).
 */

/** Streams, files, fragments and kiosk screens: not pages a person opens in a browser tab. */
export const NOT_PAGES =
  /\/events\/|\.(pdf|csv|png|svg)$|\/download$|^\/kiosk\/|^\/messages\/unread$|\/messages\/:messageId$|\/reply$/;

/**
 * Pages a role holds the permission for but that show another role's things: they answer 404 to
 * it whatever the data (`/my-xp` shows a student's XP, or a parent's children's; `xp.read` is
 * everyone's for the nav's sake).
 */
export const NOT_FOR: Record<string, Role[]> = { "/my-xp": ["tutor"] };

export const WHO = { tutor: "TUTOR", student: "STUDENT" } as const;

/** The rows of a scale centre the pages are opened with (scripts/bench/scale-pages.ts finds them). */
export interface ScaleIds {
  student: string;
  course: string;
  lesson: string;
  group: string;
  session: string;
  /** The class's latest homework already due: the student handed it in. */
  homework: string;
  /** Homework the student has not handed in yet (still to come): its questions and hand-in page. */
  openHomework: string;
  /** A hand-in of the class waiting for a mark. */
  waiting: string;
  /** The student's own submission to `homework`. */
  own: string;
  period: string;
  announcement: string;
  thread: string;
}

interface Route {
  method: string;
  path: string;
  hooks: unknown;
}

export interface ScalePage {
  route: string;
  path: string;
  who: (typeof WHO)[keyof typeof WHO];
}

/** The id `:id` names, by the route, then by its first segment. */
function idOf(path: string, ids: ScaleIds): string | undefined {
  if (/^\/homework\/:id\/(questions|submit)/.test(path)) return ids.openHomework;
  if (path.startsWith("/homework/submissions/")) return ids.own;
  const byPrefix: Record<string, string> = {
    students: ids.student,
    courses: ids.course,
    lessons: ids.lesson,
    classes: ids.group,
    timetable: ids.session,
    homework: ids.homework,
    "my-homework": ids.homework,
    submissions: ids.waiting,
    leaderboards: ids.group,
    reports: ids.period,
    announcements: ids.announcement,
    messages: ids.thread,
  };
  return byPrefix[path.split("/")[1] ?? ""];
}

/** The path with its ids filled in; throws naming the parameter this list has no id for. */
function concrete(path: string, ids: ScaleIds): string {
  const named: Record<string, string | undefined> = {
    id: idOf(path, ids),
    classId: ids.group,
    studentId: ids.student,
    n: "1",
  };
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const id = named[name];
    if (!id) throw new Error(`${path}: no id for :${name} in scripts/bench/scale-page-list.ts`);
    return id;
  });
}

/** Every tutor and student page of the routes, in the route table's order. */
export function scalePages(routes: Route[], ids: ScaleIds): ScalePage[] {
  const pages: ScalePage[] = [];
  const missing: string[] = [];
  for (const route of routes) {
    const permission = (route.hooks as { detail?: { permission?: string } }).detail?.permission;
    if (route.method !== "GET" || !permission || permission === PUBLIC || permission === SIGNED_URL) continue;
    if (NOT_PAGES.test(route.path)) continue;
    for (const [role, who] of Object.entries(WHO) as [Role, ScalePage["who"]][]) {
      if (!roleHas(role, permission as Permission) || NOT_FOR[route.path]?.includes(role)) continue;
      try {
        pages.push({ route: route.path, path: concrete(route.path, ids), who });
      } catch (error) {
        missing.push((error as Error).message);
      }
    }
  }
  if (missing.length > 0) throw new Error(`pages the scale benchmark cannot open:\n${missing.join("\n")}`);
  return pages;
}
