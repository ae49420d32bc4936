import { afterAll, describe, expect, test } from "bun:test";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
const slug = `xss-${crypto.randomUUID().slice(0, 8)}`;
const hostileName = `<script>alert("pwned")</script> & Co`;

afterAll(async () => {
  await db.deleteFrom("centres").where("slug", "=", slug).execute();
});

describe("landing page", () => {
  // Failed before: the landing page listed every centre on the installation.
  test("names no centre: it offers the way to one's own by its code", async () => {
    await db.insertInto("centres").values({ slug, name: hostileName, time_zone: "UTC" }).execute();
    const response = await app.handle(new Request("http://localhost/"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toContain(slug);
    expect(html).not.toContain("pwned");
    expect(html).toContain('<form method="get" action="/sign-in" class="stack" id="find-centre">');
    expect(html).toContain('name="code"');
  });

  test("the centre's own page escapes its name", async () => {
    const html = await (await app.handle(new Request(`http://localhost/c/${slug}`))).text();
    expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Co");
    expect(html).not.toContain(hostileName);
  });

  test("an htmx request gets the fragment alone, from the same template", async () => {
    const response = await app.handle(new Request("http://localhost/", { headers: { "HX-Request": "true" } }));
    const html = await response.text();
    expect(html.startsWith(`<div class="stack" id="landing">`)).toBe(true);
    expect(html).not.toContain("<html");
  });

  test("HTML is compressed when the client accepts it", async () => {
    for (const encoding of ["br", "gzip"]) {
      const response = await app.handle(new Request("http://localhost/", { headers: { "Accept-Encoding": encoding } }));
      expect(response.headers.get("content-encoding")).toBe(encoding);
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
    }
  });
});
