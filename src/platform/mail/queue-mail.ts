import type { Kysely } from "kysely";
import { config } from "../../config";
import { decryptField, encryptField, fieldOf, MAIL_PARAMS } from "../crypto";
import type { Database } from "../db/schema";
import { publishEventsWith } from "../events";
import type { MailTemplate } from "./template";

export interface MailToQueue<Params> {
  /**
   * The one logical email, e.g. `invitation:${tokenHash}` or `digest:${userId}:${day}`: queueing
   * the same key again does nothing, and it is sent once however often its job runs.
   */
  key: string;
  centreId: string | null;
  /** users.id: the worker opens the address only when it composes the email. */
  recipientId: string;
  /** Kept encrypted until the email is sent (it may hold a one-time link), then cleared. */
  params: Params;
  /** Notification emails: the one-click unsubscribe address (List-Unsubscribe and the footer). */
  unsubscribeUrl?: string;
}

/** The Message-ID every send of one email carries, so a mailbox that got it already keeps one copy. */
export function messageIdFor(mailId: string): string {
  const host = new URL(config.PUBLIC_URL).hostname || "aetherlearn.local";
  return `<${mailId}@${host}>`;
}

export function sealMailParams(mailId: string, params: unknown): string {
  return encryptField(JSON.stringify(params), fieldOf(MAIL_PARAMS, mailId));
}

export function openMailParams(mailId: string, sealed: string): unknown {
  return JSON.parse(decryptField(sealed, fieldOf(MAIL_PARAMS, mailId)));
}

/**
 * Queues an email inside the transaction that makes the change: it exists if and only if the
 * change commits, and the outbox hands it to the mail queue after the commit (mail.queued).
 * Returns whether it is new (false: this key was queued before, and nothing more happens).
 */
export async function queueMail<Params>(
  trx: Kysely<Database>,
  template: MailTemplate<Params>,
  mail: MailToQueue<Params>,
): Promise<{ queued: boolean }> {
  if (!trx.isTransaction) throw new Error("queueMail must run inside the transaction that makes the change");
  const id = crypto.randomUUID();
  const insert = trx
    .insertInto("mail_messages")
    .values({
      id,
      key: mail.key,
      centre_id: mail.centreId,
      recipient_id: mail.recipientId,
      template: template.name,
      params_encrypted: sealMailParams(id, mail.params),
      unsubscribe_url: mail.unsubscribeUrl ?? null,
      message_id: messageIdFor(id),
    })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .returning("id");
  // The row and its mail.queued event in one statement: no event when the key was queued before.
  const row = await publishEventsWith(trx, insert, [
    { type: "mail.queued", centreId: mail.centreId, payload: { mailId: id } },
  ]);
  return { queued: row !== undefined };
}
