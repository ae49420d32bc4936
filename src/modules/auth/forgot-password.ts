import { db } from "../../platform/db";
import { TooManyRequestsError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { AuditRequest } from "../../platform/principal";
import { hitRateLimit } from "../../platform/rate-limit";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { centreBySlug } from "../centres";
import { emailLookup, requestPasswordReset } from "../people";

/**
 * Requests per email address in RESET_WINDOW_MINUTES, whether or not it has an account (so a
 * refusal gives nothing away). Each account is also emailed at most three links an hour, silently
 * (people/password-reset.ts); each client address shares the sign-in page's per-minute limit.
 */
export const RESETS_PER_ADDRESS = 3;
export const RESET_WINDOW_MINUTES = 15;

/**
 * "Forgot password?" for staff and parents. Without a centre, every centre where the address
 * has an account is emailed a link of its own: the answer is the same either way, and only the
 * owner of the mailbox sees which centres those are.
 */
export async function forgotPassword(
  input: { centreSlug: string | null; email: string },
  request: AuditRequest,
): Promise<void> {
  const centre = input.centreSlug ? await centreBySlug(db, input.centreSlug) : null;
  if (input.centreSlug && !centre) throw new ValidationError({ centre: t("auth.forgot.chooseListed") });
  const lookup = emailLookup(input.email);
  const limit = await hitRateLimit(redis, "password-reset", lookup, RESETS_PER_ADDRESS, RESET_WINDOW_MINUTES * 60_000);
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    throw new TooManyRequestsError(limit.retryAfterSeconds, t("auth.forgot.tooMany", { minutes }));
  }
  await requestPasswordReset({ emailLookup: lookup, centreId: centre ? trustedCentreId(centre.id) : null, request });
}
