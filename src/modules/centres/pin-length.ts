/**
 * The PIN lengths a centre can choose for new PINs; existing shorter PINs keep working. A centre
 * setting, so it lives here, below the modules that check PINs (people, auth).
 */
export const PIN_LENGTHS = [4, 6] as const;
export type PinLength = (typeof PIN_LENGTHS)[number];
export const DEFAULT_PIN_LENGTH: PinLength = 6;
