import type { Child } from "#html/jsx-runtime";
import { assetUrl } from "../../src/platform/http/assets";
import { currentLocale, directionOf, t } from "../../src/platform/i18n";

export interface KioskLayoutProps {
  title: string;
  csrfToken: string;
  /** The live stream the page follows (/events/kiosk on a device), if any. */
  liveUrl?: string | null;
  /** Back to the idle screen after this many seconds, with or without JavaScript. */
  returnAfterSeconds?: number;
  /** The badge form can use the camera: kiosk.js loads the QR decoder when the browser has none. */
  scanner?: boolean;
  children: Child;
}

const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false, defaultTimeout: 20000 });

/**
 * The kiosk's own document: no site navigation, large type, htmx and the small kiosk.js, so a
 * cheap tablet browser in full-screen mode stays quick. The idle timer is kiosk.js's, with a meta
 * refresh for a browser where scripts are blocked.
 */
export function KioskLayout(props: KioskLayoutProps) {
  const locale = currentLocale();
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="mobile-web-app-capable" content="yes" />
        <title>{t("kiosk.pageTitle", { title: props.title })}</title>
        {/* Without scripts a meta refresh; with them kiosk.js (a timer a touch restarts, and no timed refresh for axe to flag). */}
        {props.returnAfterSeconds !== undefined && (
          <noscript>
            <meta http-equiv="refresh" content={`${props.returnAfterSeconds};url=/kiosk`} />
          </noscript>
        )}
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="stylesheet" href={assetUrl("css/app.css")} />
        <link rel="stylesheet" href={assetUrl("css/kiosk.css")} />
        <link rel="icon" href={assetUrl("icons/favicon.svg")} type="image/svg+xml" />
        <script src={assetUrl(props.liveUrl ? "vendor/htmx-live.min.js" : "vendor/htmx.min.js")} defer />
        <script src={assetUrl("js/kiosk.js")} defer />
      </head>
      <body
        class="kiosk"
        hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": props.csrfToken })}
        data-decoder={props.scanner ? assetUrl("vendor/jsqr.min.js") : undefined}
        data-return-after={props.returnAfterSeconds}
      >
        <main id="main" tabindex="-1">
          {props.children}
        </main>
        {props.liveUrl && <div hx-sse:connect={props.liveUrl} hx-swap="none" hidden />}
      </body>
    </html>
  );
}
