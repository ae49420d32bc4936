import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import type { AuditRequest, KioskPrincipal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { createSession, revokeSession, type SessionRecord } from "../../platform/session/store";

/**
 * A checked-in student's homework on the kiosk: a real student session, so the homework pages
 * work as at home, but one that the guard limits to homework, that counts only beside this
 * kiosk's own credential, and that ends after a minute without a touch (the page's timer; the
 * server's after a little more without a request), on "I'm finished",
 * when the next child checks in, or when the kiosk is revoked. One per kiosk at a time.
 */
export const KIOSK_HOMEWORK_IDLE_SECONDS = 60;
/**
 * The server's own backstop, for a page whose script never ran: a little longer than the page's
 * timer, so the page's "I'm finished" still finds its session (and its CSRF token) alive.
 */
export const KIOSK_HOMEWORK_SESSION_SECONDS = 90;

const currentKey = (kioskId: string) => `aetherlearn:kiosk-homework:${kioskId}`;

export interface HomeworkStudent {
  studentId: string;
  name: string;
  locale: string | null;
}

/** Ends the kiosk's open homework session, if any (its cookie then names nothing). */
export async function endKioskHomework(kioskId: string): Promise<void> {
  const raw = await redis.get(currentKey(kioskId));
  if (!raw) return;
  await revokeSession(redis, JSON.parse(raw) as Pick<SessionRecord, "id" | "userId">);
  await redis.del(currentKey(kioskId));
}

export async function startKioskHomework(
  kiosk: KioskPrincipal,
  student: HomeworkStudent,
  request: AuditRequest,
): Promise<SessionRecord> {
  await endKioskHomework(kiosk.kioskId);
  const session = await createSession(redis, {
    userId: student.studentId,
    centreId: kiosk.centreId,
    actingCentreId: null,
    role: "student",
    name: student.name,
    locale: student.locale,
    ip: request.ip,
    userAgent: request.userAgent ?? "",
    kioskId: kiosk.kioskId,
    idleSeconds: KIOSK_HOMEWORK_SESSION_SECONDS,
  });
  await redis.set(
    currentKey(kiosk.kioskId),
    JSON.stringify({ id: session.id, userId: session.userId }),
    "EX",
    24 * 3600,
  );
  // A sign-in like any other in the audit log, naming the kiosk it happened on.
  await recordAudit(db, {
    centreId: kiosk.centreId,
    actor: { id: student.studentId, role: "student" },
    action: "auth.sign_in",
    target: { type: "user", id: student.studentId },
    after: { kioskId: kiosk.kioskId, scope: "kiosk_homework" },
    request,
  });
  return session;
}
