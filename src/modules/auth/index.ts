/** The auth module's public face: the only file other modules import. */

export { StudentPinLockedError } from "../people";
// Failed-attempt lockout for secrets typed by people (sign-in, own password change).
export { clearFailures, lockedForSeconds, recordFailure } from "./lockout";
// Sign-in, sign-out, invitation and password-reset pages, one Elysia instance (the other two
// are transitional, until app.ts uses authRoutes alone).
export { authRoutes, invitationRoutes, passwordResetRoutes } from "./routes";
// Signing in a student with their PIN (the kiosk's typed-code path), and why a sign-in was refused.
export { SignInError, verifyStudentPin } from "./service";
