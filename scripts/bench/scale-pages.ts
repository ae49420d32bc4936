/**
 * bun scripts/bench/scale-pages.ts --slug S
 *
 * Every page a tutor or a student can open (GET routes of the route table that render HTML),
 * with the ids of the scale centre S (scripts/bench/scale-seed.ts) that its first tutor and first
 * student would follow: their class, its latest homework, a hand-in waiting for a mark, a session.
 * Prints `route|path|WHO` lines (WHO is TUTOR or STUDENT) for scripts/bench/pages-scale.sh, which
 * measures each in a small and a large centre. Routes whose ids the seed does not make (messages,
 * announcements, term reports) get an unknown id, answer 404, and the bench leaves them out.
 */

import { parseArgs } from "node:util";
import { createApp } from "../../src/app";
import { db } from "../../src/platform/db";
import type { Role } from "../../src/platform/db/schema";
import { type Permission, PUBLIC, roleHas, SIGNED_URL } from "../../src/platform/permissions";
import { redis } from "../../src/platform/redis";

/** Streams, files, fragments and kiosk screens: not pages a person opens in a browser tab. */
const NOT_PAGES =
  /\/events\/|\.(pdf|csv|png|svg)$|\/download$|^\/kiosk\/|^\/messages\/unread$|\/messages\/:messageId$|\/reply$/;
const WHO: [Role, string][] = [
  ["tutor", "TUTOR"],
  ["student", "STUDENT"],
];

const { values } = parseArgs({ options: { slug: { type: "string" } }, strict: true });
if (!values.slug) {
  console.error("usage: bun scripts/bench/scale-pages.ts --slug <scale centre slug>");
  process.exit(2);
}

const centre = await db.selectFrom("centres").select("id").where("slug", "=", values.slug).executeTakeFirst();
if (!centre) {
  console.error(`no centre ${values.slug}: run scripts/bench/scale-seed.ts first`);
  process.exit(2);
}
const inCentre = centre.id;
const group = await db
  .selectFrom("classes")
  .select(["id", "course_id"])
  .where("centre_id", "=", inCentre)
  .where("name", "=", "Class 0001")
  .executeTakeFirstOrThrow();
const student = await db
  .selectFrom("users")
  .select("id")
  .where("centre_id", "=", inCentre)
  .where("student_code", "=", "SC00001")
  .executeTakeFirstOrThrow();
const homework = await db
  .selectFrom("homework")
  .select("id")
  .where("class_id", "=", group.id)
  .where("due_at", "<", new Date())
  .orderBy("due_at", "desc")
  .executeTakeFirstOrThrow();
const waiting = await db
  .selectFrom("submissions")
  .innerJoin("homework", "homework.id", "submissions.homework_id")
  .select("submissions.id")
  .where("homework.class_id", "=", group.id)
  .where("submissions.status", "=", "submitted")
  .executeTakeFirst();
const own = await db
  .selectFrom("submissions")
  .select("id")
  .where("homework_id", "=", homework.id)
  .where("student_id", "=", student.id)
  .executeTakeFirstOrThrow();
const [session, lesson] = await Promise.all([
  db.selectFrom("class_sessions").select("id").where("class_id", "=", group.id).executeTakeFirst(),
  db.selectFrom("lessons").select("id").where("course_id", "=", group.course_id).executeTakeFirst(),
]);

const unknown = "00000000-0000-4000-8000-000000000000";
/** The id a `:id` names, by the route's first segment. */
const idByPrefix: Record<string, string | undefined> = {
  students: student.id,
  courses: group.course_id,
  lessons: lesson?.id,
  classes: group.id,
  timetable: session?.id,
  homework: homework.id,
  "my-homework": homework.id,
  submissions: waiting?.id,
  leaderboards: group.id,
};

function concrete(path: string): string {
  const prefix = path.split("/")[1] ?? "";
  const id = path.startsWith("/homework/submissions/") ? own.id : (idByPrefix[prefix] ?? unknown);
  const named: Record<string, string> = { id, classId: group.id, studentId: student.id, n: "1" };
  return path.replace(/:(\w+)/g, (_, name: string) => named[name] ?? unknown);
}

for (const route of createApp().routes) {
  const permission = (route.hooks as { detail?: { permission?: string } }).detail?.permission;
  if (route.method !== "GET" || !permission || permission === PUBLIC || permission === SIGNED_URL) continue;
  if (NOT_PAGES.test(route.path)) continue;
  for (const [role, who] of WHO) {
    if (roleHas(role, permission as Permission)) console.log(`${route.path}|${concrete(route.path)}|${who}`);
  }
}
await db.destroy();
redis.disconnect();
