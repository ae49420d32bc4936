import { BadRequestError, type ErrorMessage, PayloadTooLargeError } from "../errors";
import { t } from "../i18n";

/**
 * Reads a request body up to `maxBytes`, counting as it streams: a declared Content-Length over the
 * limit is refused before a byte is read, and a chunked body (no length) is cut off with a 413 the
 * moment it passes the limit, so neither reaches memory whole.
 */
export async function readBodyWithin(
  request: Request,
  maxBytes: number,
  tooLargeMessage?: ErrorMessage,
): Promise<Uint8Array> {
  const tooLarge = () => new PayloadTooLargeError(tooLargeMessage);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

type FieldValue = string | File;

/** A form's fields as Elysia gives them: one value as itself, a repeated field as a list. */
function fieldsOf(form: { getAll(key: string): FieldValue[]; keys(): Iterable<string> }) {
  const fields: Record<string, FieldValue | FieldValue[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    fields[key] = values.length === 1 ? (values[0] as FieldValue) : values;
  }
  return fields;
}

/**
 * An Elysia `parse` hook for upload routes: the body is read within `maxBytes` (see readBodyWithin)
 * and then parsed as the form it says it is. The hook is built when the app starts, so give its
 * message as `lazy("key")` (or a function) to have it rendered in each request's language.
 */
export function formWithin(maxBytes: number, tooLargeMessage?: ErrorMessage) {
  return async ({ request }: { request: Request }) => {
    const bytes = await readBodyWithin(request, maxBytes, tooLargeMessage);
    const contentType = request.headers.get("content-type") ?? "";
    try {
      return fieldsOf(await new Response(bytes, { headers: { "content-type": contentType } }).formData());
    } catch {
      throw new BadRequestError(t("common.error.uploadUnreadable"));
    }
  };
}
