import type { SafeHtml } from "#html/jsx-runtime";
import { compress, isCompressible, negotiateEncoding } from "./compress";

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

/** An HTML response, compressed when the client accepts it. */
export function htmlResponse(request: Request, html: SafeHtml | string, init: HtmlInit = {}): Response {
  const text = typeof html === "string" ? html : html.html;
  const identity = new TextEncoder().encode(text);
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    vary: "Accept-Encoding, HX-Request",
    ...init.headers,
  };
  const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
  const body =
    encoding !== "identity" && isCompressible(headers["content-type"]!, identity.byteLength)
      ? compress(identity, encoding)
      : identity;
  if (body !== identity) headers["content-encoding"] = encoding;
  return new Response(body, { status: init.status ?? 200, headers });
}
