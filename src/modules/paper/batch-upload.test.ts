import { describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import { samplePhoto } from "../../../tests/support/fixtures";
import { batchAsPdf } from "./batch-upload";

describe("a scanned batch is stored as one PDF", () => {
  test("photos become one page each, scaled down to at most 2000 pixels", async () => {
    const photos = [await samplePhoto(3000, 2000), await samplePhoto(800, 1100)];
    const batch = await batchAsPdf(photos.map((bytes, index) => ({ bytes, name: `p${index}.jpg` })));
    const doc = await PDFDocument.load(batch.bytes);
    expect(doc.getPageCount()).toBe(2);
    // 2000 px at 150 dpi is 960 pt.
    expect(Math.round(doc.getPage(0).getWidth())).toBe(960);
  });

  test("a PDF is kept as it is; a PDF with photos, or other bytes, are refused", async () => {
    const pdf = new Uint8Array(await (await PDFDocument.create()).save());
    expect((await batchAsPdf([{ bytes: pdf, name: "a.pdf" }])).bytes).toBe(pdf);
    const photo = await samplePhoto(100, 100);
    await expect(
      batchAsPdf([
        { bytes: pdf, name: "a.pdf" },
        { bytes: photo, name: "b.jpg" },
      ]),
    ).rejects.toMatchObject({ status: 422 });
    await expect(batchAsPdf([{ bytes: new TextEncoder().encode("hello"), name: "a.pdf" }])).rejects.toMatchObject({
      status: 415,
    });
    await expect(batchAsPdf([])).rejects.toMatchObject({ status: 422 });
  });
});
