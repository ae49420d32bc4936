import type { App } from "../../src/app";
import { requestMeta } from "../../src/platform/http/request-context";

/**
 * A signed-out browser over the app in-process: it keeps the cookies it is given (the pre-session
 * cookie, then the session), comes from one address of its own, and sends a language if asked.
 */
export function visitor(app: App, options: { acceptLanguage?: string } = {}) {
  const cookies = new Map<string, string>();
  const ip = `198.18.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (options.acceptLanguage) headers.set("accept-language", options.acceptLanguage);
    if (cookies.size > 0) headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const request = new Request(`http://localhost${path}`, { ...init, headers });
    requestMeta(request, ip);
    const response = await app.handle(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const split = pair.indexOf("=");
      cookies.set(pair.slice(0, split), pair.slice(split + 1));
    }
    return response;
  };
  return {
    get: (path: string) => send(path),
    post: (path: string, form: Record<string, string>) =>
      send(path, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
      }),
  };
}
