// @pdf-lib/fontkit's Indic shaper (Devanagari) is compiled to generators that call a global
// `regeneratorRuntime`; without it, shaping "प्रिया" throws. Load the runtime before fontkit.
import "regenerator-runtime/runtime";
import * as fontkit from "@pdf-lib/fontkit";

export type { Font, Glyph, GlyphPosition, GlyphRun } from "@pdf-lib/fontkit";
export { fontkit };
