import { describe, expect, test } from "bun:test";
import { redirectTo, safeNextPath } from "./redirect";

const FALLBACK = "/home";

describe("safeNextPath: only a parsed path on this site", () => {
  test("same-site paths are kept, with their query and fragment", () => {
    expect(safeNextPath("/homework/123", FALLBACK)).toBe("/homework/123");
    expect(safeNextPath("/people?q=ada&page=2#top", FALLBACK)).toBe("/people?q=ada&page=2#top");
    expect(safeNextPath("/caf%C3%A9", FALLBACK)).toBe("/caf%C3%A9");
  });

  test("other sites, schemes and relative paths fall back", () => {
    for (const next of [
      undefined,
      null,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "home",
    ]) {
      expect(safeNextPath(next, FALLBACK)).toBe(FALLBACK);
    }
  });

  // Failed before the fix: "/%09/evil.example" (a tab, dropped by browsers, makes "//evil.example")
  // was passed through, and a CR/LF reached the Location header and gave a 500.
  test("tabs, line breaks, NUL and backslashes, raw or percent-encoded, fall back", () => {
    for (const next of [
      "/%09/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%0d%0aSet-Cookie:x=1",
      "/home\r\nSet-Cookie: x=1",
      "/home\u0000",
      "/%00",
      "/%5c/evil.example",
      "/%2f/evil.example",
      "/%2F%2Fevil.example",
      "/%E0%A4%A",
      `/${"a".repeat(5000)}`,
    ]) {
      expect(safeNextPath(next, FALLBACK)).toBe(FALLBACK);
    }
  });

  test("whatever next holds, the redirect it builds is a valid response", () => {
    const request = new Request("http://localhost/sign-in", { method: "POST" });
    for (const next of ["/home\r\nSet-Cookie: x=1", "/\u0000", "/ok"]) {
      const response = redirectTo(request, safeNextPath(next, FALLBACK));
      expect(response.status).toBe(303);
      expect(response.headers.get("location")?.startsWith("/")).toBe(true);
    }
  });
});
