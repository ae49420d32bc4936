import { recordAudit } from "../../platform/audit";
import { localDate } from "../../platform/calendar";
import { DUMMY_PIN_HASH, pinHashIsCurrent, verifyPin } from "../../platform/crypto";
import { db } from "../../platform/db";
import { AppError, TooManyRequestsError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { AuditRequest } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { createSession, type SessionRecord } from "../../platform/session/store";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { type CentreSummary, centreBySlug } from "../centres";
import {
  consentAllowsSignIn,
  emailLookup,
  guessWasRight,
  guessWasWrong,
  recordSignIn,
  reserveGuess,
  rewritePinHash,
  type SignInCandidate,
  studentForSignIn,
  userForEmailSignIn,
} from "../people";
import { clearFailures, lockedForSeconds, recordFailure } from "./lockout";

/** Wrong credentials: one message whatever was wrong, so accounts cannot be discovered. */
export class SignInError extends AppError {
  constructor(message: string) {
    super(401, message);
  }
}

export type SignInResult =
  | { kind: "signed_in"; session: SessionRecord }
  | { kind: "waiting_for_consent"; studentName: string; centreName: string };

// Compared against when the account does not exist, so a miss takes as long as a wrong password.
const DUMMY_HASH = await Bun.password.hash("not-a-real-password", { algorithm: "bcrypt", cost: 10 });

async function verifyPassword(candidate: SignInCandidate | undefined, password: string): Promise<boolean> {
  const ok = await Bun.password.verify(password, candidate?.secretHash ?? DUMMY_HASH);
  return ok && candidate?.secretHash != null;
}

async function verifyPinOf(candidate: SignInCandidate | undefined, pin: string): Promise<boolean> {
  const ok = await verifyPin(pin, candidate?.secretHash ?? DUMMY_PIN_HASH);
  return ok && candidate?.secretHash != null;
}

async function refuse(
  centre: CentreSummary | null,
  account: string,
  method: "password" | "student_pin",
  request: AuditRequest,
  message: string,
): Promise<never> {
  const lockedFor = await recordFailure(redis, account);
  await recordAudit(db, {
    centreId: centre?.id ?? null,
    actor: { id: null, role: null },
    action: lockedFor > 0 ? "auth.lockout" : "auth.sign_in_failed",
    after: { method, lockedForSeconds: lockedFor },
    request,
  });
  throw new SignInError(message);
}

async function startSession(
  candidate: SignInCandidate,
  centreId: CentreId | null,
  request: AuditRequest,
): Promise<SessionRecord> {
  const session = await createSession(redis, {
    userId: candidate.id,
    centreId,
    actingCentreId: null,
    role: candidate.role,
    name: candidate.name,
    locale: candidate.locale,
    ip: request.ip,
    userAgent: request.userAgent ?? "",
  });
  await recordSignIn(centreId, candidate.id);
  await recordAudit(db, {
    centreId,
    actor: { id: candidate.id, role: candidate.role },
    action: "auth.sign_in",
    target: { type: "user", id: candidate.id },
    request,
  });
  return session;
}

async function ensureNotLocked(account: string): Promise<void> {
  const seconds = await lockedForSeconds(redis, account);
  if (seconds > 0) {
    throw new TooManyRequestsError(seconds, t("auth.signIn.lockedOut", { minutes: Math.ceil(seconds / 60) }));
  }
}

async function centreFor(slug: string): Promise<CentreSummary | null> {
  return (await centreBySlug(db, slug)) ?? null;
}

/** Staff and parents: centre + email + password. No centre means the platform admin. */
export async function signInWithPassword(
  input: { centreSlug: string | null; email: string; password: string },
  request: AuditRequest,
): Promise<SignInResult> {
  const centre = input.centreSlug ? await centreFor(input.centreSlug) : null;
  const lookup = emailLookup(input.email);
  const account = `email:${centre?.id ?? "platform"}:${lookup}`;
  await ensureNotLocked(account);
  const centreId = centre ? trustedCentreId(centre.id) : null;
  const candidate = input.centreSlug && !centre ? undefined : await userForEmailSignIn(db, centreId, lookup);
  const valid = await verifyPassword(candidate, input.password);
  if (!candidate || !valid || candidate.status !== "active") {
    return refuse(centre, account, "password", request, t("auth.signIn.wrongPassword"));
  }
  await clearFailures(redis, account);
  return { kind: "signed_in", session: await startSession(candidate, centreId, request) };
}

/**
 * A student code + PIN at a centre, wherever it is typed (the sign-in page or a kiosk): the
 * active student, or a SignInError. An existing student's guesses draw on their PIN budget
 * (pin-guard.ts), checked before the PIN so a locked account tells an attacker nothing; a code
 * that names nobody falls back to the short per-account back-off.
 */
export async function verifyStudentPin(
  centre: CentreSummary | null,
  input: { studentCode: string; pin: string },
  request: AuditRequest,
  path: "sign_in" | "kiosk" = "sign_in",
): Promise<{ centre: CentreSummary; candidate: SignInCandidate }> {
  const account = `student:${centre?.id ?? "none"}:${input.studentCode.toUpperCase()}`;
  const centreId = centre ? trustedCentreId(centre.id) : null;
  const candidate = centreId ? await studentForSignIn(db, centreId, input.studentCode) : undefined;
  const message = t("auth.signIn.wrongPin");
  if (!centre || !centreId || !candidate) {
    await ensureNotLocked(account);
    await verifyPinOf(undefined, input.pin);
    return refuse(centre, account, "student_pin", request, message);
  }
  const guesser = { path, request };
  const slot = await reserveGuess(centreId, candidate.id, guesser);
  if (!(await verifyPinOf(candidate, input.pin))) {
    const locked = await guessWasWrong(slot, guesser);
    await recordAudit(db, {
      centreId,
      actor: { id: null, role: null },
      action: "auth.sign_in_failed",
      target: { type: "user", id: candidate.id },
      after: { method: "student_pin", path, locked },
      request,
    });
    throw new SignInError(message);
  }
  await guessWasRight(slot);
  if (candidate.secretHash && !pinHashIsCurrent(candidate.secretHash)) {
    await rewritePinHash(centreId, candidate.id, candidate.secretHash, input.pin);
  }
  if (candidate.status !== "active") throw new SignInError(message);
  return { centre, candidate };
}

/** Students: centre + student code + PIN; under-13s need a parent's consent first. */
export async function signInStudent(
  input: { centreSlug: string; studentCode: string; pin: string },
  request: AuditRequest,
): Promise<SignInResult> {
  const { centre, candidate } = await verifyStudentPin(await centreFor(input.centreSlug), input, request);
  const centreId = trustedCentreId(centre.id);
  if (
    !(await consentAllowsSignIn(
      centreId,
      { id: candidate.id, dateOfBirthSealed: candidate.dateOfBirthSealed },
      localDate(new Date(), centre.timeZone),
    ))
  ) {
    return { kind: "waiting_for_consent", studentName: candidate.name, centreName: centre.name };
  }
  return { kind: "signed_in", session: await startSession(candidate, centreId, request) };
}
