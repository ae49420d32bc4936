import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Job } from "bullmq";
import { sql } from "kysely";
import { addPerson, type Centre, createCentre } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { listenToQueries, statementsDuring } from "../../platform/db/instrumented-dialect";
import type { DomainEvent, EventJobData } from "../../platform/events/types";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { eventHandlers } from "../../registry";
import { saveEmailChoices } from "./preferences";
import { NOTIFICATIONS_KEPT } from "./queries";
import { notify } from "./service";

const subscriber = createRedis();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "notify-cost" });
});

afterAll(() => subscriber.disconnect());

/** The unread count each live push for the person carried, in order. */
async function pushedCounts(userId: string): Promise<{ counts: number[]; stop: () => Promise<void> }> {
  const counts: number[] = [];
  const channel = redisChannelOf(liveChannel.user(userId));
  const listener = (from: string, text: string) => {
    if (from !== channel) return;
    const match = /live-notification-unread"[^>]*>(\d+)</.exec(JSON.parse(text).data as string);
    if (match) counts.push(Number(match[1]));
  };
  subscriber.on("message", listener);
  await subscriber.subscribe(channel);
  return {
    counts,
    stop: async () => {
      await subscriber.unsubscribe(channel);
      subscriber.off("message", listener);
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check() && Date.now() < deadline) await Bun.sleep(10);
}

describe("notify's cost", () => {
  test("the note, the trim and what the push needs are one statement (and the centre one read)", async () => {
    const to = { centreId: centre.id, userId: centre.people.student.id };
    const statements = await statementsDuring(() => notify(to, { text: "One statement" }));
    const writes = statements.filter((text) => !/^\s*select\b[\s\S]*from "centres"/i.test(text));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/insert into notifications[\s\S]*delete from notifications/);
    expect(statements.length).toBeLessThanOrEqual(2);
  });

  test("the list is trimmed to the newest, and the pushed unread count is the count after the trim", async () => {
    const tutor = centre.people.tutor;
    const to = { centreId: centre.id, userId: tutor.id };
    const live = await pushedCounts(tutor.id);
    try {
      for (let n = 0; n < NOTIFICATIONS_KEPT; n++) await notify(to, { text: `Note ${n}` });
      await until(() => live.counts.length === NOTIFICATIONS_KEPT);
      expect(live.counts.slice(0, 3)).toEqual([1, 2, 3]);
      expect(live.counts.at(-1)).toBe(NOTIFICATIONS_KEPT);
      // One more: the oldest (unread) note goes, so the count stays at the number kept.
      await notify(to, { text: "Note over the limit" });
      await until(() => live.counts.length === NOTIFICATIONS_KEPT + 1);
      expect(live.counts.at(-1)).toBe(NOTIFICATIONS_KEPT);
      const rows = await db
        .selectFrom("notifications")
        .select(["text", "read_at"])
        .where("user_id", "=", tutor.id)
        .orderBy("id")
        .execute();
      expect(rows).toHaveLength(NOTIFICATIONS_KEPT);
      expect(rows[0]?.text).toBe("Note 1");
      expect(rows.at(-1)?.text).toBe("Note over the limit");

      // Read ones trimmed do not lower the count: all read, then a new note is the only unread one.
      await db.updateTable("notifications").set({ read_at: new Date() }).where("user_id", "=", tutor.id).execute();
      await notify(to, { text: "After reading everything" });
      await until(() => live.counts.length === NOTIFICATIONS_KEPT + 2);
      expect(live.counts.at(-1)).toBe(1);
    } finally {
      await live.stop();
    }
  });
});

let nextEventId = 9_500_000_000 + Math.floor(Math.random() * 400_000_000);

/** Every statement the pool ran while `work` did, BEGIN and COMMIT included. */
async function everyStatementDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = listenToQueries((event) => {
    seen.push(event.query.sql);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}

const notCentreRead = (text: string) => !/^\s*select\b[\s\S]*from "centres"/i.test(text);

function notesOf(userId: string, text: string) {
  return db.selectFrom("notifications").select("id").where("user_id", "=", userId).where("text", "=", text).execute();
}

describe("an event handler's note", () => {
  const onceFor = (handler: string) => ({
    event: { id: String(nextEventId++), type: "export.requested", centreId: centre.id } as unknown as DomainEvent,
    handler,
  });

  test("its exactly-once claim is part of the note's one statement, with no transaction; a second run writes and pushes nothing", async () => {
    const student = centre.people.student;
    const to = { centreId: centre.id, userId: student.id };
    const once = onceFor("unit.note-once");
    const text = `Once ${crypto.randomUUID()}`;
    const live = await pushedCounts(student.id);
    try {
      const first = await everyStatementDuring(async () => expect(await notify(to, { text }, once)).toBe(true));
      expect(first.filter(notCentreRead)).toHaveLength(1);
      expect(first[0]).toMatch(
        /insert into handled_events[\s\S]*insert into notifications[\s\S]*delete from notifications/,
      );
      await until(() => live.counts.length === 1);
      const again = await everyStatementDuring(async () => expect(await notify(to, { text }, once)).toBe(false));
      expect(again.filter(notCentreRead)).toHaveLength(1);
      await Bun.sleep(100);
      expect(live.counts).toHaveLength(1);
    } finally {
      await live.stop();
    }
    expect(await notesOf(student.id, text)).toHaveLength(1);
    const record = await db
      .selectFrom("handled_events")
      .select("handler")
      .where("event_id", "=", once.event.id)
      .execute();
    expect(record).toEqual([{ handler: "unit.note-once" }]);
  });

  test("run at once by several workers, it is added once", async () => {
    const to = { centreId: centre.id, userId: centre.people.tutor.id };
    const once = onceFor("unit.note-race");
    const text = `Race ${crypto.randomUUID()}`;
    const results = await Promise.all([1, 2, 3].map(() => notify(to, { text }, once)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await notesOf(centre.people.tutor.id, text)).toHaveLength(1);
  });

  test("with an email beside it, one transaction; when the email fails, the note and its claim roll back", async () => {
    const to = { centreId: centre.id, userId: centre.people.parent.id };
    const once = onceFor("unit.note-alongside");
    const text = `Alongside ${crypto.randomUUID()}`;
    const failing = notify(to, { text }, once, async () => {
      throw new Error("email failed");
    });
    await expect(failing).rejects.toThrow("email failed");
    expect(await notesOf(to.userId, text)).toHaveLength(0);
    let alongside = 0;
    const statements = await everyStatementDuring(async () =>
      expect(
        await notify(to, { text }, once, async () => {
          alongside++;
        }),
      ).toBe(true),
    );
    expect(statements.filter(notCentreRead).map((sql) => sql.trim().split(/\s+/)[0]?.toLowerCase())).toEqual([
      "begin",
      "with",
      "commit",
    ]);
    expect(await notify(to, { text }, once, async () => void alongside++)).toBe(false);
    expect(alongside).toBe(1);
    expect(await notesOf(to.userId, text)).toHaveLength(1);
  });
});

describe("a mark's family news", () => {
  test("reads the student and their parents in one statement, each parent's email choice with their note; each is told once, as they chose", async () => {
    const here = await createCentre({ label: "family-cost" });
    const second = await addPerson(here, "parent");
    await db
      .insertInto("guardianships")
      .values({ centre_id: here.id, parent_id: second.id, student_id: here.people.student.id })
      .execute();
    await saveEmailChoices(db, here.id, second.id, { homework_marked: "digest" });
    const title = `Marked ${crypto.randomUUID().slice(0, 8)}`;
    const data: EventJobData = {
      eventId: String(nextEventId++),
      type: "submission.marked",
      centreId: here.id,
      payload: {
        submissionId: crypto.randomUUID(),
        homeworkId: crypto.randomUUID(),
        studentId: here.people.student.id,
        markerId: null,
        title,
        score: 3,
        maxScore: 4,
        correctAnswers: 0,
      },
      createdAt: new Date().toISOString(),
    } as EventJobData;
    const job = { data, attemptsStarted: 1, attemptsMade: 0, stalledCounter: 0 } as Job<EventJobData>;
    const handlers = eventHandlers();
    const statements = await statementsDuring(() => handlers.process(job));
    expect(statements.filter((text) => /guardianships/.test(text))).toHaveLength(1);
    // Each parent's note carries their email choice: no read of its own.
    const notes = statements.filter((text) => /insert into notifications/.test(text));
    expect(notes).toHaveLength(3);
    expect(notes.filter((text) => /email_preferences/.test(text))).toHaveLength(2);
    expect(statements.filter((text) => /^\s*select\b[\s\S]*email_preferences/i.test(text))).toEqual([]);
    expect(
      statements.filter((text) => /^\s*select\b[\s\S]*from "users"/i.test(text) && !/email_preferences/.test(text)),
    ).toEqual([]);
    // Again, as a retried job: nobody is told twice.
    await handlers.process({ ...job, attemptsStarted: 2, attemptsMade: 1 } as Job<EventJobData>);
    const told = await db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where("centre_id", "=", here.id)
      .where(sql<boolean>`params->>'title' = ${title}`)
      .orderBy("user_id")
      .execute();
    expect(told.map((row) => `${row.user_id}:${row.kind}`).sort()).toEqual(
      [
        `${here.people.student.id}:homework_marked_score`,
        `${here.people.parent.id}:child_homework_marked_score`,
        `${second.id}:child_homework_marked_score`,
      ].sort(),
    );
    const mails = await db
      .selectFrom("mail_messages")
      .select("recipient_id")
      .where("key", "like", `homework_marked:${data.eventId}:%`)
      .execute();
    expect(mails.map((row) => row.recipient_id)).toEqual([here.people.parent.id]);
    const lines = await db
      .selectFrom("digest_items")
      .select("user_id")
      .where("key", "like", `homework_marked:${data.eventId}:%`)
      .execute();
    expect(lines.map((row) => row.user_id)).toEqual([second.id]);
  });
});
