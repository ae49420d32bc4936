import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { createLesson } from "../../src/modules/courses/lesson-service";
import { enrol } from "../../src/modules/courses/service";
import { reissueBadge } from "../../src/modules/kiosk/badges";
import { attachToSubmission } from "../../src/modules/paper/attachments";
import { recordConsent } from "../../src/modules/people";
import { db } from "../../src/platform/db";
import { type Permission, roleHas } from "../../src/platform/permissions";
import {
  actorFor,
  addPerson,
  type Centre,
  type CentreRole,
  type Credentials,
  classWith,
  createCentre,
  createCourse,
  createPlatformAdmin,
  demoCourse,
  linkParent,
  pairKiosk,
  paperWorksheet,
  postedAnnouncement,
  reportingPeriod,
  samplePhoto,
  setHomework,
  signedInAs,
} from "../support/fixtures";
import { confirmationTokenIn, ORIGIN, routesOf, send } from "./walk";

/**
 * Acceptance 4 of issue 14: every destructive or irreversible route declares `confirm` beside its
 * permission, and none of them acts on a post that skipped the confirmation step. For each one,
 * on a real row a permitted person may act on: the bare post answers 200 with the confirm page
 * (naming the thing, with Cancel and a one-time token) and changes nothing; a forged token, or one
 * issued for another path, changes nothing either; the confirm page's own post acts, once.
 */
const app = createApp();
const routes = routesOf(app);

/** Paths that name what they destroy: each must be declared destructive. */
const DESTRUCTIVE_WORDS = /\/(delete|remove|revoke|withdraw|disable|unlink|archive)$/;
/** Irreversible routes whose paths do not say so. */
const ALSO_DESTRUCTIVE = ["/sign-out-everywhere"];

/** A route's real target: the path with its ids, and the state the action changes. */
interface Target {
  path: string;
  state: () => Promise<unknown>;
  /** Who acts, when the first role holding the permission may not act on this row. */
  as?: CentreRole;
  /** Who acts, when it is nobody of the centre (the platform admin). */
  credentials?: () => Promise<Credentials>;
}

let centre: Centre;
const targets = new Map<string, () => Promise<Target>>();

/** The centre's audit rows: every action here writes one, so a count that moved means it acted. */
async function auditCount(): Promise<number> {
  const row = await db
    .selectFrom("audit_events")
    .where("centre_id", "=", centre.id)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function rowOf(table: "classes" | "courses" | "lessons" | "materials" | "exercises" | "homework", id: string) {
  return () => db.selectFrom(table).selectAll().where("id", "=", id).executeTakeFirst();
}

const ORDER: CentreRole[] = ["centre_admin", "centre_owner", "head_tutor", "tutor", "parent", "student"];

function firstHolder(permission: string): CentreRole {
  const role = ORDER.find((candidate) => roleHas(candidate, permission as Permission));
  if (!role) throw new Error(`nobody in a centre holds ${permission}`);
  return role;
}

beforeAll(async () => {
  centre = await createCentre({ label: "confirm" });
  const admin = await actorFor(centre.people.centre_admin);
  const work = await demoCourse(centre);
  const courseId = await createCourse(centre, "Confirmed course");
  const lesson = await db.selectFrom("lessons").where("id", "=", work.lessonId).selectAll().executeTakeFirstOrThrow();
  const material = await db
    .selectFrom("materials")
    .where("lesson_id", "=", lesson.id)
    .select("id")
    .executeTakeFirstOrThrow();

  targets.set("/consent/:studentId/withdraw", async () => {
    await recordConsent(await actorFor(centre.people.parent), centre.youngStudent.id, "given");
    const events = () =>
      db.selectFrom("consent_events").where("student_id", "=", centre.youngStudent.id).select("action").execute();
    return { path: `/consent/${centre.youngStudent.id}/withdraw`, state: events };
  });
  targets.set("/people/:id/disable", async () => {
    const tutor = await addPerson(centre, "tutor");
    const status = () => db.selectFrom("users").where("id", "=", tutor.id).select("status").executeTakeFirst();
    return { path: `/people/${tutor.id}/disable`, state: status };
  });
  targets.set("/people/:id/parents/:parentId/unlink", async () => {
    const [student, parent] = [await addPerson(centre, "student"), await addPerson(centre, "parent")];
    await linkParent(centre, parent, student);
    const links = () => db.selectFrom("guardianships").where("student_id", "=", student.id).selectAll().execute();
    return { path: `/people/${student.id}/parents/${parent.id}/unlink`, state: links };
  });
  targets.set("/courses/:id/archive", async () => ({
    path: `/courses/${courseId}/archive`,
    state: rowOf("courses", courseId),
  }));
  targets.set("/lessons/:id/delete", async () => {
    const id = await createLesson(admin, courseId, "A draft to delete");
    return { path: `/lessons/${id}/delete`, state: rowOf("lessons", id) };
  });
  targets.set("/materials/:id/delete", async () => ({
    path: `/materials/${material.id}/delete`,
    state: rowOf("materials", material.id),
  }));
  targets.set("/exercises/:id/delete", async () => {
    // Not one of the free-response questions the homework below is set from.
    const { id } = await db
      .selectFrom("exercises")
      .where("lesson_id", "=", lesson.id)
      .where("id", "not in", work.exerciseIds)
      .select("id")
      .executeTakeFirstOrThrow();
    return { path: `/exercises/${id}/delete`, state: rowOf("exercises", id) };
  });
  targets.set("/courses/:id/enrolments/:studentId/delete", async () => {
    const student = await addPerson(centre, "student");
    await enrol(admin, courseId, student.id);
    const rows = () => db.selectFrom("enrolments").where("student_id", "=", student.id).selectAll().execute();
    return { path: `/courses/${courseId}/enrolments/${student.id}/delete`, state: rows };
  });
  targets.set("/classes/:id/members/:studentId/remove", async () => {
    const student = await addPerson(centre, "student");
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student] });
    const rows = () => db.selectFrom("class_members").where("class_id", "=", classId).selectAll().execute();
    return { path: `/classes/${classId}/members/${student.id}/remove`, state: rows };
  });
  targets.set("/classes/:id/archive", async () => {
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "To archive" });
    return { path: `/classes/${classId}/archive`, state: rowOf("classes", classId) };
  });
  targets.set("/classes/:id/delete", async () => {
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "To delete" });
    return { path: `/classes/${classId}/delete`, state: rowOf("classes", classId) };
  });
  targets.set("/timetable/calendar/:kind/:id/delete", async () => {
    const holiday = await db
      .insertInto("centre_holidays")
      .values({ centre_id: centre.id, name: "Half term", starts_on: "2026-10-26", ends_on: "2026-10-30" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = () => db.selectFrom("centre_holidays").where("id", "=", holiday.id).selectAll().executeTakeFirst();
    return { path: `/timetable/calendar/holiday/${holiday.id}/delete`, state: row };
  });
  targets.set("/homework/:id/withdraw", async () => {
    const id = await setHomework(centre, work, "Homework to withdraw");
    return { path: `/homework/${id}/withdraw`, state: rowOf("homework", id) };
  });
  targets.set("/homework/submissions/:id/files/:fileId/remove", async () => {
    const worksheet = await paperWorksheet(centre, "confirm");
    const submissionId = worksheet.submissionIds.get(centre.people.student.id) as string;
    const student = await actorFor(centre.people.student);
    const fileId = await attachToSubmission(student, submissionId, { bytes: await samplePhoto(), name: "page.jpg" });
    const links = () =>
      db.selectFrom("submission_files").where("submission_id", "=", submissionId).selectAll().execute();
    return { path: `/homework/submissions/${submissionId}/files/${fileId}/remove`, state: links };
  });
  targets.set("/kiosks/:id/revoke", async () => {
    const kiosk = await pairKiosk(centre);
    const row = () => db.selectFrom("kiosk_devices").where("id", "=", kiosk.id).selectAll().executeTakeFirst();
    return { path: `/kiosks/${kiosk.id}/revoke`, state: row };
  });
  targets.set("/kiosks/badges/:id/revoke", async () => {
    const student = await addPerson(centre, "student");
    await reissueBadge(admin, student.id);
    return { path: `/kiosks/badges/${student.id}/revoke`, state: auditCount };
  });
  targets.set("/announcements/:id/delete", async () => {
    const id = await postedAnnouncement(centre, { title: "To be deleted" });
    const row = () => db.selectFrom("announcements").where("id", "=", id).selectAll().executeTakeFirst();
    return { path: `/announcements/${id}/delete`, state: row };
  });
  targets.set("/sign-out-everywhere", async () => ({ path: "/sign-out-everywhere", state: auditCount }));
  targets.set("/reports/:id/classes/:classId/release", async () => {
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student] });
    const periodId = await reportingPeriod(centre, {
      name: "Confirmed term",
      startsOn: "2026-09-07",
      endsOn: "2026-12-18",
    });
    const releases = () => db.selectFrom("term_report_releases").where("class_id", "=", classId).selectAll().execute();
    return { path: `/reports/${periodId}/classes/${classId}/release`, state: releases };
  });
  // A logo to remove, by the centre's owner and by the platform admin (each its own centre row).
  const withLogo = async (target: Centre) => {
    const owner = await signedInAs(target.people.centre_owner);
    const form = new FormData();
    form.append("_csrf", owner.csrfToken);
    form.append("file", new File([await samplePhoto(200, 100)], "logo.jpg"));
    const upload = await app.handle(
      new Request(`${ORIGIN}/settings/logo`, {
        method: "POST",
        headers: { cookie: owner.cookie, origin: ORIGIN },
        body: form,
      }),
    );
    if (upload.status !== 303) throw new Error(`logo upload answered ${upload.status}`);
    return () => db.selectFrom("centres").where("id", "=", target.id).select("logo_file_id").executeTakeFirst();
  };
  targets.set("/settings/logo/remove", async () => ({ path: "/settings/logo/remove", state: await withLogo(centre) }));
  targets.set("/platform/centres/:id/logo/remove", async () => {
    const state = await withLogo(centre);
    const admin = await createPlatformAdmin();
    return {
      path: `/platform/centres/${centre.id}/logo/remove`,
      state,
      credentials: () => signedInAs(admin, { actingIn: centre.id }),
    };
  });
}, 60_000);

const confirmed = routes.filter((route) => route.confirm);

describe("destructive routes are declared", () => {
  test("every route whose path names a destruction, and every known irreversible one, asks first", () => {
    const named = routes.filter(
      (route) =>
        route.method === "POST" && (DESTRUCTIVE_WORDS.test(route.path) || ALSO_DESTRUCTIVE.includes(route.path)),
    );
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((route) => !route.confirm).map((route) => route.path)).toEqual([]);
  });

  test("only posts ask, and every one of them has a real row walked below", () => {
    expect(confirmed.filter((route) => route.method !== "POST")).toEqual([]);
    expect(confirmed.map((route) => route.path).filter((path) => !targets.has(path))).toEqual([]);
  });
});

describe("no destructive route acts without its confirmation step", () => {
  test.each(confirmed.map((route) => [route.path, route] as const))(
    "%s",
    async (_, route) => {
      const target = await (targets.get(route.path) as () => Promise<Target>)();
      const who: Credentials = target.credentials
        ? await target.credentials()
        : await signedInAs(centre.people[target.as ?? firstHolder(route.permission as string)]);
      const before = { row: await target.state(), audits: await auditCount() };
      const unchanged = async () => ({ row: await target.state(), audits: await auditCount() });

      // The bare post: the confirm page, which names the thing, offers Cancel and changes nothing.
      const asked = await send(app, "POST", target.path, who);
      expect(asked.status).toBe(200);
      const page = await asked.text();
      expect(page).toContain("data-confirm-page");
      expect(page).toContain("data-confirm-cancel");
      expect(page).toContain(`action="${target.path}"`);
      const token = confirmationTokenIn(page) as string;
      expect(token).toBeTruthy();
      expect(await unchanged()).toEqual(before);

      // A forged token, an expired-looking one and one for another path change nothing either.
      const forged = `${token.split(".")[0]}.${"A".repeat(43)}`;
      for (const confirm of [forged, "1.AAAA", "not a token"]) {
        const again = await send(app, "POST", target.path, who, { body: { confirm } });
        expect(again.status).toBe(200);
        expect(await again.text()).toContain("data-confirm-page");
      }
      const elsewhere = await send(app, "POST", "/sign-out-everywhere", who);
      const otherToken = confirmationTokenIn(await elsewhere.text());
      if (target.path !== "/sign-out-everywhere") {
        const crossed = await send(app, "POST", target.path, who, { body: { confirm: otherToken ?? "" } });
        expect(await crossed.text()).toContain("data-confirm-page");
      }
      expect(await unchanged()).toEqual(before);

      // The confirm page's own post acts (post/redirect/get, with its flash), once.
      const done = await send(app, "POST", target.path, who, { body: { confirm: token } });
      expect(done.status).toBe(303);
      expect(done.headers.get("set-cookie") ?? "").toContain("al_flash=");
      expect(await unchanged()).not.toEqual(before);
    },
    30_000,
  );

  test("a token is used once: the same confirm page posted twice asks again instead of acting twice", async () => {
    const tutor = await addPerson(centre, "tutor");
    const who = await signedInAs(centre.people.centre_admin);
    const path = `/people/${tutor.id}/disable`;
    const token = confirmationTokenIn(await (await send(app, "POST", path, who)).text()) as string;
    expect((await send(app, "POST", path, who, { body: { confirm: token } })).status).toBe(303);
    const twice = await send(app, "POST", path, who, { body: { confirm: token } });
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain("data-confirm-page");
  });

  test("the confirm page speaks the centre's language", async () => {
    for (const [locale, question, english] of [
      ["es", "¿Eliminar la clase Aula?", "Delete the class"],
      ["ar", "حذف الصف Aula؟", "Delete the class"],
    ] as const) {
      const elsewhere = await createCentre({ label: `confirm-${locale}`, locale });
      const classId = await classWith(elsewhere, { tutor: elsewhere.people.tutor, name: "Aula" });
      const who = await signedInAs(elsewhere.people.centre_admin);
      const page = await (await send(app, "POST", `/classes/${classId}/delete`, who)).text();
      expect(page).toContain(question);
      expect(page).not.toContain(english);
    }
  });

  test("another person's token does not confirm", async () => {
    const tutor = await addPerson(centre, "tutor");
    const path = `/people/${tutor.id}/disable`;
    const owner = await signedInAs(centre.people.centre_owner);
    const token = confirmationTokenIn(await (await send(app, "POST", path, owner)).text()) as string;
    const admin = await signedInAs(centre.people.centre_admin);
    const replay = await send(app, "POST", path, admin, { body: { confirm: token } });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain("data-confirm-page");
  });
});
