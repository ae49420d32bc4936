import { describe, expect, test } from "bun:test";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  test("formats ordinary Markdown", () => {
    const { html } = renderMarkdown("# Fractions\n\nA **half** is `1/2`. See https://example.org");
    expect(html).toContain("<h1>Fractions</h1>");
    expect(html).toContain("<strong>half</strong>");
    expect(html).toContain("<code>1/2</code>");
    expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow">');
  });

  test("a script tag comes out as text", () => {
    const { html } = renderMarkdown("<script>alert(1)</script>");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("an img with onerror comes out as text", () => {
    const { html } = renderMarkdown('<img src=x onerror="alert(1)">');
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });

  test("javascript: and data: links are not links", () => {
    for (const source of [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "<javascript:alert(1)>",
      "![x](javascript:alert(1))",
    ]) {
      const { html } = renderMarkdown(source);
      expect(html).not.toMatch(/href="\s*(javascript|data):/i);
      expect(html).not.toMatch(/src="\s*(javascript|data:text)/i);
    }
  });

  test("attribute injection through a link title or URL is escaped", () => {
    const { html } = renderMarkdown('[x](https://e.org/" onmouseover="alert(1) "t")');
    expect(html).not.toContain('" onmouseover="');
  });
});
