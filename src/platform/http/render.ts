import type { SafeHtml } from "#html/jsx-runtime";
import { Layout, type LayoutProps } from "../../../views/layout";
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

export interface PageInit extends HtmlInit, Omit<LayoutProps, "children"> {}

/**
 * One template serves both a full page and its htmx fragment: the page wraps the fragment in the
 * layout unless htmx asked for the fragment alone.
 */
export function renderPage(request: Request, fragment: SafeHtml, init: PageInit): Response {
  const { status, headers, ...layout } = init;
  if (isFragmentRequest(request)) return htmlResponse(request, fragment, { status, headers });
  const document = `<!doctype html>${Layout({ ...layout, children: fragment }).html}`;
  return htmlResponse(request, document, { status, headers });
}
