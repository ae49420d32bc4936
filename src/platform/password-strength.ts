import { t } from "./i18n";

/**
 * The strength rule for passwords chosen outside a form, where no rate limit or second factor
 * softens a weak choice: the first platform admin's. Long passphrases pass on length alone;
 * shorter ones need variety. Known-leaked and demo passwords never pass.
 */
const MIN_LENGTH = 12;
const PASSPHRASE_LENGTH = 20;
const MAX_LENGTH = 200;

/** The most common leaked passwords that meet the length rule, and the README's demo password. */
const KNOWN_PASSWORDS = new Set([
  "demo-password-2026",
  "password1234",
  "password12345",
  "password123456",
  "123456789012",
  "1234567890123",
  "qwertyuiop12",
  "qwerty123456",
  "iloveyou1234",
  "adminadmin12",
  "administrator",
  "administrator1",
  "letmein12345",
  "welcome12345",
  "changeme1234",
  "aetherlearn123",
  "aetherlearn2026",
  "p@ssw0rd1234",
  "passw0rd1234",
]);

/** The reason a password is refused, or null when it is strong enough. */
export function weakPasswordReason(password: string, personal: string[] = []): string | null {
  if (password.length < MIN_LENGTH) return t("common.validation.tooShort", { minimum: MIN_LENGTH });
  if (password.length > MAX_LENGTH) return t("common.password.tooLong", { maximum: MAX_LENGTH });
  const lower = password.toLowerCase();
  if (KNOWN_PASSWORDS.has(lower)) return t("common.password.known");
  if (new Set(lower).size < 6) return t("common.password.moreVariety");
  for (const word of personal) {
    if (word.length >= 4 && lower.includes(word.toLowerCase())) return t("common.password.personal");
  }
  if (password.length >= PASSPHRASE_LENGTH) return null;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) {
    return t("common.password.mix", { length: PASSPHRASE_LENGTH });
  }
  return null;
}
