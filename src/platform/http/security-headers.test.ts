import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { createApp } from "../../app";

const app = createApp();

describe("security headers", () => {
  test("every page carries a CSP without inline scripts, framing refused, nosniff and a referrer policy", async () => {
    for (const path of ["/", "/sign-in", "/no-such-page"]) {
      const response = await app.handle(new Request(`http://localhost${path}`));
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  test("no page has an inline script or style the CSP would block", async () => {
    const html = await (await app.handle(new Request("http://localhost/sign-in"))).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });
});

describe("in production", () => {
  let web: RunningProcess;
  beforeAll(async () => {
    web = await startWebServer({ NODE_ENV: "production" });
  }, 60_000);
  afterAll(async () => {
    await web?.stop();
  });

  test("HSTS is sent and cookies are marked Secure", async () => {
    const response = await fetch(`${web.url}/sign-in`);
    expect(response.headers.get("strict-transport-security")).toContain("max-age=31536000");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("Secure");
  });
});
