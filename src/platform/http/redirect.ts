/** After a form: 303 to the next page; htmx follows HX-Redirect with a full page load. */
export function redirectTo(request: Request, location: string, headers: Record<string, string> = {}): Response {
  if (request.headers.get("hx-request") === "true") {
    return new Response(null, { status: 200, headers: { ...headers, "hx-redirect": location } });
  }
  return new Response(null, { status: 303, headers: { ...headers, location } });
}

/** Only same-site paths may be redirected to after sign-in. */
export function safeNextPath(next: string | undefined | null, fallback: string): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
