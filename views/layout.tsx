import type { Child } from "#html/jsx-runtime";
import { assetUrl } from "../src/platform/http/assets";

export interface LayoutProps {
  title: string;
  children: Child;
}

/** htmx settings: no inline indicator CSS (our stylesheet has it, and the CSP forbids inline styles). */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false, defaultTimeout: 20000 });

export function Layout({ title, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title} · AetherLearn</title>
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="stylesheet" href={assetUrl("css/app.css")} />
        <link rel="icon" href={assetUrl("icons/favicon.svg")} type="image/svg+xml" />
        <script src={assetUrl("vendor/htmx.min.js")} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            AetherLearn
          </a>
        </header>
        <main id="main" tabindex="-1">
          {children}
        </main>
        <footer class="site-footer">
          <p>AetherLearn · learning centres, lightly run</p>
        </footer>
      </body>
    </html>
  );
}
