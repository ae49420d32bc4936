import { BadRequestError, PayloadTooLargeError } from "../errors";
import { t } from "../i18n";
import { readBodyWithin } from "./body-limit";

/**
 * A multipart form read as it streams: the text fields before the first file are parsed (a few
 * KiB at most), and the file is handed on as a stream of its bytes, so an upload of hundreds of
 * MB goes to storage without ever being held in memory. Browsers send fields in the order of the
 * form, so a form puts its file input last; fields after the file are not read.
 */
export interface StreamedForm {
  fields: Record<string, string>;
  file: { field: string; name: string; body: ReadableStream<Uint8Array> } | null;
}

/** Room for the text fields (CSRF token, title, choices) and their part headers. */
const FIELDS_MAX_BYTES = 64 * 1024;
const HEADERS_END = Buffer.from("\r\n\r\n");

const unreadable = () => new BadRequestError(t("common.error.uploadUnreadable"));

function boundaryOf(contentType: string): string {
  const match = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 70) throw unreadable();
  return boundary;
}

function dispositionOf(headers: string): { name: string; filename: string | null } {
  const line = headers.split("\r\n").find((header) => /^content-disposition:/i.test(header)) ?? "";
  const name = /;\s*name="([^"]*)"/i.exec(line)?.[1];
  if (name === undefined) throw unreadable();
  const filename = /;\s*filename="([^"]*)"/i.exec(line)?.[1] ?? null;
  return { name, filename };
}

/** Pulls the request body into a small window, one chunk at a time. */
class Window {
  private buffer = Buffer.alloc(0);
  private done = false;
  private readonly reader: { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  /** Reads one more chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.done) return false;
    const { done, value } = await this.reader.read();
    if (done || !value) {
      this.done = true;
      return false;
    }
    this.buffer = this.buffer.length === 0 ? Buffer.from(value) : Buffer.concat([this.buffer, value]);
    return true;
  }

  /** The next chunk of the body as it came, without adding it to the window; null at the end. */
  async next(): Promise<Buffer | null> {
    if (this.done) return null;
    const { done, value } = await this.reader.read();
    if (done || !value) {
      this.done = true;
      return null;
    }
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  take(length: number): Buffer {
    const taken = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return taken;
  }

  /** Waits until `marker` is in the window (within `limit` bytes); its position. */
  async find(marker: Buffer, limit: number): Promise<number> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) return at;
      if (this.buffer.length > limit) throw new PayloadTooLargeError();
      if (!(await this.more())) throw unreadable();
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

/**
 * The file part's bytes, up to the next boundary. Chunks go on as views of what the request gave,
 * never copied: only the few bytes either side of a chunk's edge are joined, to find a boundary
 * that straddles two chunks.
 */
function fileStream(window: Window, delimiter: Buffer): ReadableStream<Uint8Array> {
  let pending = window.take(window.bytes.length);
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>, last: Buffer) => {
    if (last.length > 0) controller.enqueue(last);
    controller.close();
    await window.cancel();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const at = pending.indexOf(delimiter);
        if (at >= 0) return finish(controller, pending.subarray(0, at));
        // Everything but a possible start of the delimiter can go on.
        const emit = pending.length - Math.min(pending.length, delimiter.length - 1);
        if (emit > 0) {
          controller.enqueue(pending.subarray(0, emit));
          pending = pending.subarray(emit);
          return;
        }
        const chunk = await window.next();
        if (!chunk) return controller.error(unreadable());
        // A chunk shorter than the delimiter: join it (a few bytes), and look again.
        if (chunk.length < delimiter.length) {
          pending = Buffer.concat([pending, chunk]);
          continue;
        }
        const seam = Buffer.concat([pending, chunk.subarray(0, delimiter.length - 1)]).indexOf(delimiter);
        if (seam >= 0 && seam < pending.length) return finish(controller, pending.subarray(0, seam));
        if (pending.length > 0) controller.enqueue(pending);
        pending = chunk;
      }
    },
    cancel: () => window.cancel(),
  });
}

export async function readStreamedForm(request: Request): Promise<StreamedForm> {
  const boundary = boundaryOf(request.headers.get("content-type") ?? "");
  if (!request.body) throw unreadable();
  // The body starts with the boundary itself; a leading CRLF makes every delimiter look alike.
  const window = new Window(prefixed(request.body));
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  // The field whose value comes before the next delimiter; none for the preamble.
  let fieldName: string | null = null;
  let read = 0;
  const count = (bytes: number) => {
    read += bytes;
    if (read > FIELDS_MAX_BYTES) throw new PayloadTooLargeError();
  };
  for (;;) {
    const at = await window.find(delimiter, FIELDS_MAX_BYTES);
    count(at + delimiter.length);
    const value = window.take(at).toString("utf8");
    window.take(delimiter.length);
    if (fieldName !== null) fields[fieldName] = value;
    while (window.bytes.length < 2 && (await window.more()));
    if (window.bytes.subarray(0, 2).toString("latin1") === "--") {
      await window.cancel();
      return { fields, file: null };
    }
    const headersEnd = await window.find(HEADERS_END, FIELDS_MAX_BYTES);
    count(headersEnd + HEADERS_END.length);
    const { name, filename } = dispositionOf(window.take(headersEnd).toString("utf8"));
    window.take(HEADERS_END.length);
    if (filename !== null)
      return { fields, file: { field: name, name: filename, body: fileStream(window, delimiter) } };
    fieldName = name;
  }
}

function prefixed(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let started = false;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(new Uint8Array([0x0d, 0x0a]));
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** A streamed form as a route's body: its fields, and `file` (null when none came). */
export type StreamedFormBody = Record<string, string> & { file: StreamedForm["file"] };

/**
 * An Elysia `parse` hook for a streamed upload route. A form posted without a file
 * (url-encoded) is read whole, within the same few KiB, so the guard can still check its token.
 */
export async function streamedFormBody({ request }: { request: Request }): Promise<StreamedFormBody> {
  const contentType = request.headers.get("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    const text = new TextDecoder().decode(await readBodyWithin(request, FIELDS_MAX_BYTES));
    return { ...Object.fromEntries(new URLSearchParams(text)), file: null } as StreamedFormBody;
  }
  const { fields, file } = await readStreamedForm(request);
  return { ...fields, file } as StreamedFormBody;
}
