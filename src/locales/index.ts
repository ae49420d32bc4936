import { ar } from "./ar";
import type { Catalogue } from "./catalogue";
import { enAU } from "./en-AU";
import { enGB } from "./en-GB";
import { enUS } from "./en-US";
import { es } from "./es";

/**
 * The message catalogues, one folder per locale and one file per area of the app (the module it
 * belongs to, or `common` for the layout, shared components, validation and error pages). Keys
 * start with their file's name. en-US and en-AU hold only what differs from en-GB.
 */
export const CATALOGUES: Record<"en-GB" | "en-US" | "en-AU" | "es" | "ar", Partial<Catalogue>> = {
  "en-GB": enGB,
  "en-US": enUS,
  "en-AU": enAU,
  es,
  ar,
};

export type { Catalogue, MessageKey } from "./catalogue";
