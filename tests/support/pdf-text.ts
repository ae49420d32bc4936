/**
 * The text of a PDF as poppler's `pdftotext` extracts it (what search, copy and screen readers
 * get), with bidi embedding marks removed: pdftotext wraps right-to-left runs in U+202B…U+202C.
 */
export async function pdfText(pdf: Uint8Array, options: { layout?: boolean } = {}): Promise<string> {
  const child = Bun.spawn(["pdftotext", "-enc", "UTF-8", ...(options.layout ? ["-layout"] : []), "-", "-"], {
    stdin: pdf,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [text, errors, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`pdftotext failed (${code}): ${errors}`);
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

/** Names in six scripts, as issue 12 asks generated files to print. */
export const NAMES_IN_SIX_SCRIPTS = [
  "Zoë Ødegård",
  "Дмитрий Иванов",
  "Αλέξανδρος",
  "محمد علي",
  "李小龍",
  "प्रिया शर्मा",
] as const;
