import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { createApp } from "../../src/app";
import { stashImport } from "../../src/modules/people/import-service";
import { db } from "../../src/platform/db";
import { ROLES } from "../../src/platform/db/schema";
import {
  actorFor,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  messageThread,
  postedAnnouncement,
  reportingPeriod,
  signedInAs,
} from "../support/fixtures";
import { allowedFor, concretePath, routesOf, send } from "./walk";

const app = createApp();
const routes = routesOf(app).filter((route) => route.permission !== "public");
let home: Centre;
let other: Centre;
/** Rows of the other centre that are not people: an announcement to everyone there. */
let otherRows: { id: string }[];
let otherThread: { threadId: string; messageId: string };
const OTHER_ANNOUNCEMENT = "Other centre: closed on Friday";
const OTHER_COMMENT = "Other centre: a private term report comment";
/** The other centre's class (with its student in it), term and holiday. */
let otherSchedule: { classId: string; termId: string; holidayId: string };
/** Homework set to that class, and the student's submission of it, marked automatically on hand-in. */
let otherWork: { homeworkId: string; submissionId: string };
const OTHER_HOMEWORK = "Other centre: secret fractions test";
/** The other centre's reporting period and its class's released term reports. */
let otherReports: { periodId: string; releaseId: string };

beforeAll(async () => {
  [home, other] = await Promise.all([createCentre({ label: "home" }), createCentre({ label: "other" })]);
  otherRows = [{ id: await postedAnnouncement(other, { title: OTHER_ANNOUNCEMENT }) }];
  otherThread = await messageThread(other, { subject: `Secret subject ${other.slug}` });
  const classId = await classWith(other, { tutor: other.people.tutor, members: [other.people.student] });
  const [term, holiday] = await Promise.all(
    (["centre_terms", "centre_holidays"] as const).map((table) =>
      db
        .insertInto(table)
        .values({ centre_id: other.id, name: "Other dates", starts_on: "2026-09-07", ends_on: "2026-12-18" })
        .returning("id")
        .executeTakeFirstOrThrow(),
    ),
  );
  otherSchedule = { classId, termId: term!.id, holidayId: holiday!.id };
  const homework = await db
    .insertInto("homework")
    .values({
      centre_id: other.id,
      title: OTHER_HOMEWORK,
      kind: "exercises",
      class_id: classId,
      set_by: other.people.tutor.id,
      due_at: new Date(Date.now() - 86_400_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const submission = await db
    .insertInto("submissions")
    .values({
      centre_id: other.id,
      homework_id: homework.id,
      student_id: other.people.student.id,
      status: "marked",
      submitted_at: new Date(Date.now() - 2 * 86_400_000),
      auto_score: sql`3`,
      score: sql`3`,
      max_score: sql`5`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  otherWork = { homeworkId: homework.id, submissionId: submission.id };
  const periodId = await reportingPeriod(other, {
    name: "Other reports",
    startsOn: "2026-09-07",
    endsOn: "2026-12-18",
  });
  await db
    .insertInto("term_report_comments")
    .values({
      centre_id: other.id,
      period_id: periodId,
      class_id: classId,
      student_id: other.people.student.id,
      comment: OTHER_COMMENT,
      next_steps: "Other next steps",
      author_id: other.people.tutor.id,
    })
    .execute();
  const release = await db
    .insertInto("term_report_releases")
    .values({ centre_id: other.id, period_id: periodId, class_id: classId, released_by: other.people.head_tutor.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  otherReports = { periodId, releaseId: release.id };
});

/** Every id of the other centre that a path parameter could name. */
function otherCentreIds(): Record<string, string>[] {
  const people = Object.values(other.people);
  const named = { parentId: other.people.parent.id, messageId: otherThread.messageId };
  return [
    ...[...people, other.youngStudent].map((person) => ({ id: person.id, studentId: person.id, ...named })),
    // The other centre's announcement, its message thread and the thread's first message.
    ...otherRows.map((row) => ({ id: row.id, studentId: other.people.student.id, ...named })),
    { id: otherThread.threadId, studentId: other.people.student.id, ...named },
    // The centre itself (the platform's centre pages name it by id).
    { id: other.id, ...named },
    // Its class (with a member), term and holiday.
    { id: otherSchedule.classId, studentId: other.people.student.id, kind: "term", ...named },
    { id: otherSchedule.termId, kind: "term", ...named },
    { id: otherSchedule.holidayId, kind: "holiday", ...named },
    // Its homework and a marked submission (the markbook, marking and override routes).
    { id: otherWork.homeworkId, studentId: other.people.student.id, ...named },
    { id: otherWork.submissionId, studentId: other.people.student.id, ...named },
    // Its reporting period (with its class) and its class's released reports.
    { id: otherReports.periodId, classId: otherSchedule.classId, studentId: other.people.student.id, ...named },
    { id: otherReports.releaseId, studentId: other.people.student.id, ...named },
  ];
}

/** The other centre's homework and marks: a probe must neither mark, override nor withdraw them. */
async function marksOf(centre: Centre) {
  return Promise.all([
    db.selectFrom("homework").where("centre_id", "=", centre.id).selectAll().orderBy("id").execute(),
    db.selectFrom("submissions").where("centre_id", "=", centre.id).selectAll().orderBy("id").execute(),
  ]);
}

/** The other centre's classes, members, slots, terms and holidays: a probe must change none of them. */
async function scheduleOf(centre: Centre) {
  return Promise.all([
    db.selectFrom("classes").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("class_members").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("class_slots").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("centre_terms").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("centre_holidays").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("reporting_periods").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("term_report_comments").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("term_report_releases").where("centre_id", "=", centre.id).selectAll().execute(),
    db.selectFrom("exports").where("centre_id", "=", centre.id).selectAll().execute(),
  ]);
}

/** The other centre's own identity (name, zone, contact, logo, settings): no centre's page may change it. */
async function identityOf(centre: Centre) {
  return db.selectFrom("centres").where("id", "=", centre.id).selectAll().executeTakeFirstOrThrow();
}

/** Names and ids of the other centre that must never appear in a response to this centre. */
function otherCentreSecrets(): string[] {
  return [
    other.name,
    other.slug,
    ...Object.values(other.people).map((person) => person.name),
    other.youngStudent.name,
    OTHER_ANNOUNCEMENT,
    OTHER_HOMEWORK,
    OTHER_COMMENT,
    "Could we talk about the fractions homework?",
  ];
}

async function snapshotOf(centre: Centre) {
  return db
    .selectFrom("users")
    .where("centre_id", "=", centre.id)
    .select(["id", "role", "status", "name", "pin_hash", "password_hash"])
    .orderBy("id")
    .execute();
}

async function linksOf(centre: Centre) {
  return db.selectFrom("guardianships").where("centre_id", "=", centre.id).selectAll().orderBy("student_id").execute();
}

/** The other centre's announcements and who has read them: a probe must neither delete nor mark them. */
async function announcementsOf(centre: Centre) {
  return db
    .selectFrom("announcement_recipients")
    .where("centre_id", "=", centre.id)
    .selectAll()
    .orderBy("announcement_id")
    .orderBy("user_id")
    .execute();
}

/** One-time links and emails of the other centre's people: a probe must neither issue nor queue any. */
async function outreachOf(centre: Centre) {
  const [tokens, mail] = await Promise.all([
    db.selectFrom("user_tokens").where("centre_id", "=", centre.id).select(["id", "used_at"]).orderBy("id").execute(),
    db.selectFrom("mail_messages").where("centre_id", "=", centre.id).select(["id", "key"]).orderBy("id").execute(),
  ]);
  return { tokens, mail };
}

/** The other centre's threads and messages, as they stand. */
async function threadsOf(centre: Centre) {
  return Promise.all([
    db.selectFrom("message_threads").where("centre_id", "=", centre.id).selectAll().orderBy("id").execute(),
    db.selectFrom("message_participants").where("centre_id", "=", centre.id).selectAll().orderBy("user_id").execute(),
    db.selectFrom("thread_messages").where("centre_id", "=", centre.id).selectAll().orderBy("id").execute(),
  ]);
}

describe("a user of one centre using another centre's ids gets nothing of it", () => {
  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "%s",
    async (_, route) => {
      const before = [
        await snapshotOf(other),
        await linksOf(other),
        await outreachOf(other),
        await announcementsOf(other),
        await threadsOf(other),
        await scheduleOf(other),
        await marksOf(other),
        await identityOf(other),
      ];
      const leaks: string[] = [];
      for (const role of ROLES.filter((candidate) => candidate !== "platform_admin")) {
        if (!allowedFor(route.permission as string, role)) continue;
        const who: Credentials = await signedInAs(home.people[role as keyof Centre["people"]]);
        for (const ids of route.path.includes(":") ? otherCentreIds() : [{}]) {
          // The centre named in the body, query or path must change nothing.
          const response = await send(app, route.method, concretePath(route.path, ids), who, {
            body: {
              centre_id: other.id,
              centreId: other.id,
              centre: other.slug,
              parentId: other.people.parent.id,
              role: "tutor",
              // Another centre's class, student and term named in a form: moved to, enrolled, followed.
              toClassId: otherSchedule.classId,
              studentIds: other.people.student.id,
              termId: otherSchedule.termId,
              // Another centre's class and homework named in a form or filter.
              classId: otherSchedule.classId,
              course: otherSchedule.classId,
              newScore: "5",
              reason: "probe",
            },
            query: `centre_id=${other.id}&centreId=${other.id}&centre=${other.slug}`,
          });
          const answered = await response.text();
          // A confirm page posts again the fields the first post carried: the probe's own words,
          // echoed back in hidden inputs, are not the other centre's data.
          const text = answered.includes("data-confirm-page")
            ? answered.replace(/<input type="hidden"[^>]*>/g, "")
            : answered;
          if (route.path.includes(":") && response.status < 400 && route.method === "GET")
            leaks.push(`${role}: ${response.status}`);
          for (const secret of otherCentreSecrets())
            if (text.includes(secret)) leaks.push(`${role}: body shows ${secret}`);
        }
      }
      expect(leaks).toEqual([]);
      expect([
        await snapshotOf(other),
        await linksOf(other),
        await outreachOf(other),
        await announcementsOf(other),
        await threadsOf(other),
        await scheduleOf(other),
        await marksOf(other),
        await identityOf(other),
      ]).toEqual(before);
    },
    60_000,
  );
});

describe("a staged student import of another centre (its id lives in Redis, not a table)", () => {
  test("is not found by this centre's admins, and committing it changes nothing", async () => {
    const csv = "name,birth_date\nOtherpupil Hidden,2015-01-01\n";
    const id = await stashImport(await actorFor(other.people.centre_admin), "other.csv", csv);
    const before = await snapshotOf(other);
    for (const role of ["centre_admin", "centre_owner"] as const) {
      const who = await signedInAs(home.people[role]);
      for (const [method, path] of [
        ["GET", `/people/import/${id}`],
        ["POST", `/people/import/${id}/commit`],
      ] as const) {
        const response = await send(app, method, path, who);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain("Otherpupil");
      }
    }
    expect(await snapshotOf(other)).toEqual(before);
  });
});
