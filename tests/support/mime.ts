/**
 * A small MIME reader for the messages the test SMTP server keeps (RFC 5322 headers, RFC 2045
 * transfer encodings, RFC 2046 multiparts, RFC 2047 encoded words, RFC 2231 parameters). It reads
 * what nodemailer writes; it is not a general mail parser (no S/MIME, no message/rfc822 descent).
 *
 * The raw message is handled as a latin1 string, one character per byte, so 8-bit bodies survive
 * until their part's charset decodes them.
 */

export interface MimePart {
  headers: Map<string, string[]>;
  /** Lowercased type/subtype, "text/plain" when absent (RFC 2045 §5.2). */
  contentType: string;
  params: Record<string, string>;
  /** The decoded content (transfer encoding undone), for leaves; empty for multiparts. */
  content: Uint8Array;
  parts: MimePart[];
}

export interface ParsedMessage {
  /** Every header, names lowercased, values unfolded and their encoded words decoded. */
  headers: Record<string, string>;
  text: string;
  html: string;
  /** Leaves that are neither the text nor the HTML body (attachments, inline images). */
  attachments: { contentType: string; filename: string | null; content: Uint8Array }[];
}

const bytes = (latin1: string) => new Uint8Array(Buffer.from(latin1, "latin1"));

function decodeCharset(data: Uint8Array, charset = "utf-8"): string {
  try {
    return new TextDecoder(charset.toLowerCase() as ConstructorParameters<typeof TextDecoder>[0]).decode(data);
  } catch {
    return new TextDecoder("utf-8").decode(data);
  }
}

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: "" };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

/** Unfolded header lines (a line starting with white space continues the one before it). */
function headerLines(head: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

function wordBytes(encoding: string, text: string): Uint8Array {
  if (encoding.toUpperCase() === "B") return new Uint8Array(Buffer.from(text, "base64"));
  return qpBytes(text.replace(/_/g, " "));
}

/**
 * RFC 2047: encoded words become text. White space between two encoded words is dropped, and
 * adjacent words in one charset are joined as bytes first (an encoder may split a character).
 */
export function decodeWords(value: string): string {
  let out = "";
  let last = 0;
  let pending: { charset: string; chunks: Uint8Array[] } | null = null;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.chunks), pending.charset);
    pending = null;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const charset = match[1]!.split("*")[0]!.toLowerCase(); // RFC 2231 §5: charset*language
    const chunk = wordBytes(match[2]!, match[3]!);
    const joined = pending !== null && /^[ \t\r\n]*$/.test(between);
    if (joined && pending!.charset === charset) pending!.chunks.push(chunk);
    else {
      flush();
      if (!joined) out += between;
      pending = { charset, chunks: [chunk] };
    }
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

/**
 * Quoted-printable (RFC 2045 §6.7) to bytes: white space a transport added at line ends dropped,
 * soft line breaks removed (the space before one is content), =XX decoded.
 */
export function qpBytes(text: string): Uint8Array {
  const unfolded = text.replace(/[ \t]+(?=\r?\n|$)/g, "").replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded[i] === "=" ? unfolded.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(unfolded.charCodeAt(i) & 0xff);
  }
  return new Uint8Array(out);
}

/** `type/subtype; name=value; name="quoted"; name*=utf-8''percent%20encoded; name*0=…` */
export function parseStructured(value: string): { value: string; params: Record<string, string> } {
  const [first = "", ...rest] = splitOutsideQuotes(value, ";");
  const plain: Record<string, string> = {};
  const continued = new Map<string, { index: number; text: string; extended: boolean }[]>();
  for (const item of rest) {
    const equals = item.indexOf("=");
    if (equals < 0) continue;
    const key = item.slice(0, equals).trim().toLowerCase();
    let text = item.slice(equals + 1).trim();
    if (text.startsWith('"')) text = text.slice(1, -1).replace(/\\(.)/g, "$1");
    const section = /^(.+?)\*(\d+)?(\*)?$/.exec(key);
    if (!section) plain[key] = decodeWords(text);
    else {
      const [, name, index, star] = section;
      const extended = star !== undefined || index === undefined;
      const list = continued.get(name!) ?? [];
      list.push({ index: Number(index ?? 0), text, extended });
      continued.set(name!, list);
    }
  }
  for (const [name, sections] of continued) {
    sections.sort((a, b) => a.index - b.index);
    let charset = "utf-8";
    const chunks = sections.map((section, n) => {
      let text = section.text;
      if (!section.extended) return bytes(text);
      if (n === 0) {
        const [declared, , encoded] = text.split("'");
        charset = declared || charset;
        text = encoded ?? "";
      }
      return bytes(text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))));
    });
    plain[name] = decodeCharset(Buffer.concat(chunks), charset);
  }
  return { value: first.trim().toLowerCase(), params: plain };
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\" && quoted) {
      current += char + (value[++i] ?? "");
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      out.push(current);
      current = "";
    } else current += char;
  }
  out.push(current);
  return out;
}

function decodeBody(body: string, encoding: string): Uint8Array {
  switch (encoding.toLowerCase()) {
    case "base64":
      return new Uint8Array(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64"));
    case "quoted-printable":
      return qpBytes(body);
    default:
      return bytes(body);
  }
}

/** The parts between the boundary's delimiter lines; the line break before a delimiter is the delimiter's. */
function multipartBodies(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, "g");
  const bodies: string[] = [];
  let start: number | null = null;
  for (const match of body.matchAll(delimiter)) {
    if (start !== null) bodies.push(body.slice(start, match.index).replace(/^\r?\n/, ""));
    if (match[1]) return bodies;
    start = match.index + match[0].length;
  }
  if (start !== null) bodies.push(body.slice(start).replace(/^\r?\n/, ""));
  return bodies;
}

function parsePart(raw: string): MimePart {
  const { head, body } = splitHead(raw);
  const headers = headerLines(head);
  const type = parseStructured(headers.get("content-type")?.[0] ?? "text/plain");
  const contentType = type.value.includes("/") ? type.value : "text/plain";
  if (contentType.startsWith("multipart/") && type.params.boundary) {
    const parts = multipartBodies(body, type.params.boundary).map(parsePart);
    return { headers, contentType, params: type.params, content: new Uint8Array(), parts };
  }
  const encoding = (headers.get("content-transfer-encoding")?.[0] ?? "7bit").trim();
  return { headers, contentType, params: type.params, content: decodeBody(body, encoding), parts: [] };
}

function leaves(part: MimePart): MimePart[] {
  return part.parts.length > 0 ? part.parts.flatMap(leaves) : [part];
}

function filenameOf(part: MimePart): string | null {
  const disposition = part.headers.get("content-disposition")?.[0];
  return (disposition ? parseStructured(disposition).params.filename : undefined) ?? part.params.name ?? null;
}

export function parseMessage(raw: Uint8Array | string): ParsedMessage {
  const root = parsePart(typeof raw === "string" ? raw : Buffer.from(raw).toString("latin1"));
  const headers: Record<string, string> = {};
  for (const [name, values] of root.headers) headers[name] = decodeWords(values[0]!);
  let text: string | null = null;
  let html: string | null = null;
  const attachments: ParsedMessage["attachments"] = [];
  for (const leaf of leaves(root)) {
    const disposition = parseStructured(leaf.headers.get("content-disposition")?.[0] ?? "inline").value;
    const body = () => decodeCharset(leaf.content, leaf.params.charset);
    if (disposition !== "attachment" && leaf.contentType === "text/plain" && text === null) text = body();
    else if (disposition !== "attachment" && leaf.contentType === "text/html" && html === null) html = body();
    else attachments.push({ contentType: leaf.contentType, filename: filenameOf(leaf), content: leaf.content });
  }
  return { headers, text: text ?? "", html: html ?? "", attachments };
}
