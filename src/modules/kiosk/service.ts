import { config } from "../../config";
import { recordAudit } from "../../platform/audit";
import { dayBounds, localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { AppError, NotFoundError, TooManyRequestsError } from "../../platform/errors";
import { formatTime, t } from "../../platform/i18n";
import { endLiveStreams, streamCredential } from "../../platform/live/ends";
import type { Actor, AuditRequest, CentreContext, KioskPrincipal } from "../../platform/principal";
import { peekRateLimit, recordRateHit } from "../../platform/rate-limit";
import { redis } from "../../platform/redis";
import { enrolKioskDevice, revokeKioskDevice } from "../../platform/session/kiosk-devices";
import type { CentreId } from "../../platform/tenancy";
import { SignInError, verifyStudentPin } from "../auth";
import { centreById } from "../centres";
import { attendanceForStudent, publishAttendanceRow, recordAttendance } from "../classes";
import { consentAllowsSignIn, personById } from "../people";
import { verifyBadge } from "./badge";
import { assertCurrentBadge } from "./badges";
import { publishBoard } from "./board";
import { arrivalStatus, checkInWindow } from "./check-in";
import { endKioskHomework } from "./homework-session";
import { endKioskStudent, type KioskStudent } from "./student-session";

/** A badge the kiosk cannot accept: one message whatever was wrong with it. */
export class BadgeError extends AppError {
  constructor() {
    super(401, t("kiosk.badgeNotRecognised"));
  }
}

function auditBase(actor: Actor) {
  return { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
}

/** A centre admin enrols a device; the pairing code is shown once and only its hash is kept. */
export async function enrolKiosk(actor: Actor, name: string) {
  return db.transaction().execute(async (trx) => {
    const enrolled = await enrolKioskDevice(actor.centreId, name, actor.userId, trx);
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "kiosk.enrol",
      target: { type: "kiosk", id: enrolled.id },
      after: { name },
    });
    return enrolled;
  });
}

/** Revocation is checked on the device's every request, so its next one is refused; its live stream ends at once. */
export async function revokeKiosk(actor: Actor, kioskId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await revokeKioskDevice(actor.centreId, kioskId, trx))) {
      throw new NotFoundError(t("kiosk.notFoundOrRevoked"));
    }
    await recordAudit(trx, { ...auditBase(actor), action: "kiosk.revoke", target: { type: "kiosk", id: kioskId } });
  });
  await endKioskStudent(kioskId);
  await endKioskHomework(kioskId);
  // Its open board stream (on whichever web process) ends now, not at its next request.
  await endLiveStreams(redis, [streamCredential.kiosk(kioskId)]);
}

const seenKey = (kioskId: string) => `aetherlearn:kiosk-seen:${kioskId}`;

/** Remembers when a device last asked for its screen (for the admin list); kept 90 days. */
export async function touchKiosk(kioskId: string, now = new Date()): Promise<void> {
  await redis.set(seenKey(kioskId), now.toISOString(), "EX", 90 * 24 * 3600);
}

export async function lastSeen(kioskIds: string[]): Promise<(Date | null)[]> {
  if (kioskIds.length === 0) return [];
  const values = await redis.mget(kioskIds.map(seenKey));
  return values.map((value) => (value ? new Date(value) : null));
}

export type Identified =
  | { kind: "student"; student: { id: string; name: string } }
  | { kind: "waiting_for_consent"; name: string };

/** An enrolled device and the centre it stands in, as the guard resolved them for the request. */
export interface KioskAt {
  kiosk: KioskPrincipal;
  centre: CentreContext;
}

/** Under-13s need a parent's consent before they use AetherLearn at all, kiosk included. */
async function consentGate(
  centreId: CentreId,
  student: { id: string; name: string; dateOfBirthSealed: string | null },
  timeZone: string,
): Promise<Identified> {
  const allowed = await consentAllowsSignIn(centreId, student, localDate(new Date(), timeZone));
  return allowed
    ? { kind: "student", student: { id: student.id, name: student.name } }
    : { kind: "waiting_for_consent", name: student.name };
}

const WRONG_PIN_WINDOW_MS = 3600_000;

/**
 * Wrong PINs one kiosk takes per hour, across all students: each student's own budget stops
 * guessing at one PIN, this stops one device from guessing a little at everyone's. A badge
 * still works when it is spent.
 */
async function withinDeviceGuessBudget<T>(kioskId: string, check: () => Promise<T>): Promise<T> {
  const limit = config.RATE_LIMIT_KIOSK_WRONG_PINS_PER_HOUR;
  const budget = await peekRateLimit(redis, "kiosk-wrong-pin", kioskId, limit, WRONG_PIN_WINDOW_MS);
  if (!budget.allowed) throw new TooManyRequestsError(budget.retryAfterSeconds, t("kiosk.error.deviceGuesses"));
  try {
    return await check();
  } catch (error) {
    if (error instanceof SignInError) await recordRateHit(redis, "kiosk-wrong-pin", kioskId, WRONG_PIN_WINDOW_MS);
    throw error;
  }
}

/** Student code + PIN, with the same lockout as the sign-in page (a SignInError when wrong). */
export async function identifyByPin(
  { kiosk, centre }: KioskAt,
  input: { studentCode: string; pin: string },
  request: AuditRequest,
): Promise<Identified> {
  // The sign-in check takes the centre as the sign-in page finds it (by slug), slug included.
  const summary = await centreById(db, kiosk.centreId);
  if (!summary) throw new NotFoundError(t("kiosk.centreGone"));
  const { candidate } = await withinDeviceGuessBudget(kiosk.kioskId, () =>
    verifyStudentPin(summary, input, request, "kiosk"),
  );
  return consentGate(kiosk.centreId, candidate, centre.timeZone);
}

/**
 * A tapped picture + PIN: the student's own code is looked up and checked exactly as if typed,
 * so the PIN budget, lock and audit are the same. A student of another centre is not found.
 */
export async function identifyByPicture(
  at: KioskAt,
  input: { studentId: string; pin: string },
  request: AuditRequest,
): Promise<Identified> {
  const person = await personById(db, at.kiosk.centreId, input.studentId);
  if (person?.role !== "student" || person.status !== "active" || !person.studentCode) {
    throw new NotFoundError(t("kiosk.studentNotFound"));
  }
  return identifyByPin(at, { studentCode: person.studentCode, pin: input.pin }, request);
}

/** A printed badge's signed token, typed in by the kiosk's barcode scanner. */
export async function identifyByBadge({ kiosk, centre }: KioskAt, token: string): Promise<Identified> {
  const scanned = verifyBadge(token);
  const person = scanned ? await personById(db, kiosk.centreId, scanned.studentId) : undefined;
  if (!scanned || person?.role !== "student" || person.status !== "active") throw new BadgeError();
  // A replaced or cancelled card is refused; a PIN lock is not checked, so a locked student still checks in.
  await assertCurrentBadge(kiosk.centreId, scanned);
  return consentGate(kiosk.centreId, person, centre.timeZone);
}

/** Longer than any session a class is scheduled for (ten hours at most, see classes/forms.ts). */
const LONGEST_SESSION_MS = 24 * 3_600_000;

/**
 * Checks an arriving student in to every session of theirs open now (see check-in.ts); already
 * marked sessions keep their mark. Each new mark is pushed live to the session's register and
 * to the centre's attendance board.
 */
export async function checkInArrival(
  { kiosk, centre }: KioskAt,
  student: { id: string; name: string },
  method: "kiosk" | "qr",
  request: AuditRequest,
  now = new Date(),
): Promise<KioskStudent> {
  const { timeZone } = centre;
  // Today's sessions, and any that began before midnight and still run: an evening class that
  // crosses midnight is still open to check in to at ten past.
  const { to } = dayBounds(localDate(now, timeZone), timeZone);
  const sessions = await attendanceForStudent(kiosk.centreId, student.id, {
    from: new Date(now.getTime() - LONGEST_SESSION_MS),
    to,
  });
  const recorder = { kioskId: kiosk.kioskId, centreId: kiosk.centreId, request };
  const arrival: KioskStudent = { studentId: student.id, name: student.name, checkedIn: [], later: [] };
  for (const session of sessions) {
    const window = checkInWindow(session, now);
    if (window === "later")
      arrival.later.push({ className: session.className, time: formatTime(session.startsAt, timeZone) });
    if (window !== "open") continue;
    if (session.status === "present" || session.status === "late") {
      arrival.checkedIn.push({ className: session.className, status: session.status });
      continue;
    }
    const status = arrivalStatus(session.startsAt, now);
    try {
      await recordAttendance(recorder, session.sessionId, student.id, status, method, now);
    } catch (error) {
      // Marked once but no longer in the class: nothing to check in to.
      if (error instanceof NotFoundError) continue;
      throw error;
    }
    await publishAttendanceRow(centre, session.sessionId, student.id);
    arrival.checkedIn.push({ className: session.className, status });
  }
  if (arrival.checkedIn.length > 0) await publishBoard(centre, now);
  return arrival;
}
