import type { Kysely } from "kysely";
import { db } from "../../platform/db";
import type { Database, Role } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { ROLE_TIER } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { classesForTutor, studentsOfClass, tutorTeachesStudent } from "../classes";
import { isGuardianOf } from "../people";
import { type ParticipantRecord, participantsOf, type ThreadRecord, threadRecord } from "./queries";

/** Who is asking: a person acting in a centre (a request's actor, or a live stream's viewer). */
export interface Reader {
  userId: string;
  role: Role;
  centreId: CentreId;
}

/** The centre's admins read every thread: every message is visible to them (safeguarding). */
export function readsEveryThread(role: Role): boolean {
  return ROLE_TIER[role] >= ROLE_TIER.centre_admin;
}

export function isStaff(role: Role): boolean {
  return ROLE_TIER[role] >= ROLE_TIER.tutor;
}

/**
 * Who may read a thread: the centre's admins; a parent in it who is still the student's parent;
 * staff in it, or who teach the student now. Never a student: there is no thread between a
 * student and an adult. Tutors of the centre who do not teach the student do not read it.
 */
export async function mayRead(reader: Reader, thread: ThreadRecord, participants: ParticipantRecord[]) {
  if (readsEveryThread(reader.role)) return true;
  const inThread = participants.some((participant) => participant.userId === reader.userId);
  if (reader.role === "parent")
    return inThread && (await isGuardianOf(db, reader.centreId, reader.userId, thread.studentId));
  if (!isStaff(reader.role)) return false;
  return inThread || (await tutorTeachesStudent(reader.centreId, reader.userId, thread.studentId));
}

export interface ReadableThread {
  thread: ThreadRecord;
  participants: ParticipantRecord[];
}

/** The thread if this reader may read it; anyone else is told it was not found, so its existence is not confirmed. */
export async function readableThread(
  reader: Reader,
  threadId: string,
  executor: Kysely<Database> = db,
  lock = false,
): Promise<ReadableThread> {
  const thread = await threadRecord(executor, reader.centreId, threadId, lock);
  if (!thread) throw new NotFoundError(t("messages.notFound"));
  const participants = await participantsOf(executor, reader.centreId, threadId);
  if (!(await mayRead(reader, thread, participants))) throw new NotFoundError(t("messages.notFound"));
  return { thread, participants };
}

/** The students a tutor teaches now, whose threads they read; none for anyone else. */
export async function taughtStudents(reader: Reader): Promise<string[]> {
  if (!isStaff(reader.role) || readsEveryThread(reader.role)) return [];
  const classes = await classesForTutor(reader.centreId, reader.userId);
  const members = await Promise.all(classes.map((found) => studentsOfClass(reader.centreId, found.id)));
  return [...new Set(members.flat().map((member) => member.id))];
}
