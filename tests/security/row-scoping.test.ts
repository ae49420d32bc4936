import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { postAnnouncement } from "../../src/modules/announcements/service";
import { addMember, createClass } from "../../src/modules/classes/service";
import { assignHomework } from "../../src/modules/homework/service";
import { openThread } from "../../src/modules/messages/service";
import { releaseReports } from "../../src/modules/reports/service";
import { db } from "../../src/platform/db";
import { PERMISSIONS, type Permission, roleHas } from "../../src/platform/permissions";
import { selectFromTenant, trustedCentreId } from "../../src/platform/tenancy";
import {
  actorFor,
  addPerson,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  type Person,
  reportingPeriod,
  signedInAs,
} from "../support/fixtures";
import { earnBadge } from "../support/fixtures/badges";
import { routesOf, send } from "./walk";

/**
 * Acceptance 2 of issue 10: every permission granted to a tutor or a parent is either scoped to
 * rows (proved here by calling its real routes on rows of the tutor's own class / the parent's own
 * child, which get through, and on another class's / family's rows, which are refused), or is
 * listed as not touching students' data, or has no route of its own. A permission newly granted to
 * either role fails the first test until it is put in one of the lists.
 */
const app = createApp();
type Who = "tutor" | "parent";

interface Rows {
  student: string;
  classId: string;
  sessionId: string;
  homeworkId: string;
  submissionId: string;
  /** An unreadable scanned page waiting in the review queue, to file under the submission. */
  scanPageId: string;
  /** An announcement to the class: its students, their parents and its tutor. */
  announcementId: string;
  /** The student's parent, and the thread they opened about the student with its first message. */
  parent: string;
  threadId: string;
  messageId: string;
  /** The class's term reports for the period, released to parents. */
  releaseId?: string;
}

let centre: Centre;
/** One reporting period of the centre, for both classes' term report comments. */
let periodId: string;
let own: Rows;
let other: Rows;

interface Check {
  method: "GET" | "POST";
  /** The path for a set of rows. */
  path: (rows: Rows) => string;
  body?: (rows: Rows) => Record<string, string>;
  /** A list page: the other rows must not appear in it (their student's name). */
  listing?: true;
  /** The route it checks, when its path has parameters other than row ids (a badge's code). */
  route?: string;
  /** A form whose refusal is a field error on the row it names (422), not a 403/404. */
  refusedAs422?: true;
}

/** A thread and what is fetched into its page, for tutors and parents alike. */
const MESSAGE_READ: Check[] = [
  { method: "GET", path: (r) => `/messages/${r.threadId}` },
  { method: "GET", path: (r) => `/messages/${r.threadId}/reply` },
  {
    method: "GET",
    path: (r) => `/messages/${r.threadId}/messages/${r.messageId}`,
    route: "/messages/:id/messages/:messageId",
  },
  { method: "GET", path: () => "/messages", listing: true },
  { method: "GET", path: () => "/messages/unread", listing: true },
];

/**
 * Opening a thread (the form offers only one's own students or children, so the other family's
 * is a field error), replying to one and closing it. `about` names the student (and, for staff,
 * the parent) as the form's choice does.
 */
function messageWrite(about: (rows: Rows) => string): Check[] {
  return [
    { method: "GET", path: () => "/messages/new", listing: true },
    {
      method: "POST",
      path: () => "/messages",
      body: (r) => ({ about: about(r), subject: "About homework", body: "Hello" }),
      refusedAs422: true,
    },
    { method: "POST", path: (r) => `/messages/${r.threadId}/replies`, body: () => ({ body: "A reply" }) },
    { method: "POST", path: (r) => `/messages/${r.threadId}/close` },
  ];
}

const TUTOR_SCOPED: Partial<Record<Permission, Check[]>> = {
  "class.read": [
    { method: "GET", path: (r) => `/classes/${r.classId}` },
    { method: "GET", path: () => "/classes", listing: true },
  ],
  "class_session.read": [{ method: "GET", path: (r) => `/timetable/sessions/${r.sessionId}` }],
  "class_session.update": [
    {
      method: "POST",
      path: (r) => `/timetable/sessions/${r.sessionId}`,
      body: () => ({ room: "Room 9", meetingUrl: "" }),
    },
    { method: "POST", path: (r) => `/timetable/sessions/${r.sessionId}/cancel` },
    { method: "POST", path: (r) => `/timetable/sessions/${r.sessionId}/restore` },
  ],
  "attendance.take": [
    {
      method: "POST",
      path: (r) => `/timetable/sessions/${r.sessionId}/attendance/${r.student}`,
      body: () => ({ status: "present" }),
    },
    {
      method: "POST",
      path: (r) => `/timetable/sessions/${r.sessionId}/attendance`,
      body: (r) => ({ [`status_${r.student}`]: "present" }),
    },
  ],
  "homework.assign": [
    {
      method: "POST",
      path: () => "/homework",
      body: (r) => ({
        title: "Scoped",
        kind: "worksheet",
        classId: r.classId,
        pages: "1",
        outOf: "10",
        dueAt: "2030-01-01T10:00",
      }),
      refusedAs422: true,
    },
  ],
  "homework.update": [
    {
      method: "POST",
      path: (r) => `/homework/${r.homeworkId}/edit`,
      body: () => ({ title: "Edited", instructions: "" }),
    },
  ],
  "homework.extend": [
    { method: "POST", path: (r) => `/homework/${r.homeworkId}/extend`, body: () => ({ dueAt: "2030-02-01T10:00" }) },
  ],
  "submission.read": [
    { method: "GET", path: (r) => `/homework/${r.homeworkId}` },
    { method: "GET", path: (r) => `/submissions/${r.submissionId}` },
    { method: "GET", path: () => "/homework", listing: true },
    { method: "GET", path: (r) => `/classes/${r.classId}/markbook` },
    { method: "GET", path: (r) => `/classes/${r.classId}/markbook.csv` },
  ],
  "submission.grade": [
    { method: "POST", path: (r) => `/submissions/${r.submissionId}/mark`, body: () => ({ score: "5", feedback: "" }) },
    {
      method: "POST",
      path: (r) => `/submissions/${r.submissionId}/override`,
      body: () => ({ score: "1", reason: "Checked the paper" }),
    },
  ],
  "submission.return": [
    { method: "POST", path: (r) => `/submissions/${r.submissionId}/return`, body: () => ({ feedback: "Again" }) },
  ],
  "marking_queue.read": [{ method: "GET", path: () => "/marking", listing: true }],
  "progress.read": [
    { method: "GET", path: (r) => `/students/${r.student}/progress` },
    { method: "GET", path: (r) => `/students/${r.student}/progress/charts` },
  ],
  "progress.report": [{ method: "GET", path: (r) => `/students/${r.student}/progress/report.pdf` }],
  "badge.certificate": [
    {
      method: "GET",
      path: (r) => `/students/${r.student}/badges/first_homework/certificate.pdf`,
      route: "/students/:id/badges/:code/certificate.pdf",
    },
  ],
  "xp.award": [
    { method: "GET", path: (r) => `/students/${r.student}/xp` },
    { method: "POST", path: (r) => `/students/${r.student}/xp`, body: () => ({ amount: "5", reason: "Helping" }) },
  ],
  "worksheet.print": [{ method: "GET", path: (r) => `/homework/${r.homeworkId}/worksheet.pdf` }],
  "user.reset_pin": [{ method: "POST", path: (r) => `/people/${r.student}/pin` }],
  "user.unlock_pin": [
    { method: "GET", path: (r) => `/students/${r.student}/pin` },
    { method: "POST", path: (r) => `/students/${r.student}/pin/unlock` },
  ],
  "leaderboard.read": [{ method: "GET", path: (r) => `/leaderboards/classes/${r.classId}` }],
  "scan.review": [
    { method: "GET", path: () => "/paper/review", listing: true },
    {
      method: "POST",
      path: (r) => `/paper/review/${r.scanPageId}`,
      body: (r) => ({ submissionId: r.submissionId, pageNumber: "1" }),
      // Another class's worksheet is refused as a choice the tutor does not have.
      refusedAs422: true,
    },
  ],
  "announcement.read": [
    { method: "GET", path: (r) => `/announcements/${r.announcementId}` },
    { method: "POST", path: (r) => `/announcements/${r.announcementId}/read` },
    { method: "GET", path: () => "/announcements", listing: true },
  ],
  "message.read": MESSAGE_READ,
  "message.write": messageWrite((r) => `${r.student}:${r.parent}`),
  "message.reopen": [{ method: "POST", path: (r) => `/messages/${r.threadId}/reopen` }],
  "term_report.write": [
    { method: "GET", path: () => "/reports", listing: true },
    { method: "GET", path: () => `/reports/${periodId}`, listing: true },
    { method: "GET", path: (r) => `/reports/${periodId}/classes/${r.classId}/students/${r.student}/report.pdf` },
    { method: "GET", path: (r) => `/reports/${periodId}/classes/${r.classId}` },
    {
      method: "POST",
      path: (r) => `/reports/${periodId}/classes/${r.classId}`,
      body: (r) => ({ [`comment:${r.student}`]: "A good term." }),
    },
  ],
  // Withdrawing last: the homework is gone for the checks above once it runs.
  "homework.withdraw": [{ method: "POST", path: (r) => `/homework/${r.homeworkId}/withdraw` }],
};

const PARENT_SCOPED: Partial<Record<Permission, Check[]>> = {
  "term_report.read_child": [
    { method: "GET", path: (r) => `/children/${r.student}/reports` },
    { method: "GET", path: (r) => `/children/${r.student}/reports/${r.releaseId}` },
  ],
  "progress.read_child": [
    { method: "GET", path: (r) => `/children/${r.student}/progress` },
    { method: "GET", path: (r) => `/children/${r.student}/progress/charts` },
  ],
  "progress.report_child": [{ method: "GET", path: (r) => `/children/${r.student}/progress/report.pdf` }],
  "badge.certificate": [
    {
      method: "GET",
      path: (r) => `/students/${r.student}/badges/first_homework/certificate.pdf`,
      route: "/students/:id/badges/:code/certificate.pdf",
    },
  ],
  "consent.give": [{ method: "POST", path: (r) => `/consent/${r.student}/give` }],
  "consent.withdraw": [{ method: "POST", path: (r) => `/consent/${r.student}/withdraw` }],
  "user.unlock_pin": [
    { method: "GET", path: (r) => `/students/${r.student}/pin` },
    { method: "POST", path: (r) => `/students/${r.student}/pin/unlock` },
  ],
  "leaderboard.read": [{ method: "GET", path: (r) => `/leaderboards/classes/${r.classId}` }],
  "announcement.read": [
    { method: "GET", path: (r) => `/announcements/${r.announcementId}` },
    { method: "POST", path: (r) => `/announcements/${r.announcementId}/read` },
    { method: "GET", path: () => "/announcements", listing: true },
  ],
  "message.read": MESSAGE_READ,
  "message.write": messageWrite((r) => r.student),
};

/** Granted to tutors or parents, and about no student's data (or only the signed-in person's own). */
const NOT_STUDENT_DATA: Partial<Record<Permission, string>> = {
  "profile.read": "your own profile",
  "profile.update": "your own password or PIN",
  "avatar.update": "your own avatar",
  "notification.read": "your own notifications",
  "notification.update": "your own notifications",
  "auth.sign_out_everywhere": "your own sessions",
  "home.read": "your own home page, built from the scoped reads",
  "course.read": "courses: teaching content, no student data",
  "lesson.read": "lessons: teaching content",
  "material.read": "materials: teaching content",
  "timetable.read": "the centre's class slots and tutors, no student",
  "xp.read": "your own XP (/my-xp)",
  "badge.read": "badge rules",
  "email_preference.read": "your own email settings",
  "email_preference.update": "your own email settings",
  "arrivals.read":
    "today's arrivals board: every tutor at the centre sees who walked in, as on the board in the hall; centre-wide on purpose (docs/security.md §5)",
};

/**
 * Checked by name inside routes listed above (roleHas / access rules), with no route of their own:
 * the test proves they still have none, so a new route under one of them must be classified.
 */
const NO_ROUTE_OF_ITS_OWN: Partial<Record<Permission, string>> = {
  "dashboard.tutor": "picks the tutor's dashboard on /home",
  "dashboard.parent": "picks the parent's dashboard on /home",
  "exercise.read": "shows answers on lesson pages to staff",
  "enrolment.read": "shows enrolments on class pages",
  "attendance.read": "shows marks on session pages",
  "attendance.check_in": "lets kiosks check in",
  "homework.read": "links to homework pages",
  "guardian.read_children": "lists a parent's own children",
  "file.upload": "uploads go through submission and avatar routes",
  "file.read": "downloads are signed URLs checked per file",
};

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Routes under a scoped permission that name no row of their own, and why that is fine. */
const EXEMPT_ROUTES: Record<string, string> = {
  "GET /homework/new": "the empty assign form; the class chosen is checked on POST /homework",
  "GET /leaderboards": "the centre's leaderboards are shared within the centre by design (PRODUCT.md §3)",
};

function scopedFor(who: Who) {
  return who === "tutor" ? TUTOR_SCOPED : PARENT_SCOPED;
}

async function rowsOf(tutor: Person, student: Person, parent: Person, courseId: string, name: string): Promise<Rows> {
  const admin = await actorFor(centre.people.centre_admin);
  const classId = await createClass(admin, classInput(courseId, tutor.id, { name, startsOn: "2026-01-05" }));
  await addMember(admin, classId, student.id);
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: new Date(),
      ends_at: new Date(Date.now() + 3600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const homeworkId = await assignHomework(await actorFor(tutor), {
    title: `Homework of ${name}`,
    instructions: "",
    kind: "worksheet",
    classId,
    studentId: null,
    lessonId: null,
    exerciseIds: [],
    pages: 1,
    outOf: 10,
    dueAt: new Date(Date.now() + 86_400_000),
  });
  const submission = await selectFromTenant(db, "submissions", trustedCentreId(centre.id))
    .where("homework_id", "=", homeworkId)
    .select("id")
    .executeTakeFirstOrThrow();
  await earnBadge(centre.id, student.id, "first_homework");
  return {
    student: student.id,
    classId,
    sessionId: session.id,
    homeworkId,
    submissionId: submission.id,
    scanPageId: await unreadablePage(),
    announcementId: await postAnnouncement(admin, {
      title: `News for ${name}`,
      body: "Bring a calculator.",
      audience: { kind: "class", classId },
    }),
    parent: parent.id,
    ...(await threadAbout(student, parent)),
  };
}

/** A thread the parent opened about their child (to the child's tutors), and its first message. */
async function threadAbout(student: Person, parent: Person): Promise<{ threadId: string; messageId: string }> {
  const threadId = await openThread(await actorFor(parent), {
    studentId: student.id,
    parentId: null,
    subject: `About ${student.name}`,
    body: "Could we talk about the homework?",
  });
  const message = await selectFromTenant(db, "thread_messages", trustedCentreId(centre.id))
    .where("thread_id", "=", threadId)
    .select("id")
    .executeTakeFirstOrThrow();
  return { threadId, messageId: String(message.id) };
}

async function unreadablePage(): Promise<string> {
  const file = await db
    .insertInto("files")
    .values({
      centre_id: centre.id,
      owner_id: centre.people.centre_admin.id,
      bucket: "aetherlearn-documents",
      object_key: `centres/${centre.id}/scans/${crypto.randomUUID()}.png`,
      kind: "scan_batch",
      derived_from: null,
      content_type: "image/png",
      size_bytes: 1,
      checksum_sha256: "0".repeat(64),
      original_name: "page.png",
      status: "stored",
      stored_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const batch = await db
    .insertInto("scan_imports")
    .values({ centre_id: centre.id, uploaded_by: centre.people.centre_admin.id, file_id: file.id, finished_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const page = await db
    .insertInto("scan_pages")
    .values({
      centre_id: centre.id,
      import_id: batch.id,
      page_index: 1,
      file_id: file.id,
      status: "needs_review",
      reason: "no_code",
      submission_id: null,
      page_number: null,
      assigned_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return page.id;
}

beforeAll(async () => {
  centre = await createCentre({ label: "rowscope" });
  // Every feature on, so the routes behind them answer rather than 404.
  await db
    .updateTable("centres")
    .set({ feature_flags: { gamification: true, qr_scanning: true, video_sessions: true } })
    .where("id", "=", centre.id)
    .execute();
  const courseId = await createCourse(centre);
  const otherTutor = await addPerson(centre, "tutor", { name: "Other Tutor" });
  const otherChild = await addPerson(centre, "student", { name: "Zed Otherfamily" });
  const otherParent = await addPerson(centre, "parent", { name: "Other Parent" });
  await db
    .insertInto("guardianships")
    .values({ centre_id: centre.id, parent_id: otherParent.id, student_id: otherChild.id })
    .execute();
  periodId = await reportingPeriod(centre, { name: "Scoped term", startsOn: "2026-09-07", endsOn: "2026-12-18" });
  own = await rowsOf(centre.people.tutor, centre.people.student, centre.people.parent, courseId, "Own class");
  other = await rowsOf(otherTutor, otherChild, otherParent, courseId, "Other class");
  // Both classes' term reports released, so each family has a report of its own to open.
  const head = await actorFor(centre.people.head_tutor);
  own.releaseId = await releaseReports(head, periodId, own.classId);
  other.releaseId = await releaseReports(head, periodId, other.classId);
});

const isRefused = (status: number) => status === 403 || status === 404;

describe("row-level scoping of every permission a tutor or parent holds", () => {
  test("each such permission is scoped, not about student data, or has no route of its own", () => {
    const unclassified: string[] = [];
    for (const who of ["tutor", "parent"] as const) {
      for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
        if (!roleHas(who, permission)) continue;
        const listed =
          permission in scopedFor(who) || permission in NOT_STUDENT_DATA || permission in NO_ROUTE_OF_ITS_OWN;
        if (!listed) unclassified.push(`${who}: ${permission}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  test("the permissions said to have no route of their own have none, and every scoped route is checked", () => {
    const routes = routesOf(app);
    for (const permission of Object.keys(NO_ROUTE_OF_ITS_OWN))
      expect(routes.filter((route) => route.permission === permission).map((route) => route.path)).toEqual([]);
    const unchecked: string[] = [];
    for (const who of ["tutor", "parent"] as const) {
      for (const [permission, checks] of Object.entries(scopedFor(who))) {
        const checked = new Set(
          (checks ?? []).map(
            (check) => `${check.method} ${check.route?.replace(/:\w+/g, "") ?? check.path(own).replace(UUIDS, "")}`,
          ),
        );
        for (const route of routes.filter((r) => r.permission === permission)) {
          const shape = `${route.method} ${route.path.replace(/:\w+/g, "")}`;
          if (!checked.has(shape) && !(`${route.method} ${route.path}` in EXEMPT_ROUTES))
            unchecked.push(`${who} ${shape}`);
        }
      }
    }
    expect(unchecked).toEqual([]);
  });

  for (const who of ["tutor", "parent"] as const) {
    for (const [permission, checks] of Object.entries(scopedFor(who))) {
      test(`${who}: ${permission} reaches their own rows and is refused on another ${who === "tutor" ? "class" : "family"}'s`, async () => {
        const person = who === "tutor" ? centre.people.tutor : centre.people.parent;
        for (const check of checks ?? []) {
          const credentials = await signedInAs(person);
          const options = (rows: Rows) => (check.body ? { body: check.body(rows) } : {});
          const theirs = await send(app, check.method, check.path(other), credentials, options(other));
          if (check.listing) {
            expect(theirs.status).toBe(200);
            expect(await theirs.text()).not.toContain("Zed Otherfamily");
            continue;
          }
          const refused = isRefused(theirs.status) || (check.refusedAs422 === true && theirs.status === 422);
          expect({ path: check.path(other), status: theirs.status, refused }).toMatchObject({
            refused: true,
          });
          const mine = await send(app, check.method, check.path(own), credentials, options(own));
          expect({ path: check.path(own), status: mine.status }).toMatchObject({ status: expect.any(Number) });
          expect(isRefused(mine.status) || mine.status >= 500).toBe(false);
        }
      });
    }
  }

  test("a parent sees who reset their child's PIN, and is told", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    await send(app, "POST", `/people/${own.student}/pin`, tutor);
    const parent = await signedInAs(centre.people.parent);
    const page = await (await send(app, "GET", `/students/${own.student}/pin`, parent)).text();
    expect(page).toContain(`by ${centre.people.tutor.name} (Tutor)`);
    const event = await selectFromTenant(db, "outbox_events", trustedCentreId(centre.id))
      .where("type", "=", "student.pin_reset")
      .select("payload")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      studentId: own.student,
      resetBy: centre.people.tutor.name,
      tell: [centre.people.parent.id],
    });
  });
});
