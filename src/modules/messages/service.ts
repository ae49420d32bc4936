import { type Kysely, sql } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { type CentreId, updateTenant } from "../../platform/tenancy";
import { tutorsOf, tutorTeachesStudent } from "../classes";
import { activePeopleWithRoles, guardianPairs } from "../people";
import { isStaff, readableThread } from "./access";
import { publishNewMessage, publishReplyState, publishUnreadCount } from "./live";
import { nudgeParticipants } from "./nudge";
import type { ThreadRecord } from "./queries";

export interface NewThread {
  studentId: string;
  /** The parent staff write to; a parent writes as themselves. */
  parentId: string | null;
  subject: string;
  body: string;
}

/** Who a thread is between, checked against who looks after the student: a refused choice is a field error. */
async function threadPeople(actor: Actor, input: NewThread): Promise<{ studentName: string; addressed: string[] }> {
  const refuse = () => new ValidationError({ about: t("messages.error.notYours") });
  const pairs = await guardianPairs(db, actor.centreId, [input.studentId]);
  const studentName = pairs[0]?.studentName;
  if (actor.role === "parent") {
    if (!studentName || !pairs.some((pair) => pair.parentId === actor.userId)) throw refuse();
    return { studentName, addressed: await staffFor(actor.centreId, input.studentId) };
  }
  if (!isStaff(actor.role)) throw refuse();
  const teaches = actor.role !== "tutor" || (await tutorTeachesStudent(actor.centreId, actor.userId, input.studentId));
  if (!studentName || !teaches || !pairs.some((pair) => pair.parentId === input.parentId)) throw refuse();
  return { studentName, addressed: [input.parentId as string] };
}

/** A parent writes to the student's tutors; when nobody teaches the student, to the centre's admins. */
async function staffFor(centreId: CentreId, studentId: string): Promise<string[]> {
  const tutors = await tutorsOf(centreId, studentId);
  if (tutors.length > 0) return tutors;
  return (await activePeopleWithRoles(db, centreId, ["centre_admin", "centre_owner"])).map((person) => person.id);
}

async function insertMessage(trx: Kysely<Database>, actor: Actor, threadId: string, body: string) {
  return trx
    .insertInto("thread_messages")
    .values({ centre_id: actor.centreId, thread_id: threadId, author_id: actor.userId, body })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

function audit(trx: Kysely<Database>, actor: Actor, action: "open" | "close" | "reopen", thread: ThreadRecord) {
  return recordAudit(trx, {
    centreId: actor.centreId,
    actor: { id: actor.userId, role: actor.role },
    action: `message.thread_${action}`,
    target: { type: "message_thread", id: thread.id },
    after: { studentId: thread.studentId, subject: thread.subject },
    request: actor.request,
  });
}

/** Opens a thread about one student with its first message; returns its id. */
export async function openThread(actor: Actor, input: NewThread): Promise<string> {
  const { studentName, addressed } = await threadPeople(actor, input);
  const others = [...new Set(addressed)].filter((userId) => userId !== actor.userId);
  const threadId = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("message_threads")
      .values({
        centre_id: actor.centreId,
        student_id: input.studentId,
        subject: input.subject,
        opened_by: actor.userId,
      })
      .returning(["id", "created_at", "last_message_at"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("message_participants")
      .values([
        { centre_id: actor.centreId, thread_id: row.id, user_id: actor.userId, last_read_at: sql<Date>`now()` },
        ...others.map((userId) => ({ centre_id: actor.centreId, thread_id: row.id, user_id: userId })),
      ])
      .execute();
    const message = await insertMessage(trx, actor, row.id, input.body);
    const thread: ThreadRecord = {
      id: row.id,
      studentId: input.studentId,
      studentName,
      subject: input.subject,
      closedAt: null,
      createdAt: row.created_at,
      lastMessageAt: row.last_message_at,
    };
    await audit(trx, actor, "open", thread);
    const recipients = others.map((userId) => ({ userId, lastReadAt: null, nudgedAt: null }));
    await nudgeParticipants(trx, actor, thread, message.id, recipients);
    return row.id;
  });
  await pushCounts(others);
  return threadId;
}

/** Adds a message to an open thread; staff who reply join the thread. */
export async function postMessage(actor: Actor, threadId: string, body: string): Promise<void> {
  const { messageId, recipients } = await db.transaction().execute(async (trx) => {
    const { thread, participants } = await readableThread(actor, threadId, trx, true);
    if (thread.closedAt) throw new ConflictError(t("messages.error.closed"));
    const message = await insertMessage(trx, actor, threadId, body);
    await updateTenant(trx, "message_threads", actor.centreId)
      .set({ last_message_at: sql<Date>`now()` })
      .where("id", "=", threadId)
      .execute();
    await trx
      .insertInto("message_participants")
      .values({ centre_id: actor.centreId, thread_id: threadId, user_id: actor.userId, last_read_at: sql<Date>`now()` })
      .onConflict((conflict) =>
        conflict.columns(["thread_id", "user_id"]).doUpdateSet({ last_read_at: sql<Date>`now()` }),
      )
      .execute();
    const others = participants.filter((participant) => participant.userId !== actor.userId);
    await nudgeParticipants(trx, actor, thread, message.id, others);
    return { messageId: message.id, recipients: others };
  });
  await publishNewMessage(threadId, messageId).catch((error) =>
    log.warn({ err: error, threadId }, "live push of a new message failed"),
  );
  await pushCounts(recipients.map((recipient) => recipient.userId));
}

/** Closing stops replies; staff in the thread or teaching the student, or a parent in it, may close it. */
export async function closeThread(actor: Actor, threadId: string): Promise<void> {
  await changeState(actor, threadId, "close");
}

/** Staff who may read a closed thread may open it again. */
export async function reopenThread(actor: Actor, threadId: string): Promise<void> {
  if (!isStaff(actor.role)) throw new ForbiddenError(t("messages.error.reopenStaff"));
  await changeState(actor, threadId, "reopen");
}

async function changeState(actor: Actor, threadId: string, change: "close" | "reopen"): Promise<void> {
  const changed = await db.transaction().execute(async (trx) => {
    const { thread } = await readableThread(actor, threadId, trx, true);
    if ((change === "close") === (thread.closedAt !== null)) return false;
    await updateTenant(trx, "message_threads", actor.centreId)
      .set(
        change === "close"
          ? { closed_at: sql<Date>`now()`, closed_by: actor.userId }
          : { closed_at: null, closed_by: null },
      )
      .where("id", "=", threadId)
      .execute();
    await audit(trx, actor, change, thread);
    return true;
  });
  if (!changed) return;
  await publishReplyState(threadId).catch((error) =>
    log.warn({ err: error, threadId }, "live push of a thread's state failed"),
  );
}

/** The reader has seen the thread up to now; only people in it keep a read mark. */
export async function markThreadRead(actor: Pick<Actor, "centreId" | "userId">, threadId: string): Promise<boolean> {
  const result = await updateTenant(db, "message_participants", actor.centreId)
    .set({ last_read_at: sql<Date>`now()` })
    .where("thread_id", "=", threadId)
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Their other windows' navigation counts follow; a lost push only delays the count to the next page. */
async function pushCounts(userIds: readonly string[]): Promise<void> {
  for (const userId of userIds)
    await publishUnreadCount(userId).catch((error) =>
      log.warn({ err: error, userId }, "live push of the unread message count failed"),
    );
}
