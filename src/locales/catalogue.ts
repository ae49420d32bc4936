import type { enGB } from "./en-GB";

/** Every message key the app uses: those of the en-GB source catalogue. */
export type MessageKey = keyof typeof enGB;

/** A complete catalogue: a missing key in es or ar fails the typecheck. */
export type Catalogue = Record<MessageKey, string>;
