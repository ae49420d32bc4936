import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { mailTemplate, queueMail } from "../../platform/mail";
import { mailTemplates } from "../../registry";
import { TEMPLATE_LABELS } from "./present";

const app = createApp();
const note = mailTemplate<{ n: number }>("test.log-note", () => ({ subject: "s", paragraphs: ["p"] }));
let centre: Centre;
let other: Centre;

async function queued(centreOf: Centre, recipientId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await queueMail(trx, note, {
      key: `log:${crypto.randomUUID()}`,
      centreId: centreOf.id,
      recipientId,
      params: { n: 1 },
    });
    const row = await trx
      .selectFrom("mail_messages")
      .select("id")
      .where("recipient_id", "=", recipientId)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "maillog" }), createCentre({ label: "maillog-other" })]);
  const sent = await queued(centre, centre.people.parent.id);
  await db.updateTable("mail_messages").set({ status: "sent", sent_at: new Date() }).where("id", "=", sent).execute();
  const failed = await queued(centre, centre.people.tutor.id);
  await db
    .updateTable("mail_messages")
    .set({ status: "failed", attempts: 12, last_error: "connect ECONNREFUSED 127.0.0.1:25" })
    .where("id", "=", failed)
    .execute();
  await queued(other, other.people.parent.id);
});

describe("the sent-email log", () => {
  test("an admin sees their centre's emails, who they went to and what failed, and nothing of another centre", async () => {
    const response = await send(app, "GET", "/admin/mail", await signedInAs(centre.people.centre_admin));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(centre.people.parent.name);
    expect(html).toContain(centre.people.tutor.name);
    expect(html).not.toContain(other.people.parent.name);
    expect(html).toContain("Gave up after the last attempt: connect ECONNREFUSED 127.0.0.1:25");
    expect(html).toContain("12 attempts");
    expect(html).toContain("1 email could not be delivered");
    // Addresses are never shown.
    expect(html).not.toContain(centre.people.parent.email);
  });

  test("the status filter narrows the list, and an unknown status is a clear 4xx", async () => {
    const who = await signedInAs(centre.people.centre_owner);
    const failedOnly = await (await send(app, "GET", "/admin/mail?status=failed", who)).text();
    expect(failedOnly).toContain(centre.people.tutor.name);
    expect(failedOnly).not.toContain(`<td>${centre.people.parent.name}</td>`);
    const bad = await send(app, "GET", "/admin/mail?status=lost", who);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose a status from the list.");
  });

  test("tutors and parents may not read it", async () => {
    for (const person of [centre.people.tutor, centre.people.parent]) {
      const response = await send(app, "GET", "/admin/mail", await signedInAs(person));
      expect(response.status).toBe(403);
    }
  });

  test("every email the app sends has a name in the log", () => {
    const unnamed = mailTemplates()
      .names()
      .filter((name) => !TEMPLATE_LABELS[name]);
    expect(unnamed).toEqual([]);
  });
});
