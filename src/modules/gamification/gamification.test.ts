import { describe, expect, test } from "bun:test";
import type { Job } from "bullmq";
import { sql } from "kysely";
import { actorFor, addStudents, type Centre, classWith, createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import type { EventJobData, EventPayloads, EventType } from "../../platform/events/types";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis, redis } from "../../platform/redis";
import { selectFromTenant } from "../../platform/tenancy";
import { eventHandlers } from "../../registry";
import { HANDLERS } from "./events";
import { alreadyApplied, boardKey, boardKeysOf, topOfBoard } from "./leaderboards";
import { pushBoards } from "./live";
import { applyAwardedEntry, awardByTutor, awardForEvent, rebuildLeaderboards, xpSummary } from "./service";
import { xpCentreOf } from "./xp-centre";

const GAMIFIED = { label: "xp", features: { gamification: true } };

const handlers = eventHandlers();
const processEvent = (job: Parameters<typeof handlers.process>[0]) => handlers.process(job);

let nextEventId = 5_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

function eventJob<Type extends EventType>(
  centre: Centre,
  type: Type,
  payload: EventPayloads[Type],
  eventId = String(nextEventId++),
): Job<EventJobData> {
  return {
    data: { eventId, type, centreId: centre.id as string, payload, createdAt: new Date().toISOString() },
  } as Job<EventJobData>;
}

function ledgerOf(centre: Centre, studentId: string) {
  return selectFromTenant(db, "xp_ledger", centre.id)
    .where("student_id", "=", studentId)
    .select(["amount", "source_type", "reason"])
    .orderBy("id")
    .execute();
}

async function score(key: string, studentId: string): Promise<number | null> {
  const value = await redis.zscore(key, studentId);
  return value === null ? null : Number(value);
}

describe("the XP ledger", () => {
  test("is append-only at the database: UPDATE, DELETE and TRUNCATE are refused", async () => {
    const centre = await createCentre(GAMIFIED);
    await awardByTutor(await actorFor(centre.people.head_tutor), centre.people.student.id, {
      amount: 5,
      reason: "Kind",
    });
    const [entry] = await ledgerOf(centre, centre.people.student.id);
    expect(entry?.amount).toBe(5);
    const where = sql`centre_id = ${centre.id}`;
    expect(sql`update xp_ledger set amount = 500 where ${where}`.execute(db)).rejects.toThrow("append-only");
    expect(sql`delete from xp_ledger where ${where}`.execute(db)).rejects.toThrow("append-only");
    // The app's role has no TRUNCATE at all; even the table's owner is refused by the trigger.
    await expect(sql`truncate xp_ledger cascade`.execute(db)).rejects.toThrow("permission denied");
    const owner = ownerDb();
    try {
      await expect(sql`truncate xp_ledger cascade`.execute(owner)).rejects.toThrow("append-only");
    } finally {
      await owner.destroy();
    }
    expect((await ledgerOf(centre, centre.people.student.id))[0]?.amount).toBe(5);
  });
});

describe("awards from events", () => {
  test("a re-delivered event awards once, and a second event for the same thing pays nothing", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student] });
    const sessionId = crypto.randomUUID();
    const payload = { sessionId, classId, studentId: student.id, status: "present", method: "kiosk" } as const;
    const job = eventJob(centre, "attendance.checked_in", payload);
    await processEvent(job);
    await processEvent(job);
    // A stalled second worker running the same award beside another event for the same session: still once.
    await Promise.all([
      awardForEvent({
        centreId: centre.id,
        studentId: student.id,
        amount: 15,
        reason: "Came to a session",
        sourceType: "attendance",
        sourceId: sessionId,
        awardedBy: null,
        at: new Date(),
      }),
      processEvent(eventJob(centre, "attendance.checked_in", { ...payload, status: "late" })),
    ]);
    expect(await ledgerOf(centre, student.id)).toEqual([
      { amount: 15, source_type: "attendance", reason: "Came to a session" },
    ]);
    expect(await score(boardKey(centre.id, null, "all"), student.id)).toBe(15);
    expect(await score(boardKey(centre.id, classId, "all"), student.id)).toBe(15);
  });

  test("an event's award reads the student's classes with its badge facts, and its class boards count it", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student] });
    const payload = {
      sessionId: crypto.randomUUID(),
      classId,
      studentId: student.id,
      status: "present",
      method: "kiosk",
    } as const;
    const statements = await statementsDuring(() => processEvent(eventJob(centre, "attendance.checked_in", payload)));
    const classReads = statements.filter((text) => /class_members/.test(text));
    expect(classReads).toHaveLength(1);
    expect(classReads[0]).toMatch(/xp_ledger[\s\S]*badges_earned[\s\S]*class_members/);
    expect(await score(boardKey(centre.id, null, "all"), student.id)).toBe(15);
    expect(await score(boardKey(centre.id, classId, "all"), student.id)).toBe(15);
  });

  test("an event's award publishes no xp.awarded; a retry after the boards failed puts it on them, once", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student] });
    const sessionId = crypto.randomUUID();
    const payload = { sessionId, classId, studentId: student.id, status: "present", method: "kiosk" } as const;
    const job = eventJob(centre, "attendance.checked_in", payload);
    // The boards' script fails once (Redis down after the ledger committed): the job fails.
    const evalOnce = redis.eval.bind(redis);
    let failures = 0;
    redis.eval = (async (...args: Parameters<typeof redis.eval>) => {
      if (failures++ === 0) throw new Error("Redis is down");
      return evalOnce(...args);
    }) as typeof redis.eval;
    try {
      await expect(processEvent(job)).rejects.toThrow(HANDLERS.attendance);
      expect(await score(boardKey(centre.id, null, "all"), student.id)).toBeNull();
      const handled = await db
        .selectFrom("handled_events")
        .select("handler")
        .where("event_id", "=", job.data.eventId)
        .execute();
      expect(handled.map((row) => row.handler)).not.toContain(HANDLERS.attendance);
      // BullMQ's retry: the entry is paid already, and its boards get it now.
      const retry = { ...job, attemptsStarted: 2, attemptsMade: 1, stalledCounter: 0 } as typeof job;
      await processEvent(retry);
      await processEvent(retry);
    } finally {
      redis.eval = evalOnce;
    }
    expect(await ledgerOf(centre, student.id)).toEqual([
      { amount: 15, source_type: "attendance", reason: "Came to a session" },
    ]);
    expect(await score(boardKey(centre.id, null, "all"), student.id)).toBe(15);
    const published = await db
      .selectFrom("outbox_events")
      .select("type")
      .where("centre_id", "=", centre.id)
      .where("type", "=", "xp.awarded")
      .execute();
    expect(published).toEqual([]);
  });

  test("the boards count an entry once however often its xp.awarded handler runs", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const awarded = await awardByTutor(await actorFor(centre.people.head_tutor), student.id, {
      amount: 7,
      reason: "Helped a friend",
    });
    const entry = {
      entryId: awarded.entryId,
      centreId: centre.id,
      studentId: student.id,
      amount: 7,
      at: new Date(),
    };
    await applyAwardedEntry(entry);
    await applyAwardedEntry(entry);
    expect(await score(boardKey(centre.id, null, "all"), student.id)).toBe(7);
  });

  test("the xp.awarded handler puts an entry on the boards when its request did not (the process died first)", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const entry = {
      entryId: String(9e15 + Math.floor(Math.random() * 1e12)),
      centreId: centre.id,
      studentId: student.id,
      amount: 5,
      at: new Date(),
    };
    expect(await alreadyApplied(entry.entryId)).toBe(false);
    await applyAwardedEntry(entry);
    expect(await alreadyApplied(entry.entryId)).toBe(true);
    expect(await score(boardKey(centre.id, null, "all"), student.id)).toBe(5);
    await redis.del(`xp:applied:${entry.entryId}`);
  });

  test("on-time homework, correct exercises and a perfect score pay, late work earns no on-time XP", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const [onTime, late] = [crypto.randomUUID(), crypto.randomUUID()];
    const base = { homeworkId: crypto.randomUUID(), studentId: student.id, tutorId: null, title: "Fractions" };
    await processEvent(eventJob(centre, "submission.submitted", { ...base, submissionId: onTime, late: false }));
    await processEvent(eventJob(centre, "submission.submitted", { ...base, submissionId: late, late: true }));
    const marked = { ...base, markerId: null, maxScore: 4 };
    await processEvent(
      eventJob(centre, "submission.marked", { ...marked, submissionId: onTime, score: 4, correctAnswers: 4 }),
    );
    await processEvent(
      eventJob(centre, "submission.marked", { ...marked, submissionId: late, score: 0, correctAnswers: 0 }),
    );
    expect(await ledgerOf(centre, student.id)).toEqual([
      { amount: 20, source_type: "homework", reason: "Handed in on time: “Fractions”" },
      { amount: 40, source_type: "exercise", reason: "4 correct in “Fractions”" },
    ]);
    const summary = await xpSummary(centre.id, student.id);
    expect(summary?.totalXp).toBe(60);
    expect(summary?.badges.map((badge) => badge.code).sort()).toEqual(["first_homework", "perfect_score"]);
  });

  test("ten sessions attended earn the badge on the tenth, once, with badge.earned published in the badge's statement", async () => {
    const centre = await createCentre(GAMIFIED);
    const student = centre.people.student;
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student] });
    let tenth: string[] = [];
    for (let session = 0; session < 10; session++) {
      const payload = {
        sessionId: crypto.randomUUID(),
        classId,
        studentId: student.id,
        status: session % 3 === 0 ? "late" : "present",
        method: "tutor",
      } as const;
      tenth = await statementsDuring(() => processEvent(eventJob(centre, "attendance.checked_in", payload)));
    }
    const writesOfBadges = tenth.filter(
      (text) => /badges_earned|outbox_events/.test(text) && !/^\s*select/i.test(text),
    );
    expect(writesOfBadges).toHaveLength(1);
    expect(writesOfBadges[0]).toMatch(/insert into "badges_earned"[\s\S]*insert into outbox_events/);
    const badges = await selectFromTenant(db, "badges_earned", centre.id)
      .where("student_id", "=", student.id)
      .select("badge")
      .execute();
    expect(badges.map((row) => row.badge)).toEqual(["sessions_10"]);
    const events = await sql<{ n: string }>`
      select count(*)::text as n from outbox_events
      where centre_id = ${centre.id} and type = 'badge.earned' and payload->>'studentId' = ${student.id}`.execute(db);
    expect(events.rows[0]?.n).toBe("1");
  });

  test("with gamification off there is no XP", async () => {
    const centre = await createCentre({ label: "xp", features: { gamification: false } });
    const student = centre.people.student;
    await processEvent(
      eventJob(centre, "attendance.checked_in", {
        sessionId: crypto.randomUUID(),
        classId: crypto.randomUUID(),
        studentId: student.id,
        status: "present",
        method: "kiosk",
      }),
    );
    expect(
      awardByTutor(await actorFor(centre.people.head_tutor), student.id, { amount: 5, reason: "Nice" }),
    ).rejects.toThrow("switched off");
    expect(await ledgerOf(centre, student.id)).toEqual([]);
    expect(await boardKeysOf(centre.id)).toEqual([]);
  });
});

describe("streaks", () => {
  test("count local days in the centre's time zone across local midnight", async () => {
    const centre = await createCentre({ ...GAMIFIED, timeZone: "America/New_York" });
    const student = centre.people.student;
    const head = await actorFor(centre.people.head_tutor);
    // 23:30 on 9 March and 00:30 on 10 March in New York: two local days, one UTC day (10 March).
    await awardByTutor(head, student.id, { amount: 1, reason: "Late night" }, new Date("2026-03-10T03:30:00Z"));
    await awardByTutor(head, student.id, { amount: 1, reason: "Early start" }, new Date("2026-03-10T04:30:00Z"));
    expect((await xpSummary(centre.id, student.id, new Date("2026-03-10T05:00:00Z")))?.streak).toBe(2);
    // Still alive the next local day before any XP; gone the day after.
    expect((await xpSummary(centre.id, student.id, new Date("2026-03-11T23:00:00Z")))?.streak).toBe(2);
    expect((await xpSummary(centre.id, student.id, new Date("2026-03-12T05:00:00Z")))?.streak).toBe(0);
    for (const day of ["11", "12", "13"])
      await awardByTutor(head, student.id, { amount: 1, reason: "Again" }, new Date(`2026-03-${day}T15:00:00Z`));
    const summary = await xpSummary(centre.id, student.id, new Date("2026-03-13T16:00:00Z"));
    expect(summary?.streak).toBe(5);
    expect(summary?.badges.map((badge) => badge.code)).toContain("streak_5");
  });
});

/** A small seeded generator, so a failing stream can be replayed from the seed in the message. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function snapshot(centreId: string): Promise<Record<string, string[]>> {
  const boards: Record<string, string[]> = {};
  for (const key of await boardKeysOf(centreId)) boards[key] = await redis.zrange(key, 0, -1, "WITHSCORES");
  return boards;
}

describe("leaderboards", () => {
  test("a rebuild from the ledger gives exactly the live boards after a random stream of XP (acceptance 3)", async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const random = seeded(seed);
    const centre = await createCentre({ ...GAMIFIED, timeZone: "Australia/Sydney" });
    const pupils = await addStudents(centre, ["Ann Lee", "Bo Ng", "Cy Oh", "Di Po", "Ed Qu", "Flo Ra"]);
    const [a, b, c, d, e] = pupils as [
      (typeof pupils)[0],
      (typeof pupils)[0],
      (typeof pupils)[0],
      (typeof pupils)[0],
      (typeof pupils)[0],
    ];
    const now = Date.now();
    await classWith(centre, {
      tutor: centre.people.tutor,
      members: [a, b, c],
      joinedAt: new Date(now - 30 * 86_400_000),
      name: "Class A",
    });
    await classWith(centre, {
      tutor: centre.people.tutor,
      members: [c, d],
      joinedAt: new Date(now - 30 * 86_400_000),
      name: "Class B",
    });
    // Joined halfway through the stream: the class board counts only what came after.
    await classWith(centre, {
      tutor: centre.people.tutor,
      members: [e],
      joinedAt: new Date(now - 8 * 86_400_000),
      name: "Class C",
    });
    const head = await actorFor(centre.people.head_tutor);
    const events: Promise<unknown>[] = [];
    for (let index = 0; index < 60; index++) {
      const student = pupils[Math.floor(random() * pupils.length)] as (typeof pupils)[0];
      const at = new Date(now - Math.floor(random() * 20 * 86_400_000));
      const amount = 1 + Math.floor(random() * 50);
      if (random() < 0.5) {
        events.push(awardByTutor(head, student.id, { amount, reason: `Stream ${index}` }, at));
      } else {
        events.push(
          awardForEvent({
            centreId: centre.id,
            studentId: student.id,
            amount,
            reason: "Came to a session",
            sourceType: "attendance",
            sourceId: crypto.randomUUID(),
            awardedBy: null,
            at,
          }),
        );
      }
      // Some awards land concurrently, as from several workers.
      if (events.length === 4) await Promise.all(events.splice(0));
    }
    await Promise.all(events);
    const live = await snapshot(centre.id);
    expect(Object.keys(live).length).toBeGreaterThanOrEqual(4);
    const keys = await boardKeysOf(centre.id);
    await redis.del(...keys);
    expect(await boardKeysOf(centre.id)).toEqual([]);
    await rebuildLeaderboards(centre.id);
    const rebuilt = await snapshot(centre.id);
    expect({ seed, boards: rebuilt }).toEqual({ seed, boards: live });
    const total = await topOfBoard(boardKey(centre.id, null, "all"), 10);
    const sum = await sql<{
      xp: string;
    }>`select sum(amount)::text as xp from xp_ledger where centre_id = ${centre.id}`.execute(db);
    expect(total.reduce((all, row) => all + row.xp, 0)).toBe(Number(sum.rows[0]?.xp));
  }, 20_000);

  test("bun run leaderboards:rebuild restores a wiped centre's boards, and refuses a malformed id", async () => {
    const centre = await createCentre(GAMIFIED);
    await awardByTutor(await actorFor(centre.people.head_tutor), centre.people.student.id, {
      amount: 9,
      reason: "Tidy",
    });
    const before = await snapshot(centre.id);
    await redis.del(...(await boardKeysOf(centre.id)));
    const run = (args: string[]) =>
      Bun.spawnSync(["bun", "scripts/rebuild-leaderboards.ts", ...args], { cwd: `${import.meta.dir}/../../..` });
    const done = run(["--centre", centre.id]);
    expect(done.exitCode).toBe(0);
    expect(done.stdout.toString()).toContain("rebuilt 2 leaderboards");
    expect(await snapshot(centre.id)).toEqual(before);
    const refused = run(["--centre", "nope"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.toString()).toContain("UUID");
  }, 15_000);
});

describe("live boards", () => {
  test("an award renders and sends only the boards some stream follows", async () => {
    const centre = await createCentre(GAMIFIED);
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student] });
    const here = await xpCentreOf(centre.id);
    // Nobody follows either board: nothing is read or rendered.
    expect(await statementsDuring(() => pushBoards(here, [classId]))).toEqual([]);
    const listener = createRedis();
    const heard: string[] = [];
    listener.on("message", (channel: string) => heard.push(channel));
    try {
      await listener.subscribe(redisChannelOf(`class:${classId}`));
      await invalidateParts(redis, centre.id, ["board"]);
      await pushBoards(here, [classId]);
      await waitUntil(() => heard.length > 0);
      expect(heard).toEqual([redisChannelOf(`class:${classId}`)]);
    } finally {
      listener.disconnect();
    }
  });
});

async function waitUntil(done: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await Bun.sleep(20);
}
