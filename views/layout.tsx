import type { Child } from "#html/jsx-runtime";
import { assetUrl } from "../src/platform/http/assets";
import { currentLocale, directionOf, t } from "../src/platform/i18n";
import { LiveRegion, LiveStream } from "./components/live";

export interface NavLink {
  href: string;
  label: string;
  /** A live count beside the label: the region live pushes refresh, and where the page first fetches it. */
  count?: { region: string; src: string };
}

/** The link's count, fetched after the page loads so rendering a page never waits on it. */
function NavCount({ count }: { count: NonNullable<NavLink["count"]> }) {
  return (
    <LiveRegion name={count.region}>
      <span hx-get={count.src} hx-trigger="load" hx-swap="outerHTML" />
    </LiveRegion>
  );
}

/** What the layout shows about who is looking: plain data, prepared by the platform. */
export interface Viewer {
  signedIn: boolean;
  name: string;
  roleLabel: string;
  nav: NavLink[];
  csrfToken: string;
  /** Signed in inside a centre: the page opens its live stream and shows the notifications bell. */
  live?: boolean;
  /** A child's homework session on a kiosk: "I'm finished" instead of signing out, and an idle timer. */
  kioskHomework?: { idleSeconds: number };
  /** The centre the page is in: its name and logo head the page. */
  centre?: { name: string; logoSrc: string | null };
}

export interface LayoutProps {
  title: string;
  viewer?: Viewer;
  /** Extra live topics this page follows (e.g. "marking:<tutorId>"), authorised by /events/live. */
  liveTopics?: string[];
  /** The sentence the last save left for this page ("Saved."), shown once. */
  flash?: string;
  children: Child;
}

/** htmx settings: no inline indicator CSS (our stylesheet has it, and the CSP forbids inline styles). */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false, defaultTimeout: 20000 });

function SiteNav({ viewer }: { viewer: Viewer }) {
  if (!viewer.signedIn) {
    return (
      <nav class="site-nav" aria-label={t("common.layout.mainNav")}>
        {viewer.roleLabel ? <span>{viewer.name}</span> : <a href="/sign-in">{t("common.layout.signIn")}</a>}
      </nav>
    );
  }
  return (
    <nav class="site-nav" aria-label={t("common.layout.mainNav")}>
      {viewer.nav.map((link) => (
        <a href={link.href}>
          {link.label}
          {link.count && " "}
          {link.count && <NavCount count={link.count} />}
        </a>
      ))}
      <span class="who">
        {viewer.name} <span class="muted-inverse">({viewer.roleLabel})</span>
      </span>
      {viewer.kioskHomework ? (
        <form method="post" action="/kiosk/homework/finish" class="inline-form" data-idle-finish>
          <input type="hidden" name="_csrf" value={viewer.csrfToken} />
          <button type="submit" class="kiosk-finish">
            <span aria-hidden="true">✓</span> {t("common.layout.kioskFinished")}
          </button>
        </form>
      ) : (
        <form method="post" action="/sign-out" class="inline-form">
          <input type="hidden" name="_csrf" value={viewer.csrfToken} />
          <button type="submit" class="link-button">
            {t("common.layout.signOut")}
          </button>
        </form>
      )}
    </nav>
  );
}

export function Layout({ title, viewer, liveTopics, flash, children }: LayoutProps) {
  // Every htmx request carries the CSRF token; plain forms carry it in a hidden field.
  const locale = currentLocale();
  const csrfHeaders = viewer ? JSON.stringify({ "X-CSRF-Token": viewer.csrfToken }) : undefined;
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("common.layout.pageTitle", { title })}</title>
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="stylesheet" href={assetUrl("css/app.css")} />
        <link rel="icon" href={assetUrl("icons/favicon.svg")} type="image/svg+xml" />
        {/* htmx, with its SSE extension in the same file when the page has a live stream (build-assets.ts says why). */}
        <script src={assetUrl(viewer?.live ? "vendor/htmx-live.min.js" : "vendor/htmx.min.js")} defer />
        {viewer?.kioskHomework && <script src={assetUrl("js/kiosk.js")} defer />}
        {viewer?.signedIn && <script src={assetUrl("js/confirm.js")} defer />}
      </head>
      <body hx-headers:inherited={csrfHeaders} data-idle-seconds={viewer?.kioskHomework?.idleSeconds}>
        <a class="skip-link" href="#main">
          {t("common.layout.skipToContent")}
        </a>
        <header class="site-header">
          <a class="brand" href={viewer?.kioskHomework ? "/kiosk/homework" : viewer?.signedIn ? "/home" : "/"}>
            AetherLearn
          </a>
          {viewer?.centre && (
            <span class="centre-brand">
              {viewer.centre.logoSrc && <img src={viewer.centre.logoSrc} alt="" height="32" />}
              {viewer.centre.name}
            </span>
          )}
          {viewer && <SiteNav viewer={viewer} />}
          {viewer?.live && (
            <a class="bell" href="/notifications">
              {t("common.layout.notifications")} <LiveRegion name="notification-count" />
            </a>
          )}
        </header>
        <main id="main" tabindex="-1">
          {flash && (
            <div class="notice ok flash" role="status">
              {flash}
            </div>
          )}
          {children}
        </main>
        {viewer?.live && <LiveStream topics={liveTopics} />}
        <footer class="site-footer">
          <p>{t("common.layout.footer")}</p>
        </footer>
      </body>
    </html>
  );
}
