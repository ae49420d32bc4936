import { startDirectUpload } from "../../src/modules/files";
import { db } from "../../src/platform/db";
import {
  type Centre,
  type CentreOptions,
  createCentre,
  demoHomework,
  type Kiosk,
  messageThread,
  pairKiosk,
  postedAnnouncement,
} from "../support/fixtures";

/** Ids of real rows of one centre, so requests reach the code behind the "not found" checks. */
export interface RealRows {
  centre: Centre;
  kiosk: Kiosk;
  ids: Record<string, string>;
}

async function firstId(
  table: "lessons" | "materials" | "exercises" | "classes" | "class_sessions" | "notifications" | "courses",
  centreId: string,
): Promise<string> {
  const row = await db.selectFrom(table).select("id").where("centre_id", "=", centreId).executeTakeFirst();
  return row?.id ?? crypto.randomUUID();
}

/**
 * A centre with the demo course and classes, homework set and handed out, a notification, an
 * announcement to the whole centre and a parent's message thread;
 * `options` choose the centre's language and time zone, the homework's title and the thread's words.
 */
export async function realRows(
  label: string,
  options: Omit<CentreOptions, "label"> & { homeworkTitle?: string; thread?: { subject: string; body: string } } = {},
): Promise<RealRows> {
  const { homeworkTitle, thread: threadText, ...centreOptions } = options;
  const centre = await createCentre({ ...centreOptions, label });
  const [homeworkId, kiosk, announcement] = await Promise.all([
    demoHomework(centre, homeworkTitle),
    pairKiosk(centre),
    postedAnnouncement(centre),
  ]);
  // A parent's thread about the student, to the student's tutors.
  const thread = await messageThread(centre, threadText);
  await db
    .insertInto("notifications")
    .values({ centre_id: centre.id, user_id: centre.people.student.id, text: "Homework was set", link: "/home" })
    .execute();
  const submission = await db
    .selectFrom("submissions")
    .select("id")
    .where("centre_id", "=", centre.id)
    .where("homework_id", "=", homeworkId)
    .executeTakeFirstOrThrow();
  // A lesson file on its way to storage, started by the head tutor (confirmed by /lessons/:id/materials/uploads/:fileId).
  const upload = await startDirectUpload({
    centreId: centre.id,
    ownerId: centre.people.head_tutor.id,
    kind: "material",
    originalName: "probe.pdf",
  });
  const term = await db
    .insertInto("centre_terms")
    .values({ centre_id: centre.id, name: "Autumn term", starts_on: "2026-09-07", ends_on: "2026-12-18" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const reports = await releasedReport(centre, await firstId("classes", centre.id));
  const ids: Record<string, string> = {
    centre: centre.id,
    period: reports.periodId,
    release: reports.releaseId,
    term: term.id,
    course: await firstId("courses", centre.id),
    lesson: await firstId("lessons", centre.id),
    material: await firstId("materials", centre.id),
    exercise: await firstId("exercises", centre.id),
    class: await firstId("classes", centre.id),
    session: await firstId("class_sessions", centre.id),
    notification: await firstId("notifications", centre.id),
    announcement,
    homework: homeworkId,
    submission: submission.id,
    kiosk: kiosk.id,
    student: centre.people.student.id,
    youngStudent: centre.youngStudent.id,
    parent: centre.people.parent.id,
    file: upload.file.id,
    thread: thread.threadId,
    message: thread.messageId,
  };
  return { centre, kiosk, ids };
}

/** A reporting period with a comment on the student and the class's reports released (term reports). */
async function releasedReport(centre: Centre, classId: string): Promise<{ periodId: string; releaseId: string }> {
  const period = await db
    .insertInto("reporting_periods")
    .values({
      centre_id: centre.id,
      name: "Autumn reports",
      starts_on: "2026-09-07",
      ends_on: "2026-12-18",
      created_by: centre.people.head_tutor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("term_report_comments")
    .values({
      centre_id: centre.id,
      period_id: period.id,
      class_id: classId,
      student_id: centre.people.student.id,
      comment: "Steady work",
      next_steps: "Keep going",
      author_id: centre.people.tutor.id,
    })
    .execute();
  const release = await db
    .insertInto("term_report_releases")
    .values({ centre_id: centre.id, period_id: period.id, class_id: classId, released_by: centre.people.head_tutor.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { periodId: period.id, releaseId: release.id };
}

/** The route's first path segment decides which row its `:id` names. */
const ID_BY_PREFIX: Record<string, string> = {
  people: "student",
  students: "student",
  platform: "centre",
  notifications: "notification",
  announcements: "announcement",
  courses: "course",
  lessons: "lesson",
  materials: "material",
  exercises: "exercise",
  classes: "class",
  timetable: "session",
  homework: "homework",
  submissions: "submission",
  kiosks: "kiosk",
  messages: "thread",
  reports: "period",
};

/** The route's path with real ids in place of its parameters. */
export function pathWithRealIds(path: string, rows: RealRows): string {
  const prefix = path.split("/")[1] ?? "";
  const idKind = path.startsWith("/homework/submissions/")
    ? "submission"
    : path.startsWith("/timetable/calendar/")
      ? "term"
      : /^\/children\/[^/]+\/reports\//.test(path)
        ? "release"
        : (ID_BY_PREFIX[prefix] ?? "");
  const values: Record<string, string> = {
    id: rows.ids[idKind] ?? crypto.randomUUID(),
    studentId: path.startsWith("/consent/") ? (rows.ids.youngStudent as string) : (rows.ids.student as string),
    parentId: rows.ids.parent as string,
    classId: rows.ids.class as string,
    fileId: rows.ids.file as string,
    kind: "term",
    messageId: rows.ids.message as string,
    n: "1",
    queue: "files",
    jobId: "1",
    token: "not-a-token",
    bucket: "documents",
    // A centre's public address (/c/:slug) and its logo.
    slug: rows.centre.slug,
  };
  return path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? crypto.randomUUID()).replace("*", "x");
}

/** Pages whose `:id` names something other than their first segment suggests. */
const ID_BY_PAGE: [RegExp, string][] = [
  [/^\/my-homework\/:id/, "homework"],
  [/^\/kiosks\/badges\/:id/, "student"],
  [/^\/kiosk\/pin\/:id/, "student"],
  [/^\/kiosks\/classes\/:id/, "class"],
  [/^\/leaderboards\/classes\/:classId/, "class"],
  [/^\/people\/import\/:id/, "studentImport"],
];

/** A page's path with the real ids a person would follow to it (the walks over every page use this). */
export function pagePathWithRealIds(path: string, rows: RealRows): string {
  const kind = ID_BY_PAGE.find(([pattern]) => pattern.test(path))?.[1];
  const id = kind ? rows.ids[kind] : undefined;
  return pathWithRealIds(id ? path.replace(/:(id|classId)\b/, id) : path, rows);
}
