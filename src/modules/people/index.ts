/** The people module's public face: the only file other modules import. */

// Parental consent for under-13s.
export { consentAllowsSignIn, needsConsentByAge, recordConsent } from "./consent";
// Student CSV import: what the import pages do, for the benchmark script (scripts/bench-import.ts).
export { commitImport, previewImport } from "./import-service";
// Emails this module sends (invitations, reset links, consent requests); src/registry.ts lists them.
export { peopleMailTemplates } from "./mail";
// The mail worker's view of a recipient: the one place an address is opened for sending.
export { mailRecipientOf } from "./mail-recipient";
// "Forgot password?": the sign-in page records the request, the worker's handler emails the links.
export { peopleEventHandlers, requestPasswordReset } from "./password-reset";
// Student PINs: the guess budget every PIN check spends (sign-in page, kiosk, own-PIN change).
export { guessWasRight, guessWasWrong, reserveGuess, StudentPinLockedError } from "./pin-guard";
export { pinProblem } from "./pin-policy";
// One's own account (profile page) and invitation / reset links (auth pages).
export { toProfile } from "./present";
// Who is who in a centre, and who looks after whom (row-level checks in other modules).
// Signing in: the candidates auth checks, and the record of a successful sign-in.
export {
  activePeopleWithRoles,
  type ChildWithConsent,
  childrenOf,
  childrenWithConsent,
  consentStates,
  type GuardianPair,
  guardianPairs,
  isGuardianOf,
  ownAccount,
  parentsOf,
  personById,
  type SignInCandidate,
  studentForSignIn,
  studentWithParents,
  userForEmailSignIn,
} from "./queries";
// The people pages (list, person, student PIN), one Elysia instance.
export { peopleRoutes } from "./routes";
// Personal data is sealed at rest: lookups by email and opening a date of birth go through here.
export { emailLookup, openDateOfBirth, sealDateOfBirth, sealEmail } from "./sensitive";
export {
  changeOwnAvatar,
  changeOwnLocale,
  changeOwnPassword,
  changeOwnPin,
  createPlatformAdmin,
  recordSignIn,
  redeemToken,
  rewritePinHash,
  type Self,
  tokenHolderName,
  validToken,
  WrongCurrentSecretError,
} from "./service";
export { SELF_SERVICE_RESET_MINUTES } from "./tokens";
