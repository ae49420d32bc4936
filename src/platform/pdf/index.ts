/**
 * Generated PDFs (worksheets, certificates, reports): text in any script the configured fonts
 * cover, subset-embedded, extractable as the text that was drawn. See PdfWriter.
 */
export { PdfFontsError, type Weight } from "./fonts";
export { type DrawOptions, PdfWriter, type TextStyle } from "./writer";
