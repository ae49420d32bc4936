import {
  blindIndex,
  decryptField,
  encryptField,
  fieldOf,
  USERS_DATE_OF_BIRTH,
  USERS_EMAIL,
  USERS_PHONE,
} from "../../platform/crypto";

/**
 * The people module's encrypted columns. Each ciphertext is bound to its row and column, so a
 * value copied to another row does not decrypt; emails are found by a keyed blind index.
 */

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailLookup(email: string): string {
  return blindIndex(normaliseEmail(email), "users.email");
}

export function sealEmail(userId: string, email: string): string {
  return encryptField(normaliseEmail(email), fieldOf(USERS_EMAIL, userId));
}

export function openEmail(userId: string, sealed: string | null): string | null {
  return sealed ? decryptField(sealed, fieldOf(USERS_EMAIL, userId)) : null;
}

export function sealPhone(userId: string, phone: string): string {
  return encryptField(phone.trim(), fieldOf(USERS_PHONE, userId));
}

export function openPhone(userId: string, sealed: string | null): string | null {
  return sealed ? decryptField(sealed, fieldOf(USERS_PHONE, userId)) : null;
}

export function sealDateOfBirth(userId: string, isoDate: string): string {
  return encryptField(isoDate, fieldOf(USERS_DATE_OF_BIRTH, userId));
}

export function openDateOfBirth(userId: string, sealed: string | null): string | null {
  return sealed ? decryptField(sealed, fieldOf(USERS_DATE_OF_BIRTH, userId)) : null;
}

/** Whole years between a date of birth and a day, both YYYY-MM-DD. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
