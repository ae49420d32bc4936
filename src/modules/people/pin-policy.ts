import { randomInt } from "node:crypto";
import { t } from "../../platform/i18n";

/**
 * The rules for student PINs. docs/security.md quotes these figures in its policy table, and a
 * test checks the table against them.
 */

/** Wrong PIN guesses a student's account absorbs per rolling window, from every path together. */
export const PIN_GUESS_BUDGET = 10;
export const PIN_GUESS_WINDOW_HOURS = 24;
/**
 * Wrong guesses absorbed between two correct PINs (or unlocks), however slowly they come: an
 * attacker pacing guesses under the daily budget is still locked out within days.
 */
export const PIN_GUESS_LIFETIME_BUDGET = 20;
export const PIN_MAX_LENGTH = 8;
/** Four-digit numbers read as years of birth (1900–2099) are refused. */
export const PIN_BIRTH_YEAR_FIRST = 1900;
export const PIN_BIRTH_YEAR_LAST = 2099;

/** Phone and keypad shapes people pick because they are easy to type. */
const KEYPAD_PATTERNS = new Set([
  "2580",
  "0852",
  "1470",
  "0741",
  "3690",
  "0963",
  "1397",
  "7931",
  "147258",
  "258369",
  "369258",
  "159753",
  "951357",
  "147852",
  "123321",
  "112233",
  "696969",
]);

/** Every step the same and small: repeats (1111), runs (1234, 4321, 7890) and skips (2468, 1357). */
function isSteadySequence(digits: number[]): boolean {
  const steps = digits.slice(1).map((digit, index) => digit - (digits[index] as number));
  const first = steps[0] as number;
  if (Math.abs(first) <= 2 && steps.every((step) => step === first)) return true;
  // Runs that wrap round the keyboard's top row: 7890, 8901, 0987.
  const wrapped = steps.map((step) => (step + 10) % 10);
  return wrapped.every((step) => step === 1) || wrapped.every((step) => step === 9);
}

/** A short block said again (1212, 123123, 4545). */
function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

function isBirthYear(pin: string): boolean {
  const year = Number(pin);
  return pin.length === 4 && year >= PIN_BIRTH_YEAR_FIRST && year <= PIN_BIRTH_YEAR_LAST;
}

/** The student's own date of birth (YYYY-MM-DD) written the ways people write dates. */
function birthDatePatterns(dateOfBirth: string): Set<string> {
  const [yyyy = "", mm = "", dd = ""] = dateOfBirth.split("-");
  const yy = yyyy.slice(2);
  return new Set([
    dd + mm,
    mm + dd,
    yyyy,
    dd + mm + yy,
    mm + dd + yy,
    yy + mm + dd,
    dd + mm + yyyy,
    mm + dd + yyyy,
    yyyy + mm + dd,
  ]);
}

export interface PinContext {
  /** The centre's PIN length: a new PIN has at least this many digits. */
  minLength: number;
  /** The student's date of birth (YYYY-MM-DD), when known. */
  dateOfBirth?: string | null;
}

/** Why a PIN someone chose may not be used, or null when it is fine. */
export function pinProblem(pin: string, context: PinContext): string | null {
  if (!/^\d+$/.test(pin) || pin.length < context.minLength || pin.length > PIN_MAX_LENGTH) {
    return t("people.pin.wrongLength", { minimum: context.minLength, maximum: PIN_MAX_LENGTH });
  }
  const digits = [...pin].map(Number);
  if (isSteadySequence(digits) || isRepeatedBlock(pin) || KEYPAD_PATTERNS.has(pin) || isBirthYear(pin)) {
    return t("people.pin.tooEasy");
  }
  if (context.dateOfBirth && birthDatePatterns(context.dateOfBirth).has(pin)) {
    return t("people.pin.birthDate");
  }
  return null;
}

/** A uniformly random PIN of the given length that passes the rules above. */
export function randomPin(length: number, dateOfBirth?: string | null): string {
  for (;;) {
    const pin = Array.from({ length }, () => randomInt(0, 10)).join("");
    if (pinProblem(pin, { minLength: length, dateOfBirth }) === null) return pin;
  }
}
