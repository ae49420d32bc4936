/** The auth module's public face: the only file other modules import. */
export { clearFailures, lockedForSeconds, recordFailure } from "./lockout";
export { clearPinGuesses, guessWasRight, guessWasWrong, noteReset, pinStateOf, reserveGuess } from "./pin-guard";
export { DEFAULT_PIN_LENGTH, PIN_LENGTHS, type PinContext, type PinLength, pinProblem, randomPin } from "./pin-policy";
export { authRoutes, invitationRoutes, passwordResetRoutes } from "./routes";
export { SignInError, StudentPinLockedError, verifyStudentPin } from "./service";
