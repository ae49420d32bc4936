import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type MailTemplate, queueMail } from "../../platform/mail";
import { type CentreId, selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { type Note, sourceText } from "./kinds";
import { DEFAULT_CHOICES, type EmailChoice, type EmailKind } from "./preferences";
import { unsubscribeUrl } from "./unsubscribe-token";

export type { EmailKind };

export interface EmailByPreference<P> {
  centreId: string;
  userId: string;
  kind: EmailKind;
  /** Unique per logical email, e.g. `announcement:${id}:${userId}`: the same key twice is one email or line. */
  key: string;
  /** The digest line: put into words in the recipient's language when the digest is composed. */
  line: Note;
  /** The email sent at once to those who chose "immediately". */
  template: MailTemplate<P>;
  params: P;
}

/**
 * How someone takes this kind of email, in one lookup: "off" unless they are active and have an
 * address (students have none), else their choice for the kind or its default.
 */
async function choiceFor(
  trx: Kysely<Database>,
  centreId: CentreId,
  userId: string,
  kind: EmailKind,
): Promise<EmailChoice> {
  const row = await selectFromTenant(trx, "users", centreId)
    .where("users.id", "=", userId)
    .where("users.status", "=", "active")
    .where("users.email_lookup", "is not", null)
    .leftJoin("email_preferences", (join) =>
      join
        .onRef("email_preferences.centre_id", "=", "users.centre_id")
        .onRef("email_preferences.user_id", "=", "users.id")
        .on("email_preferences.kind", "=", kind),
    )
    .select("email_preferences.choice")
    .executeTakeFirst();
  if (!row) return "off";
  return row.choice ?? DEFAULT_CHOICES[kind];
}

async function addToDigest(trx: Kysely<Database>, centreId: CentreId, input: EmailByPreference<unknown>) {
  const { line } = input;
  await trx
    .insertInto("digest_items")
    .values({
      centre_id: centreId,
      user_id: input.userId,
      key: input.key,
      kind: input.kind,
      note_kind: "kind" in line ? line.kind : null,
      params: "kind" in line ? sql<string>`cast(${JSON.stringify(line.params)}::text as jsonb)` : null,
      text: sourceText(line).slice(0, 500),
      link: line.link ?? null,
    })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .execute();
}

/**
 * Emails someone as they chose for this kind: queues the email now (with its unsubscribe link),
 * adds the line to their next daily digest, or does nothing. Call it inside the transaction that
 * makes the change (or an event handler's handleOnce), so the email exists if and only if the
 * change commits.
 */
export async function emailPerPreference<P>(
  trx: Kysely<Database>,
  input: EmailByPreference<P>,
): Promise<"immediate" | "digest" | "off"> {
  if (!trx.isTransaction) throw new Error("emailPerPreference must run inside the transaction that makes the change");
  const centreId = trustedCentreId(input.centreId);
  const choice = await choiceFor(trx, centreId, input.userId, input.kind);
  if (choice === "immediate") {
    await queueMail(trx, input.template, {
      key: input.key,
      centreId,
      recipientId: input.userId,
      params: input.params,
      unsubscribeUrl: unsubscribeUrl({ centreId, userId: input.userId, kind: input.kind }),
    });
  } else if (choice === "digest") {
    await addToDigest(trx, centreId, input as EmailByPreference<unknown>);
  }
  return choice;
}
