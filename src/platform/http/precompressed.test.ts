import { describe, expect, test } from "bun:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { OFF_LOOP_BYTES } from "./compress";
import { cachedPart } from "./precompressed";
import { htmlResponse } from "./render";

const asking = (encoding: string) => new Request("http://localhost/page", { headers: { "accept-encoding": encoding } });
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
/** A large shared part, as a cached markbook is, and a page around it that differs per viewer. */
const grid = `<table>${Array.from({ length: 4000 }, (_, i) => `<tr><td>cell ${i} é ✓</td></tr>`).join("")}</table>`;
const pageFor = (request: Request, viewer: string) =>
  `<!doctype html><header>${viewer} · token ${crypto.randomUUID()}</header>${cachedPart(request, grid).html}<footer>${viewer}</footer>`;

describe("compressing dynamic pages", () => {
  test("a small page is compressed on the spot, a large one off the event loop; both decode to the page", async () => {
    const small = "<p>hello</p>".repeat(100);
    const quick = htmlResponse(asking("br, gzip"), small);
    expect(quick.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(await bytesOf(quick)).toString()).toBe(small);

    const large = "<p>a large page</p>".repeat(OFF_LOOP_BYTES / 10);
    const pooled = htmlResponse(asking("br, gzip"), large, { status: 422, headers: { "x-kept": "yes" } });
    expect(pooled.status).toBe(422);
    expect(pooled.headers.get("x-kept")).toBe("yes");
    expect(pooled.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(await bytesOf(pooled)).toString()).toBe(large);
    const zipped = htmlResponse(asking("gzip"), large);
    expect(gunzipSync(await bytesOf(zipped)).toString()).toBe(large);
    expect(await htmlResponse(asking(""), large).text()).toBe(large);
  });

  test("a cached part is compressed once, then spliced into each viewer's page as valid gzip", async () => {
    const first = asking("br, gzip");
    const firstPage = pageFor(first, "Ada");
    // The first view compresses as usual while the part's blocks are made on the thread pool.
    expect(brotliDecompressSync(await bytesOf(htmlResponse(first, firstPage))).toString()).toBe(firstPage);
    await Bun.sleep(200);
    for (const viewer of ["Ada", "Grace Hopper"]) {
      const request = asking("br, gzip");
      const page = pageFor(request, viewer);
      const response = htmlResponse(request, page);
      expect(response.headers.get("content-encoding")).toBe("gzip");
      const body = await bytesOf(response);
      expect(gunzipSync(body).toString()).toBe(page);
      expect(body.byteLength).toBeLessThan(new TextEncoder().encode(page).byteLength / 5);
    }
  });

  test("a client that takes brotli only is never sent the spliced gzip", async () => {
    const request = asking("br");
    const page = pageFor(request, "Ada");
    const response = htmlResponse(request, page);
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(await bytesOf(response)).toString()).toBe(page);
  });
});
