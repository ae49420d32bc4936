import { beforeAll, describe, expect, test } from "bun:test";
import { confirmationTokenIn, send, sendConfirmed } from "../../../tests/security/walk";
import {
  addPerson,
  attendedSession,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  createCourse,
  linkParent,
  pastWork,
  reportingPeriod,
  type StudentPerson,
  signedInAs,
} from "../../../tests/support/fixtures";
import { pdfText } from "../../../tests/support/pdf-text";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import type { DomainEvent } from "../../platform/events";
import { BUCKETS, storage } from "../../platform/storage";
import { reportEventHandlers } from "./events";

const app = createApp();
let centre: Centre;
let classId: string;
let courseId: string;
let periodId: string;
/** In three non-Latin scripts and a Latin one with diacritics: each must print in the PDF. */
const NAMES = ["Zoë Ødegård", "李小龍", "Дмитрий Петров", "سارة أحمد"];
let students: StudentPerson[];
const as: Record<string, Credentials> = {};

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

/** The outbox event the service wrote last of this type, as handlers see it. */
async function lastEvent<T extends DomainEvent["type"]>(type: T): Promise<DomainEvent<T>> {
  const row = await db
    .selectFrom("outbox_events")
    .selectAll()
    .where("type", "=", type)
    .where("centre_id", "=", centre.id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return {
    id: String(row.id),
    type,
    centreId: row.centre_id,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
  } as unknown as DomainEvent<T>;
}

async function handle(event: DomainEvent): Promise<void> {
  for (const entry of reportEventHandlers.filter((candidate) => candidate.type === event.type))
    await entry.handle(event);
}

beforeAll(async () => {
  centre = await createCentre({ label: "reports", features: { gamification: true } });
  courseId = await createCourse(centre, "Mathematics");
  students = [centre.people.student];
  for (const name of NAMES) students.push(await addPerson(centre, "student", { name }));
  classId = await classWith(centre, { tutor: centre.people.tutor, members: students, courseId, name: "Maths A" });
  // The 13+ student's history: marked work this month and two months ago, homework not handed in, sessions, XP.
  const student = centre.people.student;
  await pastWork(centre, { student, courseId, dueAt: daysAgo(3), status: "marked", score: 8 });
  await pastWork(centre, { student, courseId, dueAt: daysAgo(62), status: "marked", score: 5 });
  await pastWork(centre, { student, courseId, dueAt: daysAgo(10), status: "not_started" });
  await attendedSession(centre, { classId, student, startsAt: daysAgo(5), status: "present" });
  await attendedSession(centre, { classId, student, startsAt: daysAgo(12), status: "absent" });
  await db
    .insertInto("xp_ledger")
    .values({
      centre_id: centre.id,
      student_id: student.id,
      amount: 40,
      reason: "Well done",
      source_type: "award",
      source_id: crypto.randomUUID(),
      awarded_by: centre.people.tutor.id,
    })
    .execute();
  const today = new Date().toISOString().slice(0, 10);
  periodId = await reportingPeriod(centre, { startsOn: daysAgo(90).toISOString().slice(0, 10), endsOn: today });
  for (const role of ["student", "parent", "tutor", "head_tutor", "centre_admin"] as const)
    as[role] = await signedInAs(centre.people[role]);
}, 60_000);

describe("progress over time", () => {
  test("the student's charts are SVG images with a title, a description and a table of the same figures", async () => {
    const response = await send(app, "GET", "/progress/charts", as.student as Credentials);
    expect(response.status).toBe(200);
    const html = await response.text();
    const images = [...html.matchAll(/<svg [^>]*role="img"[^>]*>/g)].map((match) => match[0]);
    expect(images.length).toBe(4);
    for (const id of ["chart-scores", "chart-homework", "chart-attendance", "chart-xp"]) {
      expect(html).toContain(`aria-labelledby="${id}-title"`);
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toContain(`<desc id="${id}-desc">`);
    }
    expect((html.match(/<details class="chart-table">/g) ?? []).length).toBe(4);
    // The marks (80 % this month, 50 % two months ago) are in the scores table, under the course's name.
    expect(html).toContain('<th scope="col">Mathematics</th>');
    expect(html).toMatch(/80\s?%/);
    expect(html).toMatch(/50\s?%/);
    expect(html).not.toContain("<script>");
  });

  test("parents see their own child's charts only; tutors the students they teach", async () => {
    const child = centre.people.student.id;
    expect((await send(app, "GET", `/children/${child}/progress/charts`, as.parent as Credentials)).status).toBe(200);
    const otherParent = await signedInAs(await addPerson(centre, "parent"));
    expect((await send(app, "GET", `/children/${child}/progress/charts`, otherParent)).status).toBe(404);
    expect((await send(app, "GET", `/students/${child}/progress/charts`, as.tutor as Credentials)).status).toBe(200);
    const otherTutor = await signedInAs(await addPerson(centre, "tutor"));
    expect((await send(app, "GET", `/students/${child}/progress/charts`, otherTutor)).status).toBe(404);
    expect((await send(app, "GET", "/students/not-a-uuid/progress/charts", as.tutor as Credentials)).status).toBe(422);
  });

  test("in Arabic the time axis runs right to left", async () => {
    const arabic = await createCentre({ label: "reports-ar", locale: "ar" });
    await pastWork(arabic, { student: arabic.people.student, dueAt: daysAgo(2), status: "submitted" });
    const response = await send(app, "GET", "/progress/charts", await signedInAs(arabic.people.student));
    const html = await response.text();
    expect(html).toContain('dir="rtl"');
    const homework = html.slice(html.indexOf('id="chart-homework-title"'));
    const xs = [...homework.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">/g)].map((m) => Number(m[1]));
    expect(xs.length).toBeGreaterThan(2);
    // Oldest week first in reading order: at the right.
    expect(xs[0]).toBeGreaterThan(xs.at(-1) as number);
  });
});

describe("term reports", () => {
  const classPath = () => `/reports/${periodId}/classes/${classId}`;

  test("a head tutor adds a period; bad dates get a 422 with the reason", async () => {
    const head = as.head_tutor as Credentials;
    const bad = await send(app, "POST", "/reports", head, {
      body: { name: "Spring", startsOn: "2027-04-01", endsOn: "2027-01-01" },
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The last day must be on or after the first day.");
    expect((await send(app, "POST", "/reports", head, { body: { name: "", startsOn: "x", endsOn: "" } })).status).toBe(
      422,
    );
    const good = await send(app, "POST", "/reports", head, {
      body: { name: "Spring term", startsOn: "2027-01-04", endsOn: "2027-03-26" },
    });
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toMatch(/^\/reports\/[0-9a-f-]{36}$/);
    expect((await send(app, "POST", "/reports", as.tutor as Credentials, { body: { name: "x" } })).status).toBe(403);
  });

  test("the class's tutor writes comments; another tutor, a stranger's id and too long a text are refused", async () => {
    const tutor = as.tutor as Credentials;
    const body: Record<string, string> = {};
    for (const student of students) {
      body[`comment:${student.id}`] = `${student.name} works steadily and asks good questions.`;
      body[`next:${student.id}`] = "Practise fractions every week.";
    }
    expect((await send(app, "POST", classPath(), tutor, { body })).status).toBe(303);
    const page = await (await send(app, "GET", classPath(), tutor)).text();
    expect(page).toContain("李小龍 works steadily");

    const otherTutor = await signedInAs(await addPerson(centre, "tutor"));
    expect((await send(app, "GET", classPath(), otherTutor)).status).toBe(404);
    expect((await send(app, "POST", classPath(), otherTutor, { body })).status).toBe(404);
    const stranger = await send(app, "POST", classPath(), tutor, {
      body: { [`comment:${crypto.randomUUID()}`]: "Who?" },
    });
    expect(stranger.status).toBe(422);
    const long = await send(app, "POST", classPath(), tutor, {
      body: { [`comment:${centre.people.student.id}`]: "a".repeat(4001) },
    });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("is too long");
  });

  test("parents see nothing before the release", async () => {
    const list = await (
      await send(app, "GET", `/children/${centre.people.student.id}/reports`, as.parent as Credentials)
    ).text();
    expect(list).toContain("No term reports have been released yet.");
  });

  test("release takes a confirm page and a second step; it happens once, and comments are then final", async () => {
    const head = as.head_tutor as Credentials;
    const confirm = await send(app, "GET", `${classPath()}/release`, head);
    expect(confirm.status).toBe(200);
    expect(confirmationTokenIn(await confirm.text())).toBeTruthy();
    // A post without the confirmation step's token is asked again, and releases nothing.
    const asked = await send(app, "POST", `${classPath()}/release`, head, { body: {} });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Release the reports");
    const releases = db.selectFrom("term_report_releases").where("centre_id", "=", centre.id).select("id");
    expect(await releases.execute()).toEqual([]);
    expect((await sendConfirmed(app, `${classPath()}/release`, as.tutor as Credentials)).status).toBe(403);
    const released = await sendConfirmed(app, `${classPath()}/release`, head);
    expect(released.status).toBe(303);
    expect((await sendConfirmed(app, `${classPath()}/release`, head)).status).toBe(409);
    const late = await send(app, "POST", classPath(), as.tutor as Credentials, {
      body: { [`comment:${centre.people.student.id}`]: "Changed" },
    });
    expect(late.status).toBe(409);
    const audit = await db
      .selectFrom("audit_events")
      .select("action")
      .where("centre_id", "=", centre.id)
      .where("action", "in", ["report.release", "report.period_create"])
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual([
      "report.period_create",
      "report.period_create",
      "report.release",
    ]);
  });

  test("releasing tells each parent in the app, and by email as they chose", async () => {
    // One parent turned term report emails off: a note in the app, no email.
    const quiet = await addPerson(centre, "parent");
    await linkParent(centre, quiet, centre.people.student);
    await db
      .insertInto("email_preferences")
      .values({ centre_id: centre.id, user_id: quiet.id, kind: "term_report", choice: "off" })
      .execute();
    const event = await lastEvent("term_report.released");
    await handle(event);
    await handle(event);
    const notes = await db
      .selectFrom("notifications")
      .select(["user_id", "kind", "link"])
      .where("centre_id", "=", centre.id)
      .where("kind", "=", "child_term_report_released")
      .where("user_id", "in", [centre.people.parent.id, quiet.id])
      .execute();
    expect(notes.length).toBe(2);
    expect(notes[0]?.link).toBe(`/children/${centre.people.student.id}/reports`);
    const mail = await db
      .selectFrom("mail_messages")
      .select(["recipient_id", "template"])
      .where("centre_id", "=", centre.id)
      .where("template", "=", "reports.term-report-released")
      .execute();
    expect(mail.map((row) => row.recipient_id)).toEqual([centre.people.parent.id]);
  });

  test("a parent downloads their child's report, with every name's script printed; never another family's", async () => {
    const parent = as.parent as Credentials;
    const list = await (await send(app, "GET", `/children/${centre.people.student.id}/reports`, parent)).text();
    const releaseId = /\/reports\/([0-9a-f-]{36})"/.exec(list)?.[1] as string;
    expect(releaseId).toBeDefined();
    const response = await send(app, "GET", `/children/${centre.people.student.id}/reports/${releaseId}`, parent);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("Mathematics");
    expect(text).toContain("works steadily");

    // The staff preview of each student prints their name in its own script.
    for (const student of students.slice(1)) {
      const preview = await send(
        app,
        "GET",
        `/reports/${periodId}/classes/${classId}/students/${student.id}/report.pdf`,
        as.tutor as Credentials,
      );
      expect(preview.status).toBe(200);
      const printed = (await pdfText(new Uint8Array(await preview.arrayBuffer()))).replace(/\s+/g, " ");
      expect(printed).toContain(student.name);
    }

    const otherParent = await signedInAs(await addPerson(centre, "parent"));
    const stranger = await send(app, "GET", `/children/${centre.people.student.id}/reports/${releaseId}`, otherParent);
    expect(stranger.status).toBe(404);
    // A child of the same parent who is not in the class gets no report by this release's id.
    const notInClass = await send(app, "GET", `/children/${centre.youngStudent.id}/reports/${releaseId}`, parent);
    expect(notInClass.status).toBe(404);
  });

  test("a released report stays as it was released: kept once per parent's language, later figures leave it alone", async () => {
    const release = await db
      .selectFrom("term_report_releases")
      .select("id")
      .where("centre_id", "=", centre.id)
      .executeTakeFirstOrThrow();
    const keyOf = (studentId: string, locale: string) =>
      `centres/${centre.id}/term-reports/${release.id}/${studentId}.${locale}.pdf`;
    // Zoë's parent reads Spanish: the worker keeps her report in Spanish, and nobody's in Arabic.
    const zoe = students[1] as StudentPerson;
    const spanish = await addPerson(centre, "parent");
    await db.updateTable("users").set({ locale: "es" }).where("id", "=", spanish.id).execute();
    await linkParent(centre, spanish, zoe);
    await handle(await lastEvent("term_report.released"));
    expect(await storage.stat(BUCKETS.documents, keyOf(zoe.id, "es"))).not.toBeNull();
    expect(await storage.stat(BUCKETS.documents, keyOf(centre.people.student.id, "en-GB"))).not.toBeNull();
    expect(await storage.stat(BUCKETS.documents, keyOf(centre.people.student.id, "ar"))).toBeNull();
    const inSpanish = await send(
      app,
      "GET",
      `/children/${zoe.id}/reports/${release.id}`,
      await signedInAs(spanish, { locale: "es" }),
    );
    expect(await pdfText(new Uint8Array(await inSpanish.arrayBuffer()))).toContain("Asistencia");

    // A session recorded after the release changes the attendance figures, but not the report sent.
    const parent = as.parent as Credentials;
    const path = `/children/${centre.people.student.id}/reports/${release.id}`;
    const before = new Uint8Array(await (await send(app, "GET", path, parent)).arrayBuffer());
    const kept = await storage.get(BUCKETS.documents, keyOf(centre.people.student.id, "en-GB"));
    expect(Buffer.from(before).equals(Buffer.from(kept?.bytes ?? []))).toBe(true);
    await attendedSession(centre, { classId, student: centre.people.student, startsAt: daysAgo(1), status: "absent" });
    const after = new Uint8Array(await (await send(app, "GET", path, parent)).arrayBuffer());
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  });
});
