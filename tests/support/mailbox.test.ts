import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { linksIn, type RunningSmtpSink, startSmtpSink } from "./mailbox";
import { decodeWords, parseMessage, parseStructured } from "./mime";

/** The message exactly as nodemailer writes it to an SMTP server. */
async function composed(options: Mail.Options): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await transport.sendMail({
    from: "AetherLearn <no-reply@aetherlearn.test>",
    to: "a@example.org",
    ...options,
  });
  return info.message as Buffer;
}

const ARABIC = "مرحبا بكم في مركز النور للتعليم — الواجب المنزلي جاهز";
const LONG_LINE = `${"Ünïcödé and = signs, ".repeat(12)}end.`;

describe("the MIME reader reads what nodemailer writes", () => {
  test("multipart/alternative: the text and the HTML part, quoted-printable, with encoded-word headers", async () => {
    const raw = await composed({
      subject: `Homework marked: ${ARABIC} 🎉`,
      text: `Hello Maria,\n\n${LONG_LINE}\n\nOpen it: https://app.example.org/homework/1?a=1&b=2.\n`,
      html: `<p>Hello Maria,</p><p>${LONG_LINE}</p><p><a href="https://app.example.org/homework/1?a=1&amp;b=2">Open</a></p>`,
      headers: { "List-Unsubscribe": "<https://app.example.org/unsubscribe/tok>" },
    });
    const text = raw.toString("latin1");
    expect(text).toContain("multipart/alternative");
    expect(text).toContain("=?UTF-8?");
    expect(text).toMatch(/Content-Transfer-Encoding: quoted-printable/i);

    const mail = parseMessage(raw);
    expect(mail.headers.subject).toBe(`Homework marked: ${ARABIC} 🎉`);
    expect(mail.headers["list-unsubscribe"]).toBe("<https://app.example.org/unsubscribe/tok>");
    expect(mail.text).toBe(
      `Hello Maria,\r\n\r\n${LONG_LINE}\r\n\r\nOpen it: https://app.example.org/homework/1?a=1&b=2.\r\n`,
    );
    expect(mail.html).toContain(`<p>${LONG_LINE}</p>`);
    expect(linksIn(mail)).toEqual(["https://app.example.org/homework/1?a=1&b=2"]);
    expect(mail.attachments).toEqual([]);
  });

  test("base64 parts in another charset, a text-only message, and an attachment kept apart", async () => {
    const base64 = parseMessage(
      await composed({
        subject: "Año",
        text: "Señora García — ¿qué tal?",
        html: "<b>Señora</b>",
        textEncoding: "base64",
      }),
    );
    expect(base64.text).toBe("Señora García — ¿qué tal?");
    expect(base64.html).toBe("<b>Señora</b>");
    expect(base64.headers.subject).toBe("Año");

    // Written by hand: nodemailer writes UTF-8 only.
    const latin1 = parseMessage(
      Buffer.concat([
        Buffer.from('Subject: =?iso-8859-1?q?Caf=E9?=\r\nContent-Type: text/plain; charset="iso-8859-1"\r\n\r\n'),
        Buffer.from("Café", "latin1"),
      ]),
    );
    expect(latin1.headers.subject).toBe("Café");
    expect(latin1.text).toBe("Café");

    const plain = parseMessage(await composed({ subject: "plain", text: "Just text\nline two" }));
    // A single part runs to the end of the message, whose last line nodemailer ends with CRLF.
    expect(plain.text).toBe("Just text\r\nline two\r\n");
    expect(plain.html).toBe("");

    const withFile = parseMessage(
      await composed({
        subject: "report",
        text: "See attached",
        html: "<p>See attached</p>",
        attachments: [{ filename: "informe de García.pdf", content: Buffer.from([0, 1, 2, 255]) }],
      }),
    );
    expect(withFile.text).toBe("See attached");
    expect(withFile.html).toBe("<p>See attached</p>");
    expect(withFile.attachments).toHaveLength(1);
    expect(withFile.attachments[0]!.filename).toBe("informe de García.pdf");
    expect([...withFile.attachments[0]!.content]).toEqual([0, 1, 2, 255]);
  });

  test("encoded words and parameters by the RFCs' own examples", () => {
    // RFC 2047 §8.
    expect(decodeWords("(=?ISO-8859-1?Q?a?= b)")).toBe("(a b)");
    expect(decodeWords("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)")).toBe("(ab)");
    expect(decodeWords("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)")).toBe("(ab)");
    expect(decodeWords("(=?ISO-8859-1?Q?a_b?=)")).toBe("(a b)");
    expect(decodeWords("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>")).toBe(
      "Keld Jørn Simonsen <keld@dkuug.dk>",
    );
    // A UTF-8 character split across two words is joined before decoding.
    expect(decodeWords("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=")).toBe("éé");
    expect(decodeWords("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=")).toBe("é");
    // RFC 2231 §3–4.
    expect(
      parseStructured(`application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A`).params.title,
    ).toBe("This is ***fun***");
    expect(
      parseStructured(
        `message/external-body; access-type=URL; URL*0="ftp://"; URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"`,
      ).params.url,
    ).toBe("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
    expect(parseStructured(`multipart/alternative; boundary="--_a;b=c"`)).toEqual({
      value: "multipart/alternative",
      params: { boundary: "--_a;b=c" },
    });
  });
});

describe("the SMTP server keeps each message once (scripts/lib/smtp-sink.py)", () => {
  let dir: string;
  let sink: RunningSmtpSink;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "smtp-sink-"));
    sink = await startSmtpSink(dir);
  });
  afterAll(async () => {
    await sink?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("a resent Message-ID is filed under duplicates/, every transaction logged; waitForMail reads it", async () => {
    const transport = nodemailer.createTransport(sink.url);
    const to = `parent-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const send = (subject: string, messageId: string) =>
      transport.sendMail({
        from: "AetherLearn <no-reply@aetherlearn.test>",
        to,
        subject,
        text: "Hi",
        html: "<p>Hi</p>",
        messageId,
      });
    await send("First", "<one@aetherlearn.test>");
    await send("First, again", "<one@aetherlearn.test>");
    await send("Second", "<two@aetherlearn.test>");
    transport.close();

    const second = await sink.mailbox.waitForMail({ to: to.toUpperCase(), subject: /^Sec/ });
    expect(second).toMatchObject({ messageId: "<two@aetherlearn.test>", to: [to], text: "Hi", html: "<p>Hi</p>" });
    expect((await sink.mailbox.mailTo(to)).map((mail) => mail.subject)).toEqual(["First", "Second"]);
    expect(await readdir(join(dir, "duplicates"))).toHaveLength(1);
    const log = await sink.mailbox.transactions();
    expect(log.map(({ messageId, outcome }) => [messageId, outcome])).toEqual([
      ["<one@aetherlearn.test>", "delivered"],
      ["<one@aetherlearn.test>", "duplicate"],
      ["<two@aetherlearn.test>", "delivered"],
    ]);
    expect(log[1]!.file).toStartWith("duplicates/");
    await expect(sink.mailbox.waitForMail({ to, subject: "Third", timeoutMs: 200 })).rejects.toThrow(
      /No email to .* about Third within 200 ms \(received: "First", "Second"\)/,
    );
  });
});
