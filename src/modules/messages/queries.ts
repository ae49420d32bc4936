import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { db } from "../../platform/db";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import type { Database, Role } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

export const THREADS_PAGE_SIZE = 25;
/** A thread page shows its newest messages; a conversation longer than this is rare for one student. */
export const MESSAGES_SHOWN = 500;

export interface ThreadRecord {
  id: string;
  studentId: string;
  studentName: string;
  subject: string;
  closedAt: Date | null;
  createdAt: Date;
  lastMessageAt: Date;
}

export interface ParticipantRecord {
  userId: string;
  name: string;
  role: Role;
  lastReadAt: Date | null;
  nudgedAt: Date | null;
}

export interface MessageRecord {
  id: string;
  authorId: string;
  authorName: string;
  authorRole: Role;
  body: string;
  createdAt: Date;
}

export interface ThreadSummaryRecord extends ThreadRecord {
  /** Whether the reader is in the thread and has not read its newest message. */
  unread: boolean;
}

function threads(executor: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(executor, "message_threads", centreId)
    .innerJoin("users as student", tenantJoin("student.id", "message_threads.student_id"))
    .select([
      "message_threads.id",
      "message_threads.student_id as studentId",
      "student.name as studentName",
      "message_threads.subject",
      "message_threads.closed_at as closedAt",
      "message_threads.created_at as createdAt",
      "message_threads.last_message_at as lastMessageAt",
    ]);
}

/** One thread; `lock` holds its row until the transaction ends, so a reply and a close cannot cross. */
export function threadRecord(
  executor: Kysely<Database>,
  centreId: CentreId,
  id: string,
  lock = false,
): Promise<ThreadRecord | undefined> {
  const query = threads(executor, centreId).where("message_threads.id", "=", id);
  return (lock ? query.forUpdate("message_threads") : query).executeTakeFirst();
}

export function participantsOf(
  executor: Kysely<Database>,
  centreId: CentreId,
  threadId: string,
): Promise<ParticipantRecord[]> {
  return selectFromTenant(executor, "message_participants", centreId)
    .innerJoin("users", tenantJoin("users.id", "message_participants.user_id"))
    .where("message_participants.thread_id", "=", threadId)
    .select([
      "message_participants.user_id as userId",
      "users.name",
      "users.role",
      "message_participants.last_read_at as lastReadAt",
      "message_participants.nudged_at as nudgedAt",
    ])
    .orderBy("message_participants.joined_at")
    .execute();
}

function messages(centreId: CentreId, threadId: string) {
  return selectFromTenant(db, "thread_messages", centreId)
    .innerJoin("users", tenantJoin("users.id", "thread_messages.author_id"))
    .where("thread_messages.thread_id", "=", threadId)
    .select([
      "thread_messages.id",
      "thread_messages.author_id as authorId",
      "users.name as authorName",
      "users.role as authorRole",
      "thread_messages.body",
      "thread_messages.created_at as createdAt",
    ]);
}

/** The thread's messages, oldest first (the newest MESSAGES_SHOWN of them). */
export async function messagesOf(centreId: CentreId, threadId: string): Promise<MessageRecord[]> {
  const rows = await messages(centreId, threadId).orderBy("thread_messages.id", "desc").limit(MESSAGES_SHOWN).execute();
  return rows.reverse();
}

/** One message of the thread (what a live push asks a page to fetch). */
export function messageOf(centreId: CentreId, threadId: string, messageId: string): Promise<MessageRecord | undefined> {
  return messages(centreId, threadId).where("thread_messages.id", "=", messageId).executeTakeFirst();
}

/** Whether the reader has not read the thread's newest message; false when they are not in it. */
const unreadFor = (userId: string) =>
  sql<boolean>`exists (select 1 from message_participants p
     where p.centre_id = message_threads.centre_id and p.thread_id = message_threads.id
       and p.user_id = ${userId}
       and (p.last_read_at is null or p.last_read_at < message_threads.last_message_at))`;

const THREAD_KEY: KeyPart[] = [
  { column: "message_threads.last_message_at", kind: "time" },
  { column: "message_threads.id", kind: "uuid" },
];

/** The sort key as text, which a page's rows carry for its links (`sortAt`). */
const sortAt = () => keyText(THREAD_KEY[0] as KeyPart).as("sortAt");

async function threadPage<DB, TB extends keyof DB>(
  query: SelectQueryBuilder<DB, TB, ThreadSummaryRecord & { sortAt: string }>,
  at: PageAt,
): Promise<KeysetPage<ThreadSummaryRecord>> {
  const page = await keysetPage(query, THREAD_KEY, (row) => [row.sortAt, row.id], at, THREADS_PAGE_SIZE, "desc");
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}

function readerThreads(centreId: CentreId, userId: string) {
  return threads(db, centreId).select([unreadFor(userId).as("unread"), sortAt()]);
}

/**
 * A person's threads, newest activity first: those they are in, and, for a tutor, those about the
 * students they teach (`students`). A page after or before a thread by keyset. The threads' ids
 * come from their owners' indexes first (the reader's participant rows, each taught student's
 * threads), then each thread and its student by key behind OFFSET 0, then the page is cut: asked
 * as an OR beside the keyset, the planner walked the centre's threads and hashed its students
 * (4,000 of each at 4,000 students, for a tutor's 40), under the custom plan as under the generic.
 */
export function threadsOfReader(
  centreId: CentreId,
  userId: string,
  students: readonly string[],
  at: PageAt,
): Promise<KeysetPage<ThreadSummaryRecord>> {
  const joined = selectFromTenant(db, "message_participants", centreId)
    .where("message_participants.user_id", "=", userId)
    .select("message_participants.thread_id as id");
  // Each taught student's threads by key: asked as one IN list, a small centre's plan read all its threads.
  const taught = sql<{ id: string }>`
    select about.id from unnest(${[...students]}::uuid[]) taught(student_id)
    cross join lateral (
      select message_threads.id from message_threads
      where message_threads.centre_id = ${centreId} and message_threads.student_id = taught.student_id
      offset 0
    ) about`;
  const own = students.length > 0 ? joined.union(taught) : joined;
  const byKey = threads(db, centreId)
    .select(["message_threads.centre_id", "message_threads.last_message_at"])
    .where("message_threads.id", "=", sql<string>`own.id`)
    .offset(0)
    .as("message_threads");
  return threadPage(
    db
      .selectFrom(own.as("own"))
      .innerJoinLateral(byKey, (join) => join.onTrue())
      .select([
        "message_threads.id",
        "message_threads.studentId",
        "message_threads.studentName",
        "message_threads.subject",
        "message_threads.closedAt",
        "message_threads.createdAt",
        "message_threads.lastMessageAt",
        unreadFor(userId).as("unread"),
        sortAt(),
      ]),
    at,
  );
}

/** Every thread of the centre, for its admins (safeguarding), newest activity first. */
export function allThreads(centreId: CentreId, userId: string, at: PageAt): Promise<KeysetPage<ThreadSummaryRecord>> {
  return threadPage(readerThreads(centreId, userId), at);
}

/** How many of the person's threads have a message they have not read (the count in the navigation). */
export async function unreadThreadCount(
  executor: Kysely<Database>,
  centreId: CentreId,
  userId: string,
): Promise<number> {
  const row = await selectFromTenant(executor, "message_participants", centreId)
    .innerJoin("message_threads", tenantJoin("message_threads.id", "message_participants.thread_id"))
    .where("message_participants.user_id", "=", userId)
    .where((eb) =>
      eb.or([
        eb("message_participants.last_read_at", "is", null),
        eb("message_participants.last_read_at", "<", eb.ref("message_threads.last_message_at")),
      ]),
    )
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
