import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import type { DomainEvent } from "../../platform/events/types";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { notificationEventHandlers } from "./events";
import { toNotificationItem } from "./present";
import { notificationsPage } from "./queries";
import { notify } from "./service";

const app = createApp();
const subscriber = createRedis();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "notes-es", locale: "es" });
});

afterAll(() => subscriber.disconnect());

/** A delivered outbox event, as the worker hands it to the handlers. */
function markedEvent(studentId: string, title: string): DomainEvent<"submission.marked"> {
  return {
    id: String(Date.now() * 1000 + Math.floor(Math.random() * 1000)),
    type: "submission.marked",
    centreId: centre.id,
    payload: {
      submissionId: crypto.randomUUID(),
      homeworkId: crypto.randomUUID(),
      studentId,
      markerId: null,
      title,
      score: 7.5,
      maxScore: 10,
      correctAnswers: 3,
    },
    createdAt: new Date().toISOString(),
  };
}

async function handle(event: DomainEvent): Promise<void> {
  const handler = notificationEventHandlers.find((entry) => entry.type === event.type);
  if (!handler) throw new Error(`no handler for ${event.type}`);
  await handler.handle(event);
}

describe("notifications in the reader's language", () => {
  // Failed before: the note was stored as an English sentence and shown in English on a Spanish page.
  test("a mark is stored as a kind with parameters and read in the centre's language", async () => {
    const student = centre.people.student;
    await handle(markedEvent(student.id, "Fracciones"));
    const stored = await db
      .selectFrom("notifications")
      .select(["kind", "params", "text"])
      .where("user_id", "=", student.id)
      .executeTakeFirstOrThrow();
    expect(stored.kind).toBe("homework_marked_score");
    expect(stored.params).toEqual({ title: "Fracciones", score: 7.5, maxScore: 10 });
    expect(stored.text).toBe("Your homework “Fracciones” was marked: 7.5/10.");

    const html = await (await send(app, "GET", "/notifications", await signedInAs(student))).text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain("Tus deberes «Fracciones» ya están corregidos: 7,5/10.");
    expect(html).toContain("Marcar como leída");
    expect(html).not.toContain("Your homework");
  });

  test("the same stored notification reads in each reader's language, dates through Intl", async () => {
    const { rows } = await notificationsPage(centre.id, centre.people.student.id, null);
    const [row] = rows;
    if (!row) throw new Error("no notification");
    const at = row.created_at;
    const inArabic = withLocalisation({ locale: "ar", timeZone: "Asia/Dubai" }, () => toNotificationItem(row));
    const number = new Intl.NumberFormat("ar");
    expect(inArabic.text).toBe(`تم تصحيح واجبك «Fracciones»: ${number.format(7.5)}/${number.format(10)}.`);
    const expected = new Intl.DateTimeFormat("ar", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Dubai" });
    expect(inArabic.createdLabel).toBe(expected.format(at));
    const inEnglish = withLocalisation({ locale: "en-GB", timeZone: "UTC" }, () => toNotificationItem(row));
    expect(inEnglish.text).toBe("Your homework “Fracciones” was marked: 7.5/10.");
  });

  test("a live notification is written in the recipient's own language, even in a Spanish centre", async () => {
    const parent = centre.people.parent;
    await db.updateTable("users").set({ locale: "ar" }).where("id", "=", parent.id).execute();
    const messages: string[] = [];
    await subscriber.subscribe(redisChannelOf(liveChannel.user(parent.id)));
    subscriber.on("message", (_channel: string, text: string) => messages.push(text));
    await handle({
      id: String(Date.now() * 1000 + 999),
      type: "student.pin_reset",
      centreId: centre.id,
      payload: {
        studentId: centre.people.student.id,
        studentName: "Sam",
        resetBy: "Adam",
        resetByRole: "centre_admin",
        tell: [parent.id],
      },
      createdAt: new Date().toISOString(),
    });
    const deadline = Date.now() + 10_000;
    while (!messages.some((text) => text.includes("PIN")) && Date.now() < deadline) await Bun.sleep(20);
    const pushed = messages.find((text) => text.includes("PIN")) ?? "";
    expect(pushed).toContain("أعطى Adam (مسؤول المركز) الطالب Sam رمز PIN جديدًا.");
    expect(pushed).not.toContain("gave");
  });

  test("a note written as words before kinds existed is shown as it was stored", async () => {
    const tutor = centre.people.tutor;
    await notify({ centreId: centre.id, userId: tutor.id }, { text: "Old English note" });
    const html = await (await send(app, "GET", "/notifications", await signedInAs(tutor))).text();
    expect(html).toContain("Old English note");
    expect(html).toContain("Notificaciones");
  });

  test("a malformed notification id is refused in the reader's language", async () => {
    const response = await send(app, "POST", "/notifications/abc/read", await signedInAs(centre.people.student));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("No se ha encontrado esa notificación.");
  });
});
