import { afterAll, beforeAll, expect, test } from "bun:test";
import sharp from "sharp";
import { samplePhoto, uploader } from "../../../tests/support/fixtures";
import { startWorker, waitFor } from "../../../tests/support/processes";
import { db } from "../../platform/db";
import { storage } from "../../platform/storage";
import { closeFilesQueue } from "./jobs";
import { KIND_RULES } from "./kinds";
import { storeDerivedImages, uploadFile } from "./service";

let worker: ReturnType<typeof startWorker>;

beforeAll(async () => {
  await storage.ensureBuckets();
  worker = startWorker();
});
afterAll(async () => {
  await worker.stop();
  await closeFilesQueue();
});

function derivedOf(fileId: string) {
  return db.selectFrom("files").selectAll().where("derived_from", "=", fileId).orderBy("variant").execute();
}

test("a worker process makes a thumbnail and a WebP of an uploaded photo", async () => {
  const { centreId, ownerId } = await uploader();
  const photo = await samplePhoto(1200, 900);
  const original = await uploadFile({ centreId, ownerId, kind: "avatar", bytes: photo, originalName: "me.jpg" });

  await waitFor(async () => (await derivedOf(original.id)).length === 2, 20_000, "derived images");
  const [thumbnail, webp] = await derivedOf(original.id);
  expect(thumbnail).toMatchObject({
    variant: "thumbnail",
    content_type: "image/webp",
    status: "stored",
    kind: "avatar",
  });
  expect(webp).toMatchObject({ variant: "webp", content_type: "image/webp", original_name: "me-webp.webp" });

  const bucket = KIND_RULES.avatar.bucket;
  const thumbnailBytes = (await storage.get(bucket, thumbnail!.object_key))?.bytes;
  expect(await sharp(thumbnailBytes).metadata()).toMatchObject({ format: "webp", width: 320, height: 240 });
  expect(thumbnail!.size_bytes).toBe(thumbnailBytes!.byteLength);
  const webpBytes = (await storage.get(bucket, webp!.object_key))?.bytes;
  expect(await sharp(webpBytes).metadata()).toMatchObject({ format: "webp", width: 1200, height: 900 });

  // A retried job finds its work done and changes nothing.
  expect(await storeDerivedImages(centreId, original.id)).toEqual([]);
  expect(await derivedOf(original.id)).toHaveLength(2);
});
