import { db } from "../../platform/db";
import type { Role } from "../../platform/db/schema";
import { ForbiddenError } from "../../platform/errors";
import { lazy } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { EMAIL_KINDS, type EmailChoice, type EmailKind, emailChoices, saveEmailChoices } from "./preferences";
import { type Unsubscription, verifyUnsubscribe } from "./unsubscribe-token";

/** What parents hear about their children; everyone with an address hears of announcements and messages. */
const FAMILY_KINDS: readonly EmailKind[] = [
  "homework_marked",
  "redo_requested",
  "absence",
  "homework_overdue",
  "badge_earned",
  "term_report",
];

/** The kinds of email a role can receive, so the settings page offers only those. */
export function kindsFor(role: Role): EmailKind[] {
  if (role === "student" || role === "platform_admin") return [];
  return EMAIL_KINDS.filter((kind) => role === "parent" || !FAMILY_KINDS.includes(kind));
}

export interface EmailSettings {
  choices: { kind: EmailKind; choice: EmailChoice }[];
}

export async function emailSettingsOf(actor: Actor): Promise<EmailSettings> {
  const all = await emailChoices(db, actor.centreId, actor.userId);
  return { choices: kindsFor(actor.role).map((kind) => ({ kind, choice: all[kind] })) };
}

export async function saveEmailSettings(actor: Actor, choices: Partial<Record<EmailKind, EmailChoice>>): Promise<void> {
  const offered = new Set(kindsFor(actor.role));
  const own = Object.fromEntries(Object.entries(choices).filter(([kind]) => offered.has(kind as EmailKind)));
  await saveEmailChoices(db, actor.centreId, actor.userId, own);
}

/** A link that was not signed by us, or names a person no longer here. */
export class InvalidUnsubscribeLinkError extends ForbiddenError {
  constructor() {
    super(lazy("notifications.unsubscribe.invalid"));
  }
}

/** What a signed unsubscribe link names, refused when the signature or the person does not hold. */
export async function readUnsubscribeLink(token: string): Promise<Unsubscription> {
  const unsubscription = verifyUnsubscribe(token);
  if (!unsubscription) throw new InvalidUnsubscribeLinkError();
  const person = await selectFromTenant(db, "users", trustedCentreId(unsubscription.centreId))
    .where("id", "=", unsubscription.userId)
    .select("id")
    .executeTakeFirst();
  if (!person) throw new InvalidUnsubscribeLinkError();
  return unsubscription;
}

/**
 * Turns the link's kind off; the digest's link turns off every kind that was going to the digest.
 * Doing it twice changes nothing.
 */
export async function unsubscribe({ centreId, userId, kind }: Unsubscription): Promise<void> {
  const centre = trustedCentreId(centreId);
  if (kind !== "digest") {
    await saveEmailChoices(db, centre, userId, { [kind]: "off" });
    return;
  }
  const all = await emailChoices(db, centre, userId);
  const digested = EMAIL_KINDS.filter((each) => all[each] === "digest");
  await saveEmailChoices(db, centre, userId, Object.fromEntries(digested.map((each) => [each, "off"])));
}
