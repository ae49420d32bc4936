import type { SafeHtml } from "#html/jsx-runtime";
import {
  acceptsGzip,
  bodyWhenReady,
  compress,
  compressOffLoop,
  isCompressible,
  negotiateEncoding,
  OFF_LOOP_BYTES,
} from "./compress";
import { splicedGzip } from "./precompressed";

/**
 * True when htmx asked for a piece of a page. History restores and requests that target the
 * whole body get the full document.
 */
export function isFragmentRequest(request: Request): boolean {
  return (
    request.headers.get("hx-request") === "true" &&
    request.headers.get("hx-request-type") !== "full" &&
    request.headers.get("hx-history-restore-request") !== "true"
  );
}

export interface HtmlInit {
  status?: number;
  headers?: Record<string, string>;
}

/**
 * An HTML response, compressed when the client accepts it: small pages on the spot, large ones on
 * the thread pool (the event loop serves other requests meanwhile), and a page holding a cached
 * part (see cachedPart) with that part's compressed bytes spliced in.
 */
export function htmlResponse(request: Request, html: SafeHtml | string, init: HtmlInit = {}): Response {
  const text = typeof html === "string" ? html : html.html;
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    vary: "Accept-Encoding, HX-Request",
    ...init.headers,
  };
  const status = init.status ?? 200;
  const acceptEncoding = request.headers.get("accept-encoding");
  const encoding = negotiateEncoding(acceptEncoding);
  const spliced = encoding !== "identity" && acceptsGzip(acceptEncoding) ? splicedGzip(request, text) : null;
  if (spliced) return new Response(spliced, { status, headers: { ...headers, "content-encoding": "gzip" } });
  const identity = new TextEncoder().encode(text);
  if (encoding === "identity" || !isCompressible(headers["content-type"]!, identity.byteLength)) {
    return new Response(identity, { status, headers });
  }
  if (identity.byteLength < OFF_LOOP_BYTES) {
    return new Response(compress(identity, encoding), {
      status,
      headers: { ...headers, "content-encoding": encoding },
    });
  }
  const body = bodyWhenReady(compressOffLoop(identity, encoding));
  return new Response(body, { status, headers: { ...headers, "content-encoding": encoding } });
}
