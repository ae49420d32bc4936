import type { ProfileData } from "../../../views/profile/profile";
import { db } from "../../platform/db";
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError } from "../../platform/errors";
import { type Locale, t } from "../../platform/i18n";
import type { AuditRequest, Principal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { clearFailures, lockedForSeconds, recordFailure } from "../auth";
import { centreById } from "../centres";
import { avatarThumbnail, removeFile, uploadFileStream } from "../files";
import {
  changeOwnAvatar,
  changeOwnLocale,
  changeOwnPassword,
  changeOwnPin,
  guessWasRight,
  guessWasWrong,
  ownAccount,
  reserveGuess,
  type Self,
  toProfile,
  WrongCurrentSecretError,
} from "../people";

/** The signed-in person changing their own account; the centre is their own, not one they act in. */
export function selfOf(principal: Principal, request: AuditRequest): Self {
  if (principal.kind !== "user") throw new UnauthorizedError();
  const own = principal.session.centreId;
  return {
    userId: principal.userId,
    role: principal.role,
    ownCentreId: own ? trustedCentreId(own) : null,
    sessionId: principal.session.id,
    request,
  };
}

async function nameOfCentre(id: string | null): Promise<string | null> {
  return id ? ((await centreById(db, id))?.name ?? null) : null;
}

export async function profileOf(
  self: Self,
  actingCentreId: string | null,
  centreLocale: Locale | null,
): Promise<ProfileData> {
  const [person, centreName, actingCentreName] = await Promise.all([
    ownAccount(db, self.ownCentreId, self.userId),
    nameOfCentre(self.ownCentreId),
    nameOfCentre(actingCentreId),
  ]);
  if (!person) throw new NotFoundError(t("profile.error.accountNotFound"));
  const avatar = self.ownCentreId ? await avatarThumbnail(self.ownCentreId, person.avatarFileId) : null;
  return { person: toProfile(person), centreName, actingCentreName, centreLocale, avatar };
}

/**
 * Guessing the current secret from a stolen session is slowed down like guessing it at sign-in:
 * after a few wrong tries the change is refused for a while.
 */
async function withGuessingLimit(self: Self, change: () => Promise<void>): Promise<void> {
  const account = `profile:${self.userId}`;
  const seconds = await lockedForSeconds(redis, account);
  if (seconds > 0) {
    throw new TooManyRequestsError(seconds, t("profile.error.tooManyAttempts", { minutes: Math.ceil(seconds / 60) }));
  }
  try {
    await change();
  } catch (error) {
    if (error instanceof WrongCurrentSecretError) await recordFailure(redis, account);
    throw error;
  }
  await clearFailures(redis, account);
}

/** One's own language, or null for the centre's; applied to every device they are signed in on. */
export function changeLanguage(self: Self, locale: Locale | null): Promise<boolean> {
  return changeOwnLocale(self, locale);
}

export function changePassword(self: Self, current: string, next: string): Promise<void> {
  return withGuessingLimit(self, () => changeOwnPassword(self, current, next));
}

/**
 * A student's current PIN typed here is one more guess at it: it draws on the same PIN budget as
 * sign-in and the kiosk, so a stolen session cannot be used to guess it freely.
 */
export async function changePin(self: Self, current: string, next: string): Promise<void> {
  if (self.role !== "student" || !self.ownCentreId) return changeOwnPin(self, current, next);
  const guesser = { path: "profile" as const, request: self.request };
  const slot = await reserveGuess(self.ownCentreId, self.userId, guesser);
  try {
    await changeOwnPin(self, current, next);
  } catch (error) {
    if (error instanceof WrongCurrentSecretError) await guessWasWrong(slot, guesser);
    else await guessWasRight(slot);
    throw error;
  }
  await guessWasRight(slot);
}

/** A new picture of yourself, streamed to storage; the one it replaces is removed. */
export async function changeAvatar(self: Self, file: { name: string; body: ReadableStream<Uint8Array> }) {
  if (!self.ownCentreId) throw new ForbiddenError(t("common.error.noCentre"));
  const centreId = self.ownCentreId;
  const stored = await uploadFileStream({
    centreId,
    ownerId: self.userId,
    kind: "avatar",
    originalName: file.name,
    body: file.body,
  });
  const replaced = await changeOwnAvatar(self, stored.id);
  if (replaced) await removeFile({ centreId, fileId: replaced });
}
