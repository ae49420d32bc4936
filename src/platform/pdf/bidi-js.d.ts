/** The part of bidi-js (the Unicode Bidirectional Algorithm, UAX #9) that the PDF layer uses. */
declare module "bidi-js" {
  export interface EmbeddingLevels {
    /** One level per UTF-16 code unit: even is left-to-right, odd right-to-left. */
    levels: Uint8Array;
    paragraphs: { start: number; end: number; level: number }[];
  }
  export interface Bidi {
    getEmbeddingLevels(text: string, direction?: "ltr" | "rtl" | "auto"): EmbeddingLevels;
    /** Characters to draw mirrored at right-to-left levels ("(" as ")"), by code-unit index. */
    getMirroredCharactersMap(text: string, levels: EmbeddingLevels, start?: number, end?: number): Map<number, string>;
  }
  export default function bidiFactory(): Bidi;
}
