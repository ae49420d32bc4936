import { requestMeta } from "../../src/platform/http/request-context";

/**
 * Sign-in through the real forms, for tests that drive the app over HTTP: GET the sign-in page (the
 * centre's own address, or the platform's) for the pre-session cookie and its CSRF token, POST
 * /sign-in, then a page for the session's own token.
 * Works against the app in-process (`createApp()`) or a running web process (its base URL).
 */

/** The app handled in-process, or the base URL of a running web process. */
export type Target = { handle(request: Request): Promise<Response> } | string;

export type SignInAs =
  /** Staff and parents; `centre: null` signs the platform admin in at its own address, outside any centre. */
  { centre: string | null; email: string; password: string } | { centre: string; studentCode: string; pin: string };

export interface TestSession {
  /** The Cookie header to send, kept up to date with what the app has set. */
  readonly cookie: string;
  /** The CSRF token bound to this session. */
  readonly csrfToken: string;
  /** The client address every request of this session appears to come from. */
  readonly ip: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A same-origin form post carrying this session's CSRF token. */
  post(path: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
}

const IN_PROCESS_ORIGIN = "http://localhost";

/**
 * A different address per session, so sign-ins from many tests do not share one per-address rate
 * limit (the limit has its own test). 198.18.0.0/15 is reserved for testing.
 */
function testAddress(): string {
  const [a, b] = crypto.getRandomValues(new Uint8Array(2));
  return `198.${18 + ((a ?? 0) % 2)}.${b}.${1 + Math.floor(Math.random() * 254)}`;
}

function originOf(target: Target): string {
  return typeof target === "string" ? new URL(target).origin : IN_PROCESS_ORIGIN;
}

/** Sends one request from `ip`: through the loopback proxy header to a server, or directly in-process. */
function dispatch(target: Target, path: string, init: RequestInit, ip: string): Promise<Response> {
  if (typeof target === "string") {
    const headers = new Headers(init.headers);
    headers.set("x-real-ip", ip);
    return fetch(new URL(path, target), { ...init, headers, redirect: "manual" });
  }
  const request = new Request(new URL(path, IN_PROCESS_ORIGIN).href, init);
  // The address is fixed before the app sees the request, as the socket would fix it.
  requestMeta(request, ip);
  return target.handle(request);
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const split = pair.indexOf("=");
      const name = pair.slice(0, split).trim();
      const value = pair.slice(split + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("No CSRF token on the page");
  return token;
}

function credentialFields(who: SignInAs): Record<string, string> {
  if ("studentCode" in who) return { mode: "student", centre: who.centre, studentCode: who.studentCode, pin: who.pin };
  if (who.centre === null) return { mode: "platform", email: who.email, password: who.password };
  return { mode: "password", centre: who.centre, email: who.email, password: who.password };
}

/** Signs in through the real sign-in form; throws with the status and page text when refused. */
export async function signIn(target: Target, who: SignInAs, ip: string = testAddress()): Promise<TestSession> {
  const jar = new CookieJar();
  let csrfToken = "";
  const origin = originOf(target);
  const send = async (path: string, init: RequestInit & { headers?: Record<string, string> }) => {
    const response = await dispatch(target, path, { ...init, headers: { cookie: jar.header(), ...init.headers } }, ip);
    jar.take(response);
    return response;
  };
  const session: TestSession = {
    get cookie() {
      return jar.header();
    },
    get csrfToken() {
      return csrfToken;
    },
    ip,
    get: (path, headers = {}) => send(path, { method: "GET", headers }),
    post: (path, form = {}, headers = {}) =>
      send(path, {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrfToken, ...form }),
        headers: { origin, "content-type": "application/x-www-form-urlencoded", ...headers },
      }),
  };

  const page = who.centre === null ? "/platform/sign-in" : `/c/${who.centre}`;
  csrfToken = csrfTokenIn(await (await session.get(page)).text());
  const signedIn = await session.post("/sign-in", credentialFields(who));
  if (signedIn.status !== 303) {
    const text = (await signedIn.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    throw new Error(`Sign-in refused with ${signedIn.status}: ${text.slice(0, 300)}`);
  }
  // The signed-in session has a token of its own; any page shows it (the sign-out form).
  csrfToken = csrfTokenIn(await (await session.get("/home")).text());
  return session;
}
