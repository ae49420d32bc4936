import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { seedDemoClasses } from "../../src/modules/classes/demo";
import { classesForTutor, recordAttendance } from "../../src/modules/classes/service";
import { seedDemoCourses } from "../../src/modules/courses/demo";
import { exercisesForLessons, publishedLessonsForCourse } from "../../src/modules/courses/service";
import { boardKey } from "../../src/modules/gamification/leaderboards";
import { xpSummary } from "../../src/modules/gamification/service";
import { assignHomework, saveAnswer, submitHomework } from "../../src/modules/homework/service";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import type { Actor } from "../../src/platform/principal";
import { redis } from "../../src/platform/redis";
import { type CentreId, selectFromTenant, trustedCentreId } from "../../src/platform/tenancy";
import { type Centre, createCentre, type Person, pairKiosk } from "../support/fixtures";
import { startWorker, waitFor } from "../support/processes";

/**
 * The whole path with the real worker process: a student hands in auto-marked homework on time and
 * checks in at the kiosk; the domain events reach the gamification handlers through the outbox and
 * the events queue, and XP, badges and the leaderboards follow.
 */
let centre: Centre;
let centreId: CentreId;
let worker: { stop(): Promise<void> };

function actorOf(person: Person): Promise<Actor> {
  const request = { ip: "127.0.0.1", userAgent: null, requestId: "gamification-e2e" };
  return actorInCentre({ userId: person.id, role: person.role, name: person.name }, centreId, request);
}

/** The right answer to an auto-marked exercise, from its config. */
function rightAnswer(kind: string, config: Record<string, unknown>): string {
  if (kind === "multiple_choice") return String(config.correct);
  if (kind === "numeric") return String(config.answer);
  return String((config.accepted as string[])[0]);
}

beforeAll(async () => {
  centre = await createCentre({ label: "xp-e2e" });
  centreId = trustedCentreId(centre.id);
  await db
    .updateTable("centres")
    .set({ feature_flags: { gamification: true } })
    .where("id", "=", centre.id)
    .execute();
  worker = startWorker();
});

afterAll(async () => {
  await worker?.stop();
});

describe("XP through the real worker", () => {
  test("on-time homework, correct answers and a kiosk check-in become XP, badges and board scores", async () => {
    const { courseId } = await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
    await seedDemoClasses(db, centreId);
    const [klass] = await classesForTutor(centreId, centre.people.tutor.id);
    const [lesson] = await publishedLessonsForCourse(centreId, courseId);
    const auto = (await exercisesForLessons(centreId, [lesson?.id as string])).filter((row) =>
      ["multiple_choice", "numeric", "short_answer"].includes(row.kind),
    );
    expect(auto.length).toBeGreaterThan(0);
    const student = centre.people.student;
    const homeworkId = await assignHomework(await actorOf(centre.people.tutor), {
      title: "Gamified",
      instructions: "",
      kind: "exercises",
      classId: klass?.id as string,
      studentId: student.id,
      lessonId: lesson?.id as string,
      exerciseIds: auto.map((row) => row.id),
      pages: null,
      outOf: null,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    for (const exercise of auto)
      await saveAnswer(await actorOf(student), homeworkId, exercise.id, rightAnswer(exercise.kind, exercise.config));
    expect(await submitHomework(await actorOf(student), homeworkId)).toBe("marked");

    const session = await db
      .insertInto("class_sessions")
      .values({
        centre_id: centre.id,
        class_id: klass?.id as string,
        starts_at: new Date(Date.now() - 600_000),
        ends_at: new Date(Date.now() + 3_000_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAttendance(
      {
        kioskId: (await pairKiosk(centre)).id,
        centreId,
        request: { ip: "203.0.113.30", userAgent: "kiosk", requestId: "req-kiosk" },
      },
      session.id,
      student.id,
      "present",
      "kiosk",
    );

    const ledger = () =>
      selectFromTenant(db, "xp_ledger", centreId)
        .where("student_id", "=", student.id)
        .select(["source_type", "amount"])
        .orderBy("source_type")
        .execute();
    await waitFor(async () => (await ledger()).length === 3, 15_000, "three XP entries");
    expect(await ledger()).toEqual([
      { source_type: "attendance", amount: 15 },
      { source_type: "exercise", amount: 10 * auto.length },
      { source_type: "homework", amount: 20 },
    ]);
    const total = 35 + 10 * auto.length;
    await waitFor(
      async () => Number(await redis.zscore(boardKey(centre.id, null, "all"), student.id)) === total,
      5_000,
      "the centre board",
    );
    expect(Number(await redis.zscore(boardKey(centre.id, klass?.id as string, "all"), student.id))).toBe(total);
    const summary = await xpSummary(centreId, student.id);
    expect(summary?.badges.map((badge) => badge.code).sort()).toEqual(["first_homework", "perfect_score"]);
  }, 40_000);
});
