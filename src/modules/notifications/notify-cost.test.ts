import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
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
