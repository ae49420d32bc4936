import type { Kysely } from "kysely";
import { config } from "../../config";
import { recordAudit } from "../../platform/audit";
import { hashPin, verifyPin } from "../../platform/crypto";
import { db } from "../../platform/db";
import { isUniqueViolation } from "../../platform/db/errors";
import type { Database, Role, TokenPurpose, UserStatus } from "../../platform/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { type Locale, t } from "../../platform/i18n";
import { queueMail } from "../../platform/mail";
import { weakPasswordReason } from "../../platform/password-strength";
import { grantableRoles, outranks } from "../../platform/permissions";
import type { Actor, AuditRequest } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { revokeOtherSessions, revokeUserSessions, updateUserSessions } from "../../platform/session/store";
import {
  type CentreId,
  deleteFromTenant,
  selectFromTenant,
  trustedCentreId,
  updateTenant,
} from "../../platform/tenancy";
import { assertLooksAfter } from "./access";
import { invitationMail, passwordResetMail } from "./mail";
import { clearPinGuesses, noteReset } from "./pin-guard";
import { acceptedPin, pinContextOf } from "./pins";
import {
  isGuardianOf,
  ownAccount,
  ownSecretHash,
  type PersonDetail,
  parentsOf,
  personById,
  tokenByHash,
} from "./queries";
import { emailLookup, sealDateOfBirth, sealEmail } from "./sensitive";
import { codePrefixOf, hashToken, INVITATION_DAYS, newStudentCode, newToken, PASSWORD_RESET_HOURS } from "./tokens";

const BCRYPT = { algorithm: "bcrypt", cost: 10 } as const;

/** Passwords: bcrypt. Student PINs are keyed hashes instead (src/platform/crypto/pin-hash.ts says why). */
export function hashSecret(secret: string): Promise<string> {
  return Bun.password.hash(secret, BCRYPT);
}

function auditBase(actor: Actor) {
  return { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
}

/** A person of this centre whom the actor outranks; anything else is refused. */
export async function manageablePerson(
  executor: Kysely<Database>,
  actor: Actor,
  userId: string,
): Promise<PersonDetail> {
  const person = await personById(executor, actor.centreId, userId);
  if (!person) throw new NotFoundError(t("people.error.notInCentre"));
  if (!outranks(actor.role, person.role)) throw new ForbiddenError(t("people.error.onlyBelow"));
  return person;
}

export interface NewLinkToken {
  centreId: CentreId;
  userId: string;
  purpose: TokenPurpose;
  hash: string;
  expiresAt: Date;
  /** Who issued it; null when the person asked for it themselves. */
  createdBy: string | null;
}

/** Keeps only the hash of a one-time link's token. */
export function insertToken(trx: Kysely<Database>, token: NewLinkToken) {
  return trx
    .insertInto("user_tokens")
    .values({
      centre_id: token.centreId,
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: token.hash,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
    })
    .execute();
}

function issuedBy(actor: Actor, userId: string, purpose: TokenPurpose, hash: string, expiresAt: Date): NewLinkToken {
  return { centreId: actor.centreId, userId, purpose, hash, expiresAt, createdBy: actor.userId };
}

export interface NewStudent {
  name: string;
  /** Typed by staff, or left out for a random, unguessable one. */
  studentCode?: string;
  dateOfBirth: string;
  pin?: string;
}

const GENERATED_CODE_ATTEMPTS = 5;

export async function createStudent(
  actor: Actor,
  input: NewStudent,
): Promise<{ id: string; pin: string; studentCode: string }> {
  const id = crypto.randomUUID();
  const pin = acceptedPin(input.pin, await pinContextOf(db, actor.centreId, { dateOfBirth: input.dateOfBirth }));
  const pinHash = hashPin(pin);
  const prefix = codePrefixOf(actor.centre.name);
  for (let attempt = 1; ; attempt++) {
    const studentCode = input.studentCode ?? newStudentCode(prefix);
    try {
      await insertStudent(actor, { id, name: input.name, studentCode, dateOfBirth: input.dateOfBirth, pinHash });
      return { id, pin, studentCode };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A generated code that happens to be taken is drawn again; a typed one is the typist's to change.
      if (input.studentCode || attempt >= GENERATED_CODE_ATTEMPTS)
        throw new ConflictError(t("people.error.codeInUse", { code: studentCode }));
    }
  }
}

async function insertStudent(
  actor: Actor,
  student: { id: string; name: string; studentCode: string; dateOfBirth: string; pinHash: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values({
        id: student.id,
        centre_id: actor.centreId,
        role: "student",
        name: student.name,
        student_code: student.studentCode,
        pin_hash: student.pinHash,
        date_of_birth_encrypted: sealDateOfBirth(student.id, student.dateOfBirth),
      })
      .execute();
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "user.create",
      target: { type: "user", id: student.id },
      after: { name: student.name, role: "student", studentCode: student.studentCode },
    });
  });
}

export const invitationLink = (token: string) => `${config.PUBLIC_URL}/invite/${token}`;
export const resetLink = (token: string) => `${config.PUBLIC_URL}/reset/${token}`;

export interface Invitation {
  name: string;
  email: string;
  role: Role;
}

export async function inviteUser(
  actor: Actor,
  input: Invitation,
): Promise<{ userId: string; link: string; expiresAt: Date }> {
  if (input.role === "student" || !grantableRoles(actor.role).includes(input.role)) {
    throw new ForbiddenError(t("people.error.inviteBelow"));
  }
  const userId = crypto.randomUUID();
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("users")
        .values({
          id: userId,
          centre_id: actor.centreId,
          role: input.role,
          name: input.name,
          email_lookup: emailLookup(input.email),
          email_encrypted: sealEmail(userId, input.email),
          status: "invited",
        })
        .execute();
      await insertToken(trx, issuedBy(actor, userId, "invitation", hash, expiresAt));
      await queueMail(trx, invitationMail, {
        key: `invitation:${hash}`,
        centreId: actor.centreId,
        recipientId: userId,
        params: { link: invitationLink(token), expiresAt: expiresAt.toISOString(), role: input.role },
      });
      await recordAudit(trx, {
        ...auditBase(actor),
        action: "user.invite",
        target: { type: "user", id: userId },
        after: { name: input.name, role: input.role },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(t("people.error.emailInUse"));
    throw error;
  }
  return { userId, link: invitationLink(token), expiresAt };
}

export async function issuePasswordReset(actor: Actor, userId: string): Promise<{ link: string; expiresAt: Date }> {
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_HOURS * 3600 * 1000);
  await db.transaction().execute(async (trx) => {
    const person = await manageablePerson(trx, actor, userId);
    if (person.role === "student") throw new ValidationError({ user: t("people.error.studentsUsePin") });
    await insertToken(trx, issuedBy(actor, userId, "password_reset", hash, expiresAt));
    await queueMail(trx, passwordResetMail, {
      key: `password-reset:${hash}`,
      centreId: actor.centreId,
      recipientId: userId,
      params: { link: resetLink(token), expiresAt: expiresAt.toISOString(), requestedBy: "centre" },
    });
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "auth.password_reset_issue",
      target: { type: "user", id: userId },
    });
  });
  return { link: resetLink(token), expiresAt };
}

export interface RedeemedToken {
  userId: string;
  centreId: string | null;
  purpose: "invitation" | "password_reset";
}

/** A token that is unknown, used or expired gets the same answer, so links cannot be probed. */
export async function validToken(token: string): Promise<RedeemedToken> {
  const record = await tokenByHash(db, hashToken(token));
  if (!record || record.usedAt || record.expiresAt.getTime() < Date.now()) {
    throw new NotFoundError(t("people.error.linkExpiredAsk"));
  }
  return { userId: record.userId, centreId: record.centreId, purpose: record.purpose };
}

export async function tokenHolderName(redeemed: RedeemedToken): Promise<string> {
  if (!redeemed.centreId) throw new NotFoundError(t("people.error.linkExpired"));
  const person = await personById(db, trustedCentreId(redeemed.centreId), redeemed.userId);
  if (!person) throw new NotFoundError(t("people.error.linkExpired"));
  return person.name;
}

/** Sets the password behind an invitation or reset link, once; activates an invited account. */
export async function redeemToken(token: string, password: string, request: AuditRequest): Promise<RedeemedToken> {
  const redeemed = await validToken(token);
  if (!redeemed.centreId) throw new NotFoundError(t("people.error.linkExpired"));
  const centreId = trustedCentreId(redeemed.centreId);
  const passwordHash = await hashSecret(password);
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable("user_tokens") // platform-wide: the token row was found by its secret hash
      .set({ used_at: new Date() })
      .where("token_hash", "=", hashToken(token))
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new NotFoundError(t("people.error.linkUsed"));
    // Any other reset link still out (an older email, one the centre issued) dies with this one.
    await updateTenant(trx, "user_tokens", centreId)
      .set({ used_at: new Date() })
      .where("user_id", "=", redeemed.userId)
      .where("purpose", "=", "password_reset")
      .where("used_at", "is", null)
      .execute();
    const changes =
      redeemed.purpose === "invitation"
        ? { password_hash: passwordHash, status: "active" as const }
        : { password_hash: passwordHash };
    await updateTenant(trx, "users", centreId)
      .set({ ...changes, updated_at: new Date() })
      .where("id", "=", redeemed.userId)
      .execute();
    await recordAudit(trx, {
      centreId,
      actor: { id: redeemed.userId, role: null },
      action: redeemed.purpose === "invitation" ? "user.update" : "auth.password_reset",
      target: { type: "user", id: redeemed.userId },
      after: redeemed.purpose === "invitation" ? { status: "active" } : undefined,
      request,
    });
  });
  await revokeUserSessions(redis, redeemed.userId);
  return redeemed;
}

/**
 * After a correct PIN checked against an older bcrypt hash: the same PIN stored in the current
 * keyed form. Only if the stored hash is still the one checked, so a reset meanwhile wins.
 */
export async function rewritePinHash(centreId: CentreId, studentId: string, checked: string, pin: string) {
  await updateTenant(db, "users", centreId)
    .set({ pin_hash: hashPin(pin) })
    .where("id", "=", studentId)
    .where("pin_hash", "=", checked)
    .execute();
}

/**
 * A new random PIN for a student the actor looks after (access.ts): their tutor, a head tutor or
 * above. It also lifts a PIN lock. The student's parents are told who did it.
 */
export async function resetPin(actor: Actor, studentId: string): Promise<{ pin: string }> {
  const person = await manageablePerson(db, actor, studentId);
  if (person.role !== "student") throw new ValidationError({ user: t("people.error.onlyStudentsHavePin") });
  await assertLooksAfter(actor, studentId);
  const pin = acceptedPin(undefined, await pinContextOf(db, actor.centreId, person));
  const pinHash = hashPin(pin);
  await db.transaction().execute(async (trx) => {
    await updateTenant(trx, "users", actor.centreId)
      .set({ pin_hash: pinHash, updated_at: new Date() })
      .where("id", "=", studentId)
      .execute();
    const wasLocked = await clearPinGuesses(trx, actor.centreId, studentId);
    await noteReset(trx, actor.centreId, studentId, actor.userId);
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "auth.pin_reset",
      target: { type: "user", id: studentId },
      after: { unlocked: wasLocked },
    });
    const parents = await parentsOf(trx, actor.centreId, studentId);
    await publishEvent(trx, {
      type: "student.pin_reset",
      centreId: actor.centreId,
      payload: {
        studentId,
        studentName: person.name,
        resetBy: actor.name,
        resetByRole: actor.role,
        tell: parents.map((parent) => parent.id),
      },
    });
  });
  await revokeUserSessions(redis, studentId);
  return { pin };
}

export async function changeRole(actor: Actor, userId: string, role: Role): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const person = await manageablePerson(trx, actor, userId);
    if (person.role === "student" || role === "student" || !grantableRoles(actor.role).includes(role)) {
      throw new ForbiddenError(t("people.error.rolesBelow"));
    }
    if (person.role === role) return;
    await updateTenant(trx, "users", actor.centreId)
      .set({ role, updated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "user.role_change",
      target: { type: "user", id: userId },
      before: { role: person.role },
      after: { role },
    });
  });
  // The new role applies from the next sign-in.
  await revokeUserSessions(redis, userId);
}

export async function setUserStatus(
  actor: Actor,
  userId: string,
  status: Exclude<UserStatus, "invited">,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const person = await manageablePerson(trx, actor, userId);
    if (person.status === status) return;
    await updateTenant(trx, "users", actor.centreId)
      .set({ status, updated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, {
      ...auditBase(actor),
      action: status === "disabled" ? "user.disable" : "user.enable",
      target: { type: "user", id: userId },
      before: { status: person.status },
      after: { status },
    });
  });
  if (status === "disabled") await revokeUserSessions(redis, userId);
}

export async function linkParent(actor: Actor, parentId: string, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const [parent, student] = await Promise.all([
      personById(trx, actor.centreId, parentId),
      personById(trx, actor.centreId, studentId),
    ]);
    if (parent?.role !== "parent") throw new NotFoundError(t("people.error.parentNotInCentre"));
    if (student?.role !== "student") throw new NotFoundError(t("people.error.studentNotInCentre"));
    if (await isGuardianOf(trx, actor.centreId, parentId, studentId)) return;
    await trx
      .insertInto("guardianships")
      .values({ centre_id: actor.centreId, parent_id: parentId, student_id: studentId })
      .execute();
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "user.link_parent",
      target: { type: "user", id: studentId },
      after: { parentId, studentId },
    });
  });
}

export async function unlinkParent(actor: Actor, parentId: string, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteFromTenant(trx, "guardianships", actor.centreId)
      .where("parent_id", "=", parentId)
      .where("student_id", "=", studentId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new NotFoundError(t("people.error.notLinked"));
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "user.unlink_parent",
      target: { type: "user", id: studentId },
      before: { parentId, studentId },
    });
  });
}

export async function recordSignIn(centreId: CentreId | null, userId: string): Promise<void> {
  const query = centreId ? updateTenant(db, "users", centreId) : db.updateTable("users").where("centre_id", "is", null); // platform-wide: platform admin
  await query.set({ last_sign_in_at: new Date() }).where("id", "=", userId).execute();
}

/** Someone changing their own credentials, from their session: their own centre, never one they act in. */
export interface Self {
  userId: string;
  role: Role;
  ownCentreId: CentreId | null;
  sessionId: string;
  request: AuditRequest;
}

/** The current password or PIN was wrong: a 422 like any other field error, but counted against guessing. */
export class WrongCurrentSecretError extends ValidationError {}

const SECRET_KINDS = {
  password: {
    column: "password_hash",
    action: "auth.password_change",
    notCurrent: "people.error.notCurrentPassword",
    same: "people.error.samePassword",
    hash: hashSecret,
    verify: (secret: string, hash: string) => Bun.password.verify(secret, hash),
  },
  pin: {
    column: "pin_hash",
    action: "auth.pin_change",
    notCurrent: "people.error.notCurrentPin",
    same: "people.error.samePin",
    hash: async (secret: string) => hashPin(secret),
    verify: verifyPin,
  },
} as const;

async function changeOwnSecret(
  self: Self,
  kind: keyof typeof SECRET_KINDS,
  current: string,
  next: string,
  checkNext: () => void = () => {},
) {
  const { column, action, notCurrent, same, hash: hashOf, verify } = SECRET_KINDS[kind];
  const stored = await ownSecretHash(db, self.ownCentreId, self.userId, kind);
  if (!stored || !(await verify(current, stored))) {
    throw new WrongCurrentSecretError({ current: t(notCurrent) });
  }
  if (next === current) throw new ValidationError({ [kind]: t(same) });
  checkNext();
  const hash = await hashOf(next);
  await db.transaction().execute(async (trx) => {
    const users = self.ownCentreId
      ? updateTenant(trx, "users", self.ownCentreId)
      : trx.updateTable("users").where("centre_id", "is", null); // platform-wide: the platform admin has no centre
    await users
      .set({ [column]: hash, updated_at: new Date() })
      .where("id", "=", self.userId)
      .execute();
    await recordAudit(trx, {
      centreId: self.ownCentreId,
      actor: { id: self.userId, role: self.role },
      action,
      target: { type: "user", id: self.userId },
      request: self.request,
    });
  });
  // Whoever may have learnt the old secret is signed out; the device making the change stays in.
  await revokeOtherSessions(redis, self.userId, self.sessionId);
}

export async function changeOwnPassword(self: Self, current: string, next: string): Promise<void> {
  if (self.role === "student") throw new ForbiddenError(t("people.error.studentsChangePin"));
  await changeOwnSecret(self, "password", current, next);
}

export async function changeOwnPin(self: Self, current: string, next: string): Promise<void> {
  if (self.role !== "student" || !self.ownCentreId) throw new ForbiddenError(t("people.error.staffChangePassword"));
  const me = await personById(db, self.ownCentreId, self.userId);
  const rules = await pinContextOf(db, self.ownCentreId, { id: self.userId, dateOfBirthSealed: me?.dateOfBirthSealed });
  await changeOwnSecret(self, "pin", current, next, () => acceptedPin(next, rules));
}

/**
 * Someone's own language (null: their centre's), audited like any change to a person. Every live
 * session of theirs takes it at once, so the next page on each of their devices is in it. Returns
 * whether anything changed.
 */
export async function changeOwnLocale(self: Self, locale: Locale | null): Promise<boolean> {
  const changed = await db.transaction().execute(async (trx) => {
    const me = await ownAccount(trx, self.ownCentreId, self.userId);
    if (!me) throw new NotFoundError(t("people.error.notInCentre"));
    if (me.locale === locale) return false;
    const users = self.ownCentreId
      ? updateTenant(trx, "users", self.ownCentreId)
      : trx.updateTable("users").where("centre_id", "is", null); // platform-wide: the platform admin has no centre
    await users.set({ locale, updated_at: new Date() }).where("id", "=", self.userId).execute();
    await recordAudit(trx, {
      centreId: self.ownCentreId,
      actor: { id: self.userId, role: self.role },
      action: "user.update",
      target: { type: "user", id: self.userId },
      before: { locale: me.locale },
      after: { locale },
      request: self.request,
    });
    return true;
  });
  if (changed) await updateUserSessions(redis, self.userId, { locale });
  return changed;
}

/**
 * Sets the person's own picture to a stored avatar file; audited. Returns the file it replaces,
 * for the caller to remove. Only people of a centre have one (files belong to a centre).
 */
export async function changeOwnAvatar(self: Self, fileId: string): Promise<string | null> {
  const centreId = self.ownCentreId;
  if (!centreId) throw new ForbiddenError(t("common.error.noCentre"));
  return db.transaction().execute(async (trx) => {
    const me = await selectFromTenant(trx, "users", centreId)
      .where("id", "=", self.userId)
      .select("avatar_file_id as avatarFileId")
      .forUpdate()
      .executeTakeFirst();
    if (!me) throw new NotFoundError(t("people.error.notInCentre"));
    await updateTenant(trx, "users", centreId)
      .set({ avatar_file_id: fileId, updated_at: new Date() })
      .where("id", "=", self.userId)
      .execute();
    await recordAudit(trx, {
      centreId,
      actor: { id: self.userId, role: self.role },
      action: "user.update",
      target: { type: "user", id: self.userId },
      before: { avatarFileId: me.avatarFileId },
      after: { avatarFileId: fileId },
      request: self.request,
    });
    return me.avatarFileId;
  });
}

/** Lifts a student's PIN lock (their tutor, a parent of theirs, or head tutor and up); audited. */
export async function unlockPin(actor: Actor, studentId: string): Promise<boolean> {
  const person = await personById(db, actor.centreId, studentId);
  if (person?.role !== "student") throw new NotFoundError(t("people.error.notYourStudent"));
  await assertLooksAfter(actor, studentId);
  return db.transaction().execute(async (trx) => {
    const wasLocked = await clearPinGuesses(trx, actor.centreId, studentId);
    if (wasLocked)
      await recordAudit(trx, {
        ...auditBase(actor),
        action: "auth.pin_unlock",
        target: { type: "user", id: studentId },
      });
    return wasLocked;
  });
}

export interface NewPlatformAdmin {
  name: string;
  email: string;
  password: string;
}

/**
 * The first platform admin of an installation, made from the command line (`bun run admin:create`):
 * there is nobody yet to invite them. Refuses a weak password or an email already in use.
 */
export async function createPlatformAdmin(input: NewPlatformAdmin, request: AuditRequest): Promise<{ id: string }> {
  const reason = weakPasswordReason(input.password, [input.email, input.email.split("@")[0] ?? "", input.name]);
  if (reason) throw new ValidationError({ password: reason }, t("people.error.passwordRefused", { reason }));
  const id = crypto.randomUUID();
  const passwordHash = await hashSecret(input.password);
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("users")
        .values({
          id,
          centre_id: null,
          role: "platform_admin",
          name: input.name,
          email_lookup: emailLookup(input.email),
          email_encrypted: sealEmail(id, input.email),
          password_hash: passwordHash,
          status: "active",
        })
        .execute();
      await recordAudit(trx, {
        centreId: null,
        actor: { id: null, role: null },
        action: "user.create",
        target: { type: "user", id },
        after: { name: input.name, role: "platform_admin", via: "admin:create" },
        request,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(t("people.error.platformEmailInUse"));
    throw error;
  }
  return { id };
}
