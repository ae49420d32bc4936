import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import type { Actor } from "../../platform/principal";
import { updateTenant } from "../../platform/tenancy";
import { emailPerPreference } from "../notifications";
import { messageReceivedMail } from "./mail";
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

/**
 * Inside the posting transaction: the emails exist if and only if the message does. A thread has
 * a parent or two and a few staff, so the fan-out is small enough to do here rather than in an
 * event handler. Each person's email settings for "message" decide: at once, digest, or nothing.
 */
export async function nudgeParticipants(
  trx: Kysely<Database>,
  actor: Actor,
  thread: ThreadRecord,
  messageId: string,
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
  const params = { from: actor.name, student: thread.studentName, threadId: thread.id };
  for (const userId of userIds)
    await emailPerPreference(trx, {
      centreId: actor.centreId,
      userId,
      kind: "message",
      key: `message:${thread.id}:${messageId}:${userId}`,
      line: {
        kind: "message_received",
        params: { from: actor.name, student: thread.studentName },
        link: `/messages/${thread.id}`,
      },
      template: messageReceivedMail,
      params,
    });
  return userIds;
}
