import nodemailer from "nodemailer";
import { config } from "../../config";

/** One email ready for the wire. */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Deterministic per logical email (messageIdFor), the same on every send. */
  messageId: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  /** Resolves with the server's answer once it has accepted the message. */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super("SMTP_URL is not set: mail stays queued until it is");
    this.name = "MailNotConfiguredError";
  }
}

const SECONDS = 1000;

/**
 * SMTP through nodemailer's pool: a few kept-open connections, so a batch does not pay a
 * handshake per email. Short timeouts: a server that is down fails the attempt quickly and the
 * job's back-off decides when to try again.
 */
export function smtpTransport(url: string | undefined = config.SMTP_URL, maxConnections = 4): MailTransport {
  if (!url) {
    return {
      send: () => Promise.reject(new MailNotConfiguredError()),
      close() {},
    };
  }
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections,
    connectionTimeout: 10 * SECONDS,
    greetingTimeout: 10 * SECONDS,
    socketTimeout: 30 * SECONDS,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return { response: String(info.response ?? "") };
    },
    close() {
      transporter.close();
    },
  };
}

/** MAIL_FROM's display name and address ("AetherLearn <no-reply@example.org>" or a bare address). */
export function parseSender(from: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match) return { name: (match[1] ?? "").trim(), address: (match[2] ?? "").trim() };
  return { name: "", address: from.trim() };
}
