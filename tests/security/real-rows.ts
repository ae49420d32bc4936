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
  const ids: Record<string, string> = {
    centre: centre.id,
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
};

/** The route's path with real ids in place of its parameters. */
export function pathWithRealIds(path: string, rows: RealRows): string {
  const prefix = path.split("/")[1] ?? "";
  const idKind = path.startsWith("/homework/submissions/")
    ? "submission"
    : path.startsWith("/timetable/calendar/")
      ? "term"
      : (ID_BY_PREFIX[prefix] ?? "");
  const values: Record<string, string> = {
    id: rows.ids[idKind] ?? crypto.randomUUID(),
    studentId: path.startsWith("/consent/") ? (rows.ids.youngStudent as string) : (rows.ids.student as string),
    parentId: rows.ids.parent as string,
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
