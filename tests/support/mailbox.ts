/**
 * What the test SMTP server received (scripts/lib/smtp-sink.py, started by scripts/test.sh with
 * its folder in MAIL_SINK_DIR). Tests find their mail by their own recipients' addresses, which
 * the fixtures make unique, so tests running side by side never read each other's mail.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { parseMessage } from "./mime";
import { freePort } from "./processes";

const ROOT = join(import.meta.dir, "../..");

export interface Mail {
  /** The .eml file, relative to the mailbox folder. */
  file: string;
  receivedAt: Date;
  messageId: string;
  /** The envelope recipients (RCPT TO), lowercased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Every header, names lowercased, encoded words decoded. */
  headers: Record<string, string>;
}

/** One line of the server's transactions.jsonl: one accepted SMTP DATA. */
export interface SmtpTransaction {
  at: string;
  messageId: string | null;
  file: string;
  outcome: "delivered" | "duplicate";
  to: string[];
}

export interface MailQuery {
  to: string;
  /** A part of the subject, or a pattern it matches. */
  subject?: string | RegExp;
  /** Only mail received at or after this moment. */
  since?: Date;
  timeoutMs?: number;
}

const parsed = new Map<string, Mail>();

async function readMail(dir: string, file: string): Promise<Mail> {
  const path = join(dir, file);
  const known = parsed.get(path);
  if (known) return known;
  const [raw, info] = await Promise.all([readFile(path), stat(path)]);
  const message = parseMessage(raw);
  const mail: Mail = {
    file,
    receivedAt: info.mtime,
    messageId: message.headers["message-id"] ?? "",
    to: (message.headers["x-envelope-to"] ?? "").split(",").flatMap((address) => {
      const trimmed = address.trim().toLowerCase();
      return trimmed ? [trimmed] : [];
    }),
    from: message.headers.from ?? "",
    subject: message.headers.subject ?? "",
    text: message.text,
    html: message.html,
    headers: message.headers,
  };
  // The server renames a message into place only when it is complete: a file never changes.
  parsed.set(path, mail);
  return mail;
}

function subjectMatches(subject: string, wanted: MailQuery["subject"]): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === "string" ? subject.includes(wanted) : wanted.test(subject);
}

export interface Mailbox {
  readonly dir: string;
  /** Every message delivered (not the duplicates) to the address, oldest first. */
  mailTo(address: string): Promise<Mail[]>;
  /** The first message to `to` matching the query, waiting for it to arrive. */
  waitForMail(query: MailQuery): Promise<Mail>;
  /** Every message in the mailbox, oldest first. */
  all(): Promise<Mail[]>;
  /** Every SMTP transaction the server accepted, duplicates included, in order. */
  transactions(): Promise<SmtpTransaction[]>;
}

/** The mailbox of the server writing to `dir` (by default the one scripts/test.sh started). */
export function mailbox(dir = process.env.MAIL_SINK_DIR): Mailbox {
  if (!dir)
    throw new Error("MAIL_SINK_DIR is not set: run the tests with ./scripts/test.sh, which starts the SMTP server");
  const all = async () => {
    const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(".eml"));
    const mails = await Promise.all(files.map((file) => readMail(dir, file)));
    return mails.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.file.localeCompare(b.file));
  };
  const mailTo = async (address: string) => {
    const wanted = address.toLowerCase();
    return (await all()).filter((mail) => mail.to.includes(wanted));
  };
  return {
    dir,
    all,
    mailTo,
    async waitForMail({ to, subject, since, timeoutMs = 10_000 }) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const candidates = (await mailTo(to)).filter((mail) => !since || mail.receivedAt >= since);
        const found = candidates.find((mail) => subjectMatches(mail.subject, subject));
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = candidates.map((mail) => JSON.stringify(mail.subject)).join(", ") || "none";
          throw new Error(
            `No email to ${to}${subject ? ` about ${subject}` : ""} within ${timeoutMs} ms (received: ${seen})`,
          );
        }
        await Bun.sleep(50);
      }
    },
    async transactions() {
      const text = await readFile(join(dir, "transactions.jsonl"), "utf8").catch(() => "");
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as SmtpTransaction);
    },
  };
}

export const mailTo = (address: string) => mailbox().mailTo(address);
export const waitForMail = (query: MailQuery) => mailbox().waitForMail(query);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

/** The links in an email: the HTML part's hrefs, then any other URL in the text part, each once. */
export function linksIn(mail: Pick<Mail, "text" | "html">): string[] {
  const hrefs = [...mail.html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((match) =>
    (match[1] ?? match[2] ?? "").replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name]!),
  );
  const inText = [...mail.text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((match) =>
    match[0].replace(/[.,;:!?]+$/, ""),
  );
  return [...new Set([...hrefs, ...inText])];
}

export interface RunningSmtpSink {
  port: number;
  url: string;
  mailbox: Mailbox;
  stop(): Promise<void>;
}

/**
 * A server of the test's own (scripts/lib/smtp-sink.py) on a free port, or on `port` — to start
 * one where a worker has been failing to connect. `replyDelayMs`: a slow server, that files each
 * message and only then waits before answering 250.
 */
export async function startSmtpSink(
  dir: string,
  { port = freePort(), replyDelayMs = 0 }: { port?: number; replyDelayMs?: number } = {},
): Promise<RunningSmtpSink> {
  const child: Subprocess<"ignore", "pipe", "inherit"> = spawn(
    [
      "/usr/bin/python3",
      join(ROOT, "scripts/lib/smtp-sink.py"),
      "--port",
      String(port),
      "--dir",
      dir,
      "--reply-delay-ms",
      String(replyDelayMs),
    ],
    { cwd: ROOT, stdin: "ignore", stdout: "pipe", stderr: "inherit" },
  );
  const reader = child.stdout.getReader();
  let said = "";
  while (!said.includes("listening")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`The SMTP server did not start on port ${port} (exit ${await child.exited})`);
    said += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mailbox: mailbox(dir),
    async stop() {
      child.kill();
      await child.exited;
    },
  };
}
