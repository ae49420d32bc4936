import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { updateTenant } from "../../platform/tenancy";
import { assertTeaches } from "./access";
import { type SyncResult, syncSessions } from "./generate";
import { classRecord, type SessionRecord, sessionRecord } from "./queries";

async function ownSession(actor: Actor, sessionId: string): Promise<SessionRecord> {
  const session = await sessionRecord(db, actor.centreId, sessionId);
  if (!session) throw new NotFoundError(t("classes.error.sessionNotFound"));
  assertTeaches(actor, session.tutorId, "session");
  return session;
}

/**
 * Sets a session's room (empty: the class's room) and, when the centre runs video sessions,
 * its meeting link; without the feature the link is left as it was.
 */
export async function updateSessionDetails(
  actor: Actor,
  sessionId: string,
  details: { room: string; meetingUrl: string },
): Promise<void> {
  await ownSession(actor, sessionId);
  const video = actor.centre.features.video_sessions;
  await updateTenant(db, "class_sessions", actor.centreId)
    .set(video ? { room: details.room, meeting_url: details.meetingUrl || null } : { room: details.room })
    .where("id", "=", sessionId)
    .execute();
}

async function setSessionStatus(actor: Actor, sessionId: string, status: "scheduled" | "cancelled") {
  await ownSession(actor, sessionId);
  await updateTenant(db, "class_sessions", actor.centreId).set({ status }).where("id", "=", sessionId).execute();
}

export function cancelSession(actor: Actor, sessionId: string): Promise<void> {
  return setSessionStatus(actor, sessionId, "cancelled");
}

export function restoreSession(actor: Actor, sessionId: string): Promise<void> {
  return setSessionStatus(actor, sessionId, "scheduled");
}

/** Fills a class's rolling window again (timetable.manage); running it twice changes nothing. */
export async function regenerateSessions(actor: Actor, classId: string, now = new Date()): Promise<SyncResult> {
  if (!(await classRecord(db, actor.centreId, classId))) throw new NotFoundError(t("classes.error.classNotFound"));
  return syncSessions(db, actor.centre, classId, { now });
}
