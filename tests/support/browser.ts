import { type Browser, type BrowserContext, chromium } from "playwright";

/**
 * Debian's Chromium, headless, with nothing that reaches for the network on its own. It asks for
 * British English (`Accept-Language`), the source language the tests' expected text is written in;
 * a test of another language sets its centre's or context's locale.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
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
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: "en-GB", ...options });
  browser.newPage = (options = {}) => newPage({ locale: "en-GB", ...options });
  return browser;
}

/** A browser context already signed in with credentials from `signedInAs` (tests/support/fixtures). */
export async function contextWithSession(browser: Browser, cookie: string, url: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}
