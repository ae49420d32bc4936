import type { SafeHtml } from "#html/jsx-runtime";
import { Layout, type LayoutProps, type NavLink, type Viewer } from "../../views/layout";
import { roleLabel } from "../../views/people/roles";
import { logoPathOf } from "../platform/centre-context";
import { csrfTokenFor } from "../platform/http/csrf";
import { CLEAR_FLASH, readFlash } from "../platform/http/flash";
import { type HtmlInit, htmlResponse, isFragmentRequest } from "../platform/http/render";
import { type MessageKey, t } from "../platform/i18n";
import { type Permission, roleHas } from "../platform/permissions";
import type { CentreContext, Principal } from "../platform/principal";

/** A child's homework page on a kiosk says "I'm finished" by itself after this long without a touch. */
const KIOSK_HOMEWORK_PAGE_IDLE_SECONDS = 60;

/**
 * Pages in the app's layout. This sits above platform (which knows no layout) and below the
 * modules, which render every page through the renderer the guard hands them.
 */

/** The main navigation: each link shows only to those whose role holds its permission. */
const NAVIGATION: (NavLink & { label: MessageKey; permission: Permission; inCentre?: true })[] = [
  { href: "/home", label: "common.nav.home", permission: "home.read" },
  { href: "/people", label: "common.nav.people", permission: "user.read", inCentre: true },
  {
    href: "/messages",
    label: "messages.nav.label",
    permission: "message.read",
    inCentre: true,
    count: { region: "message-count", src: "/messages/unread" },
  },
  { href: "/audit", label: "common.nav.audit", permission: "audit.read", inCentre: true },
  { href: "/settings", label: "common.nav.settings", permission: "centre.read", inCentre: true },
  { href: "/platform/centres", label: "common.nav.centres", permission: "platform.centre_read" },
  { href: "/platform/health", label: "common.nav.health", permission: "platform.health_read" },
  { href: "/profile", label: "common.nav.profile", permission: "profile.read" },
];

export function viewerFor(principal: Principal, centre: CentreContext | null = null): Viewer {
  const csrfToken = csrfTokenFor(principal);
  // The centre the page is in heads it: its name, and its logo when it has one.
  const brand = centre ? { centre: { name: centre.name, logoSrc: logoPathOf(centre) } } : {};
  if (principal.kind === "anonymous") return { csrfToken, signedIn: false, name: "", roleLabel: "", nav: [] };
  if (principal.kind === "kiosk")
    return { csrfToken, signedIn: false, name: principal.name, roleLabel: roleLabel("kiosk"), nav: [], ...brand };
  const { session } = principal;
  if (session.kioskId) {
    // A child's homework on a kiosk: homework is all there is, and a minute idle ends it.
    const nav = [{ href: "/kiosk/homework", label: t("common.nav.kioskHomework") }];
    const kioskHomework = { idleSeconds: KIOSK_HOMEWORK_PAGE_IDLE_SECONDS };
    return {
      csrfToken,
      signedIn: true,
      name: principal.name,
      roleLabel: roleLabel("student"),
      nav,
      kioskHomework,
      ...brand,
    };
  }
  // Centre pages show only while working in a centre (a platform admin chooses one first).
  const visible = NAVIGATION.filter(
    (link) => roleHas(principal.role, link.permission) && (!link.inCentre || principal.centreId),
  );
  const nav: NavLink[] = visible.map(({ href, label, count }) => ({ href, label: t(label), count }));
  return {
    csrfToken,
    signedIn: true,
    name: principal.name,
    roleLabel: roleLabel(principal.role),
    nav,
    live: principal.centreId !== null,
    ...brand,
  };
}

export interface PageOptions extends HtmlInit {
  title: string;
  liveTopics?: string[];
}

export type PageRenderer = (fragment: SafeHtml, options: PageOptions) => Response;

/**
 * Renders a page for the current principal: full document or htmx fragment, with the CSRF token.
 * A full page shows the flash the last save left (platform/http/flash.ts) once, and clears it.
 */
export function pageRenderer(
  request: Request,
  principal: Principal,
  centre: CentreContext | null = null,
): PageRenderer {
  return (fragment, options) => {
    const flash = isFragmentRequest(request) ? null : readFlash(request);
    const headers = flash ? { ...options.headers, "set-cookie": CLEAR_FLASH } : options.headers;
    return renderPage(request, fragment, {
      ...options,
      headers,
      flash: flash ?? undefined,
      viewer: viewerFor(principal, centre),
    });
  };
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
