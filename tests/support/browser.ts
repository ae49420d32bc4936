import { type Browser, type BrowserContext, chromium } from "playwright";

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
function launchChromium(): Promise<Browser> {
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

/** One Chromium for every test file of a `bun test` run (they share a process): starting it costs a second or more. */
let running: Promise<Browser> | null = null;

async function sharedChromium(): Promise<Browser> {
  running ??= launchChromium();
  const browser = await running;
  if (browser.isConnected()) return browser;
  running = launchChromium();
  return running;
}

/**
 * The test file's own view of the shared Chromium. Its pages ask for British English
 * (`Accept-Language`), the source language the tests' expected text is written in; a test of
 * another language sets its centre's or context's locale. `close()` closes the contexts and pages
 * this file opened, not the browser, so the next file starts with a clean browser at no cost.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await sharedChromium();
  const opened = new Set<BrowserContext>();
  // A context comes from the shared Chromium as it is now: if it went away (a crash on a loaded
  // machine), a fresh one serves this file's next test instead of every later one failing at once.
  const newContext: Browser["newContext"] = async (options = {}) => {
    const context = await (await sharedChromium()).newContext({ locale: "en-GB", ...options });
    opened.add(context);
    context.once("close", () => opened.delete(context));
    return context;
  };
  const newPage: Browser["newPage"] = async (options = {}) => {
    const context = await newContext(options);
    const page = await context.newPage();
    page.once("close", () => void context.close().catch(() => {}));
    return page;
  };
  const close = async () => {
    await Promise.all([...opened].map((context) => context.close().catch(() => {})));
  };
  return new Proxy(browser, {
    get(target, key, receiver) {
      if (key === "newContext") return newContext;
      if (key === "newPage") return newPage;
      if (key === "close") return close;
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A browser context already signed in with credentials from `signedInAs` (tests/support/fixtures). */
export async function contextWithSession(browser: Browser, cookie: string, url: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}
