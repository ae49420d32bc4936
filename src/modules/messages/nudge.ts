import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import type { Actor } from "../../platform/principal";
import { updateTenant } from "../../platform/tenancy";
import type { ParticipantRecord, ThreadRecord } from "./queries";

type Recipient = Pick<ParticipantRecord, "userId" | "lastReadAt" | "nudgedAt">;

/**
 * One nudge per unread stretch: someone is emailed about a thread when they have read it since
 * their last nudge (or were never nudged). Ten quick replies make one email, not ten; reading the
 * thread arms the next one. A per-hour key would still mail a person who never reads every hour.
 */
export function wantsNudge(recipient: Recipient): boolean {
  if (recipient.nudgedAt === null) return true;
  return recipient.lastReadAt !== null && recipient.lastReadAt >= recipient.nudgedAt;
}

/** Inside the posting transaction: the nudges exist if and only if the message does. */
export async function nudgeParticipants(
  trx: Kysely<Database>,
  actor: Actor,
  thread: ThreadRecord,
  recipients: readonly Recipient[],
): Promise<string[]> {
  const due = recipients.filter((recipient) => recipient.userId !== actor.userId && wantsNudge(recipient));
  if (due.length === 0) return [];
  const userIds = due.map((recipient) => recipient.userId);
  await updateTenant(trx, "message_participants", actor.centreId)
    .set({ nudged_at: sql<Date>`now()` })
    .where("thread_id", "=", thread.id)
    .where("user_id", "in", userIds)
    .execute();
  return userIds;
}
