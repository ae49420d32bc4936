import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { freePort, waitFor } from "../../../tests/support/processes";
import { renderMail } from "../../../views/emails/mail";
import { mailRecipientOf } from "../../modules/people";
import { db } from "../db";
import { statementsDuring } from "../db/instrumented-dialect";
import { withLocalisation } from "../i18n";
import { MailTemplates, mailTemplate, queueMail, sendQueuedMail, smtpTransport } from ".";

const ROOT = join(import.meta.dir, "../../..");
const SINK = join(ROOT, "scripts/lib/smtp-sink.py");

/** A template of the test's own, with a link in its parameters like an invitation's. */
const greeting = mailTemplate<{ link: string }>("test.greeting", (params, recipient) => ({
  subject: `Hello from ${recipient.centreName}`,
  greeting: `Hello ${recipient.name},`,
  paragraphs: ["Something happened that you wanted to hear about."],
  action: { label: "Open it", url: params.link },
  footnote: "This link works for 30 minutes.",
}));
const templates = new MailTemplates([greeting]);

let centre: Centre;
let sinkDir: string;
let sink: Subprocess;
let port: number;

beforeAll(async () => {
  centre = await createCentre({ label: "mail" });
  sinkDir = join(tmpdir(), `mail-sink-${crypto.randomUUID()}`);
  port = freePort();
  const started = spawn(["/usr/bin/python3", SINK, "--port", String(port), "--dir", sinkDir], {
    stdout: "pipe",
    stderr: "inherit",
  });
  sink = started;
  const reader = started.stdout.getReader();
  const { value } = await reader.read();
  expect(new TextDecoder().decode(value)).toContain("listening");
});

afterAll(() => {
  sink.kill();
});

function received(): string[] {
  return readdirSync(sinkDir)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => readFileSync(join(sinkDir, name), "utf8"));
}

function receivedFor(address: string): string[] {
  return received().filter((mail) => mail.includes(`X-Envelope-To: ${address}`));
}

async function queueGreeting(recipientId: string, key = `test:${crypto.randomUUID()}`, unsubscribeUrl?: string) {
  return db.transaction().execute(async (trx) => {
    const first = await queueMail(trx, greeting, {
      key,
      centreId: centre.id,
      recipientId,
      params: { link: "https://learn.example.org/reset/abc123" },
      unsubscribeUrl,
    });
    const row = await trx.selectFrom("mail_messages").selectAll().where("key", "=", key).executeTakeFirstOrThrow();
    return { first, row };
  });
}

const parts = () => ({ templates, findRecipient: mailRecipientOf, render: renderMail });

describe("mail", () => {
  test("one key is one email: queueing it again adds nothing, and its parameters are sealed", async () => {
    const key = `test:${crypto.randomUUID()}`;
    const { first, row } = await queueGreeting(centre.people.parent.id, key);
    const again = await queueGreeting(centre.people.parent.id, key);
    expect(first.queued).toBe(true);
    expect(again.first.queued).toBe(false);
    expect(again.row.id).toBe(row.id);
    expect(row.status).toBe("queued");
    expect(row.params_encrypted).not.toContain("abc123");
    const events = await db
      .selectFrom("outbox_events")
      .select("payload")
      .where("type", "=", "mail.queued")
      .where("centre_id", "=", centre.id)
      .execute();
    expect(events.filter((event) => (event.payload as { mailId: string }).mailId === row.id)).toHaveLength(1);
  });

  test("an email and its mail.queued event are one statement; a key queued before writes neither", async () => {
    const key = `test:${crypto.randomUUID()}`;
    const queue = () =>
      db.transaction().execute((trx) =>
        queueMail(trx, greeting, {
          key,
          centreId: centre.id,
          recipientId: centre.people.parent.id,
          params: { link: "https://learn.example.org/reset/abc123" },
        }),
      );
    const first = await statementsDuring(async () => expect((await queue()).queued).toBe(true));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/insert into "mail_messages"[\s\S]*insert into outbox_events[\s\S]*pg_notify/);
    const again = await statementsDuring(async () => expect((await queue()).queued).toBe(false));
    expect(again).toHaveLength(1);
    const row = await db.selectFrom("mail_messages").select("id").where("key", "=", key).executeTakeFirstOrThrow();
    const events = await db
      .selectFrom("outbox_events")
      .select("payload")
      .where("type", "=", "mail.queued")
      .where("centre_id", "=", centre.id)
      .execute();
    expect(events.filter((event) => (event.payload as { mailId: string }).mailId === row.id)).toHaveLength(1);
  });

  test("a queued email reaches the SMTP server once, with both parts, the centre's name and its Message-ID", async () => {
    const parent = centre.people.parent;
    const { row } = await queueGreeting(parent.id, undefined, "https://learn.example.org/unsubscribe/t0k3n");
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      expect(await sendQueuedMail({ ...parts(), transport }, row.id, false)).toBe("sent");
      // A retried job finds it sent and sends nothing more.
      expect(await sendQueuedMail({ ...parts(), transport }, row.id, false)).toBe("sent");
    } finally {
      transport.close();
    }
    await waitFor(async () => receivedFor(parent.email).length > 0, 5000, "the email");
    const mails = receivedFor(parent.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as string;
    expect(mail).toContain(`Message-ID: ${row.message_id}`);
    expect(mail).toContain(`Subject: Hello from ${centre.name}`);
    expect(mail).toContain(`From: "${centre.name}" <no-reply@`);
    expect(mail).toContain("Content-Type: text/plain");
    expect(mail).toContain("Content-Type: text/html");
    expect(mail).toContain("List-Unsubscribe: <https://learn.example.org/unsubscribe/t0k3n>");
    expect(mail).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const stored = await db.selectFrom("mail_messages").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("sent");
    expect(stored.attempts).toBe(1);
    expect(stored.sent_at).not.toBeNull();
    // The one-time link is not kept once the email is out.
    expect(stored.params_encrypted).toBeNull();
  });

  test("a server that does not answer leaves the email queued with its error, and failed after the last attempt", async () => {
    const { row } = await queueGreeting(centre.people.tutor.id);
    const transport = smtpTransport(`smtp://127.0.0.1:${freePort()}`);
    try {
      await expect(sendQueuedMail({ ...parts(), transport }, row.id, false)).rejects.toThrow();
      let stored = await db.selectFrom("mail_messages").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
      expect(stored.status).toBe("queued");
      expect(stored.attempts).toBe(1);
      expect(stored.last_error).toContain("ECONNREFUSED");
      expect(stored.params_encrypted).not.toBeNull();
      await expect(sendQueuedMail({ ...parts(), transport }, row.id, true)).rejects.toThrow();
      stored = await db.selectFrom("mail_messages").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
      expect(stored.status).toBe("failed");
      expect(stored.attempts).toBe(2);
    } finally {
      transport.close();
    }
  });

  test("a person without an address is skipped, not retried", async () => {
    const { row } = await queueGreeting(centre.people.student.id);
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      expect(await sendQueuedMail({ ...parts(), transport }, row.id, false)).toBe("skipped");
    } finally {
      transport.close();
    }
  });

  test("the layout speaks the recipient's language and direction, in both parts", () => {
    const content = {
      subject: "s",
      paragraphs: ["<b>not markup</b>"],
      action: { label: "Abrir", url: "https://x.example/a?b=1&c=2" },
    };
    const frame = { centreName: "Centro Norte", unsubscribeUrl: "https://x.example/u" };
    const spanish = withLocalisation({ locale: "es", timeZone: "Europe/Madrid" }, () => renderMail(content, frame));
    expect(spanish.text).toContain("Enviado por AetherLearn en nombre de Centro Norte");
    expect(spanish.text).toContain("Abrir:\nhttps://x.example/a?b=1&c=2");
    expect(spanish.html).toContain('lang="es"');
    expect(spanish.html).toContain("&lt;b&gt;not markup&lt;/b&gt;");
    expect(spanish.html).toContain('href="https://x.example/a?b=1&amp;c=2"');
    const arabic = withLocalisation({ locale: "ar", timeZone: "Asia/Dubai" }, () => renderMail(content, frame));
    expect(arabic.html).toContain('dir="rtl"');
    expect(arabic.text).toContain("لإيقاف الرسائل");
  });

  test("a centre's logo heads the HTML part, from its public address; without one there is no image", () => {
    const content = { subject: "s", paragraphs: ["Hello"] };
    const logo = "https://x.example/c/north/logo?v=abcd1234";
    const withLogo = renderMail(content, { centreName: "North", centreLogoUrl: logo, unsubscribeUrl: null });
    expect(withLogo.html).toContain(`<img src="${logo}" alt="" height="40"`);
    expect(withLogo.text).not.toContain(logo);
    expect(renderMail(content, { centreName: "North", unsubscribeUrl: null }).html).not.toContain("<img");
  });
});
