import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type MailTemplate, queueMail } from "../../platform/mail";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
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
  /** Their choice for the kind, when it was read already (with the note about the same news: notify). */
  choice?: EmailChoice;
}

/**
 * How someone takes this kind of email, as SQL for one value: null unless they are active and
 * have an address (students have none), else their choice for the kind or its default. Read on
 * its own (choiceFor) or inside the statement of the note about the same news (notify).
 */
export function emailChoiceSql(centreId: string, userId: string, kind: EmailKind) {
  return sql<EmailChoice | null>`(select coalesce(p.choice, ${DEFAULT_CHOICES[kind]}) from users u
    left join email_preferences p on p.centre_id = u.centre_id and p.user_id = u.id and p.kind = ${kind}
    where u.centre_id = ${centreId} and u.id = ${userId} and u.status = 'active' and u.email_lookup is not null)`;
}

async function choiceFor(
  trx: Kysely<Database>,
  centreId: CentreId,
  userId: string,
  kind: EmailKind,
): Promise<EmailChoice> {
  const { rows } = await sql<{
    choice: EmailChoice | null;
  }>`select ${emailChoiceSql(centreId, userId, kind)} as choice`.execute(trx);
  return rows[0]?.choice ?? "off";
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
  const choice = input.choice ?? (await choiceFor(trx, centreId, input.userId, input.kind));
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
