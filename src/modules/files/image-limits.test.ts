import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { ORIGIN } from "../../../tests/security/walk";
import { samplePhoto, uploader } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { MULTIPART_OVERHEAD_BYTES } from "../paper/routes";
import { deriveImages, IMAGE_MEMORY_BUDGET_BYTES, ImageTooLargeError, imagePixels } from "./images";
import { KIND_RULES, MAX_IMAGE_PIXELS } from "./kinds";
import { MemoryBudget } from "./memory-budget";
import { uploadFile } from "./service";

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A PNG that declares width × height pixels in a few hundred bytes: its first rows are real, the
 * rest never arrive, which is all a header check (or a bomb's first steps) needs.
 */
function declaredPng(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(new Uint8Array(4 * (1 + 3 * width)));
  return Buffer.concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", rows),
    chunk("IEND", new Uint8Array()),
  ]);
}

describe("image decompression bombs are refused from the header, before decoding", () => {
  const bomb = declaredPng(7000, 7000);

  test("the header is read without decoding", async () => {
    expect(bomb.byteLength).toBeLessThan(2000);
    expect(await imagePixels(bomb)).toBe(49_000_000);
    expect(49_000_000).toBeGreaterThan(MAX_IMAGE_PIXELS);
  });

  // Failed before the fix: the 49-megapixel PNG was stored and queued for decoding.
  test("an upload of a 49-megapixel PNG is refused with a 422 and a message", async () => {
    const { centreId, ownerId } = await uploader();
    const upload = uploadFile({ centreId, ownerId, kind: "submission", bytes: bomb, originalName: "page.png" });
    await expect(upload).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(upload).rejects.toMatchObject({ status: 422, message: expect.stringContaining("49 megapixels") });
  });

  // Failed before the fix: the worker started decoding it (the limit was 50 megapixels).
  test("the worker refuses it too, before decoding", async () => {
    await expect(deriveImages(bomb)).rejects.toBeInstanceOf(ImageTooLargeError);
  });

  test("an ordinary photo still gets its derived images", async () => {
    const images = await deriveImages(await samplePhoto(1200, 900));
    expect(images.map((image) => [image.variant, image.width])).toEqual([
      ["thumbnail", 320],
      ["webp", 1200],
    ]);
  });
});

describe("image decoding shares a memory budget", () => {
  test("jobs wait for their share, first come first served, and a job above the budget runs alone", async () => {
    const budget = new MemoryBudget(100);
    let running = 0;
    let most = 0;
    const finishers: (() => void)[] = [];
    const job = (bytes: number) =>
      budget.run(bytes, async () => {
        running += 1;
        most = Math.max(most, budget.reservedBytes);
        await new Promise<void>((resolve) => finishers.push(resolve));
        running -= 1;
      });
    const jobs = [job(60), job(60), job(30), job(500)];
    await Promise.resolve();
    expect(running).toBe(1);
    while (finishers.length > 0 || running > 0) {
      const finish = finishers.shift();
      finish?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(budget.reservedBytes).toBeLessThanOrEqual(100);
    }
    await Promise.all(jobs);
    expect(most).toBeLessThanOrEqual(100);
    expect(budget.reservedBytes).toBe(0);
  });

  test("four of the largest photos cannot decode at once", () => {
    expect(4 * MAX_IMAGE_PIXELS * 4).toBeGreaterThan(IMAGE_MEMORY_BUDGET_BYTES);
  });
});

describe("upload bodies are measured while they stream", () => {
  const app = createApp();

  /** A chunked body (no Content-Length) of `total` bytes that counts what the server pulled. */
  function countingBody(total: number) {
    const piece = new Uint8Array(64 * 1024);
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    });
    return { stream, counter };
  }

  // Failed before the fix: without Content-Length the whole body was read before any check.
  test("a chunked upload is cut off with a 413 once it passes the limit", async () => {
    const limit = KIND_RULES.submission.maxBytes + MULTIPART_OVERHEAD_BYTES;
    const { stream, counter } = countingBody(limit * 3);
    const response = await app.handle(
      new Request(`${ORIGIN}/homework/submissions/${crypto.randomUUID()}/files`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", origin: ORIGIN },
        body: stream,
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("larger than 20 MB");
    expect(counter.pulled).toBeLessThan(limit + 2 * 1024 * 1024);
  }, 60_000);

  test("a declared length over the limit is refused before the body is read", async () => {
    const { stream, counter } = countingBody(1024 * 1024);
    const response = await app.handle(
      new Request(`${ORIGIN}/paper/imports`, {
        method: "POST",
        headers: {
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(KIND_RULES.scan_batch.maxBytes * 2),
          origin: ORIGIN,
        },
        body: stream,
      }),
    );
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThan(1024 * 1024);
  });
});
