import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import { NOTIFICATIONS_PAGE_SIZE, notificationsPage, unreadCount } from "./queries";
import { notify } from "./service";

/**
 * The notifications page (every other page view of a parent in the users scenario) reads its page
 * and the unread count in one statement (page-reads, docs/performance.md); the answers are those
 * of the page query and unreadCount apart.
 */
const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "note-list" });
  for (let n = 0; n < NOTIFICATIONS_PAGE_SIZE + 5; n++) {
    await notify({ centreId: centre.id, userId: centre.people.parent.id }, { text: `Note ${n}` });
  }
  // The oldest ten read.
  const oldest = await db
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "=", centre.people.parent.id)
    .orderBy("id")
    .limit(10)
    .execute();
  await db
    .updateTable("notifications")
    .set({ read_at: new Date() })
    .where(
      "id",
      "in",
      oldest.map((row) => row.id),
    )
    .execute();
});

describe("the notifications list", () => {
  test("the first page, the older link and the unread count, in one statement", async () => {
    const parent = centre.people.parent.id;
    let first: Awaited<ReturnType<typeof notificationsPage>> | undefined;
    const statements = await statementsDuring(async () => {
      first = await notificationsPage(centre.id, parent, null);
    });
    expect(statements).toHaveLength(1);
    expect(first?.rows.map((row) => row.text)).toEqual(
      Array.from({ length: NOTIFICATIONS_PAGE_SIZE }, (_, n) => `Note ${NOTIFICATIONS_PAGE_SIZE + 4 - n}`),
    );
    expect(first?.unread).toBe(await unreadCount(db, centre.id, parent));
    expect(first?.unread).toBe(NOTIFICATIONS_PAGE_SIZE - 5);

    const older = await notificationsPage(centre.id, parent, first?.older ?? null);
    expect(older.rows.map((row) => row.text)).toEqual(["Note 4", "Note 3", "Note 2", "Note 1", "Note 0"]);
    expect(older.older).toBeNull();
    expect(older.unread).toBe(first?.unread ?? -1);
  });

  test("past the end, or with no notifications at all: no rows, the count still right", async () => {
    const last = await notificationsPage(centre.id, centre.people.parent.id, "1");
    expect(last).toEqual({ rows: [], older: null, unread: NOTIFICATIONS_PAGE_SIZE - 5 });
    expect(await notificationsPage(centre.id, centre.people.head_tutor.id, null)).toEqual({
      rows: [],
      older: null,
      unread: 0,
    });
  });

  test("the page view sends that one statement", async () => {
    const parent = await signedInAs(centre.people.parent);
    await send(app, "GET", "/notifications", parent);
    let html = "";
    const statements = await statementsDuring(async () => {
      html = await (await send(app, "GET", "/notifications", parent)).text();
    });
    expect(statements).toHaveLength(1);
    expect(html).toContain(`id="live-notification-unread">${NOTIFICATIONS_PAGE_SIZE - 5}<`);
  });
});
