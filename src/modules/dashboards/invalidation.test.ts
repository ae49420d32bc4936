import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  addStudents,
  type Centre,
  classWith,
  createCentre,
  type DemoWork,
  demoCourse,
  type StudentPerson,
  sessionOf,
  setHomework,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { type CachePart, cachePart, partVersions } from "../../platform/cache";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { listenToQueries } from "../../platform/db/instrumented-dialect";
import type { CentreContext } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { recordAttendance } from "../classes";
import { addMember, removeMember } from "../classes/service";
import { boardScopes } from "../gamification/access";
import { awardByTutor } from "../gamification/service";
import { assignHomework, gradeSubmission, saveAnswer, submitHomework } from "../homework/service";
import { adminDashboard, studentDashboard, tutorDashboard } from "./service";

/**
 * Each write marks stale exactly the parts it changes (platform/cache.ts): the next view shows it
 * (a stale cache fails these), and an unrelated write leaves the parts alone (asserted on the
 * parts' versions, never on time).
 */
const app = createApp();
let centre: Centre;
let here: CentreContext;
let work: DemoWork;
let otherClassId: string;
let other: StudentPerson;
let otherHomework: string;

const student = () => centre.people.student;
const versions = (parts: (CachePart | "all")[]) => partVersions(redis, centre.id, parts);

/** The parts of our class and student, and of the other class and its student. */
const ours = () => [cachePart.student(student().id), cachePart.class(work.classId)];
const theirs = () => [cachePart.student(other.id), cachePart.class(otherClassId)];

beforeAll(async () => {
  centre = await createCentre({ label: "cache-parts", features: { gamification: true } });
  here = (await loadCentreContext(trustedCentreId(centre.id))) as CentreContext;
  work = await demoCourse(centre);
  const { course_id } = await db
    .selectFrom("classes")
    .where("id", "=", work.classId)
    .select("course_id")
    .executeTakeFirstOrThrow();
  [other] = (await addStudents(centre, ["Other Student"])) as [StudentPerson];
  otherClassId = await classWith(centre, {
    tutor: centre.people.head_tutor,
    members: [other],
    courseId: course_id,
    name: "Another class",
  });
  otherHomework = await assignHomework(await actorFor(centre.people.head_tutor), {
    title: "Their homework",
    instructions: "",
    kind: "exercises",
    classId: otherClassId,
    studentId: null,
    lessonId: work.lessonId,
    exerciseIds: work.exerciseIds,
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 86_400_000),
  });
}, 60_000);

async function statusOn(homeworkTitle: string): Promise<string | undefined> {
  const { dashboard } = await studentDashboard(here, student().id);
  return [...dashboard.due, ...dashboard.recentMarks].find((line) => line.title === homeworkTitle)?.status;
}

describe("homework: answers, hand-ins and marks", () => {
  let homeworkId: string;
  const title = "Cached fractions";

  beforeAll(async () => {
    homeworkId = await setHomework(centre, work, title);
  });

  test("setting homework shows on the student's next view", async () => {
    expect(await statusOn(title)).toBe("not started");
  });

  test("the first answer shows; re-saving it changes nothing and invalidates nothing", async () => {
    const actor = await actorFor(student());
    const before = await versions([...ours(), "all"]);
    await saveAnswer(actor, homeworkId, work.exerciseIds[0] as string, "a half");
    expect(await statusOn(title)).toBe("in progress");
    const started = await versions([...ours(), "all"]);
    expect(started[0]).toBeGreaterThan(before[0] as number);
    expect(started[1]).toBeGreaterThan(before[1] as number);
    await saveAnswer(actor, homeworkId, work.exerciseIds[0] as string, "one half");
    expect(await versions([...ours(), "all"])).toEqual(started);
  });

  test("an autosave over HTTP in another class invalidates nothing of ours, nor the centre", async () => {
    const mine = await versions([...ours(), cachePart.tutor(centre.people.tutor.id), "centre", "queue", "all"]);
    const credentials = await signedInAs(other);
    for (const response of ["x", "xy"]) {
      const reply = await send(app, "POST", `/homework/${otherHomework}/questions/1`, credentials, {
        body: { response },
      });
      expect(reply.status).toBeLessThan(400);
    }
    expect(await versions([...ours(), cachePart.tutor(centre.people.tutor.id), "centre", "queue", "all"])).toEqual(
      mine,
    );
  });

  test("a hand-in shows on the student's and the tutor's next view, and leaves the other class alone", async () => {
    const queueBefore = (await tutorDashboard(here, centre.people.tutor.id, false)).markingQueue;
    const elsewhere = await versions(theirs());
    await submitHomework(await actorFor(student()), homeworkId);
    // Handed in, it leaves the to-do list (a stale cache would still say "in progress").
    expect(await statusOn(title)).toBeUndefined();
    expect((await tutorDashboard(here, centre.people.tutor.id, false)).markingQueue).toBe(queueBefore + 1);
    expect(await versions(theirs())).toEqual(elsewhere);
  });

  test("a mark shows on the student's next view and the class's markbook; the other class is untouched", async () => {
    const submission = await db
      .selectFrom("submissions")
      .where("homework_id", "=", homeworkId)
      .where("student_id", "=", student().id)
      .select("id")
      .executeTakeFirstOrThrow();
    const tutor = await signedInAs(centre.people.tutor);
    const markbook = async () => (await send(app, "GET", `/classes/${work.classId}/markbook`, tutor)).text();
    const gridBefore = await markbook();
    const elsewhere = await versions(theirs());
    const answers = Object.fromEntries(work.exerciseIds.map((id) => [id, { points: "1", feedback: "" }]));
    await gradeSubmission(await actorFor(centre.people.tutor), submission.id, { answers, overall: "", feedback: "" });
    expect(await statusOn(title)).toBe("marked");
    expect(await markbook()).not.toBe(gridBefore);
    expect(await versions(theirs())).toEqual(elsewhere);
  });
});

describe("attendance, XP and membership", () => {
  /** A session that started ten minutes ago and runs another fifty. */
  const sessionNow = (classId: string) =>
    sessionOf(centre, classId, { startsAt: new Date(Date.now() - 600_000), minutes: 60 });

  test("a check-in shows on the tutor's and the admin's next view; the same mark again invalidates nothing", async () => {
    const sessionId = await sessionNow(work.classId);
    const present = async () =>
      (await tutorDashboard(here, centre.people.tutor.id, false)).today.find((line) => line.id === sessionId)?.present;
    expect(await present()).toBe(0);
    const admin = await adminDashboard(here);
    const elsewhere = await versions(theirs());
    const tutor = await actorFor(centre.people.tutor);
    await recordAttendance(tutor, sessionId, student().id, "present", "tutor");
    expect(await present()).toBe(1);
    expect((await adminDashboard(here)).today.find((line) => line.id === sessionId)?.present).toBe(1);
    expect(admin.today.find((line) => line.id === sessionId)?.present).toBe(0);
    expect(await versions(theirs())).toEqual(elsewhere);
    const marked = await versions([...ours(), "centre", "all"]);
    await recordAttendance(tutor, sessionId, student().id, "present", "tutor");
    expect(await versions([...ours(), "centre", "all"])).toEqual(marked);
  });

  test("an award shows in the student's XP section at once; another student's parts are untouched", async () => {
    const xp = async () => (await studentDashboard(here, student().id)).xpSection ?? "";
    const before = await xp();
    const elsewhere = await versions([cachePart.student(other.id)]);
    await awardByTutor(await actorFor(centre.people.tutor), student().id, { amount: 37, reason: "Cache test" });
    const after = await xp();
    expect(after).not.toBe(before);
    expect(after).toContain("37 XP");
    expect(await versions([cachePart.student(other.id)])).toEqual(elsewhere);
  });

  test("joining and leaving a class marks that class and the student stale, not the other class", async () => {
    const elsewhere = await versions([cachePart.class(otherClassId)]);
    const [newcomer] = await addStudents(centre, ["New Student"]);
    const before = await versions([cachePart.class(work.classId), cachePart.student(newcomer?.id as string)]);
    const tutor = await actorFor(centre.people.tutor);
    await addMember(tutor, work.classId, newcomer?.id as string);
    const joined = await versions([cachePart.class(work.classId), cachePart.student(newcomer?.id as string)]);
    expect(joined[0]).toBeGreaterThan(before[0] as number);
    expect(joined[1]).toBeGreaterThan(before[1] as number);
    await removeMember(tutor, work.classId, newcomer?.id as string);
    expect((await versions([cachePart.class(work.classId)]))[0]).toBeGreaterThan(joined[0] as number);
    expect(await versions([cachePart.class(otherClassId)])).toEqual(elsewhere);
  });
});

async function queriesIn(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const stop = listenToQueries(() => {
    count += 1;
  });
  try {
    await work();
    return count;
  } finally {
    stop();
  }
}

describe("reads", () => {
  test("a cached student dashboard, its XP section included, reads no rows", async () => {
    await studentDashboard(here, student().id);
    expect(await queriesIn(() => studentDashboard(here, student().id))).toBe(0);
  });

  test("a student's leaderboard tabs are one query however many classes, none once cached", async () => {
    await addMember(await actorFor(centre.people.head_tutor), otherClassId, student().id);
    const principal = { kind: "user", role: "student", userId: student().id } as const;
    const view = () => boardScopes(principal as Parameters<typeof boardScopes>[0], trustedCentreId(centre.id));
    expect(await queriesIn(view)).toBe(1);
    expect((await view()).length).toBe(2);
    expect(await queriesIn(view)).toBe(0);
  });
});
