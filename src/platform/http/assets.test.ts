import { describe, expect, test } from "bun:test";
import { brotliDecompressSync } from "node:zlib";
import { createApp } from "../../app";
import { assetUrl } from "./assets";

const app = createApp();

describe("fingerprinted assets", () => {
  test("names carry a content hash and are cached for a year", async () => {
    const url = assetUrl("css/app.css");
    expect(url).toMatch(/^\/assets\/css\/app\.[0-9a-f]{10}\.css$/);
    const response = await app.handle(new Request(`http://localhost${url}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await response.text()).toContain(".site-header");
  });

  test("htmx 4 is served from public/ with brotli and gzip", async () => {
    const url = assetUrl("vendor/htmx.min.js");
    const br = await app.handle(new Request(`http://localhost${url}`, { headers: { "Accept-Encoding": "gzip, br" } }));
    expect(br.headers.get("content-encoding")).toBe("br");
    const gzip = await app.handle(new Request(`http://localhost${url}`, { headers: { "Accept-Encoding": "gzip" } }));
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    const brBytes = (await br.arrayBuffer()).byteLength;
    expect(brBytes).toBeLessThan((await gzip.arrayBuffer()).byteLength);
    expect(brBytes).toBeLessThan(15_000);
  });

  test("an unknown or stale asset name is a 404, not a stale file", async () => {
    const response = await app.handle(new Request("http://localhost/assets/css/app.0000000000.css"));
    expect(response.status).toBe(404);
  });

  test("the build's compressed copies beside each file are served for it, never as assets of their own", async () => {
    expect(() => assetUrl("css/app.css.br")).toThrow("Unknown asset");
    const url = assetUrl("css/app.css");
    const br = await app.handle(new Request(`http://localhost${url}`, { headers: { "Accept-Encoding": "br" } }));
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(await br.arrayBuffer()).toString()).toContain(".site-header");
  });

  test("an unknown asset name is a programming error at render time", () => {
    expect(() => assetUrl("css/missing.css")).toThrow("Unknown asset");
  });
});
