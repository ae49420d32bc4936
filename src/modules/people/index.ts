/** The people module's public face: the only file other modules import. */
export { consentAllowsSignIn, needsConsentByAge, recordConsent } from "./consent";
export { type PersonProfile, ROLE_LABELS, toProfile } from "./present";
export {
  childrenOf,
  consentStates,
  isGuardianOf,
  ownAccount,
  parentsOf,
  personById,
  type SignInCandidate,
  studentForSignIn,
  userForEmailSignIn,
} from "./queries";
export { peopleRoutes } from "./routes";
export { emailLookup, openDateOfBirth, sealDateOfBirth, sealEmail, todayIn } from "./sensitive";
export {
  changeOwnPassword,
  changeOwnPin,
  createPlatformAdmin,
  recordSignIn,
  redeemToken,
  type Self,
  tokenHolderName,
  validToken,
  WrongCurrentSecretError,
} from "./service";
