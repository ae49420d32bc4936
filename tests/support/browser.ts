import { type Browser, type BrowserContext, chromium } from "playwright";

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A browser context already signed in with credentials from `signedInAs` (tests/support/fixtures). */
export async function contextWithSession(browser: Browser, cookie: string, url: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}
