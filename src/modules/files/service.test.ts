import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { samplePhoto, uploader } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import type { FileKind } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import { BUCKETS, centreObjectKey, centrePrefix, storage } from "../../platform/storage";
import type { CentreId } from "../../platform/tenancy";
import { closeFilesQueue } from "./jobs";
import { KIND_RULES } from "./kinds";
import { cleanUpOrphans, confirmDirectUpload, fileUrl, removeFile, startDirectUpload, uploadFile } from "./service";

const app = createApp();

/** Disk-signed URLs are served by the app itself; S3 ones by the S3 service. */
function send(request: Request): Promise<Response> {
  return storage.driver === "disk" ? app.handle(request) : fetch(request);
}

function putTo(url: string, bytes: Uint8Array): Promise<Response> {
  const headers = { "content-length": String(bytes.byteLength) };
  return send(new Request(url, { method: "PUT", body: bytes, headers }));
}

async function objectsOf(centreId: CentreId): Promise<string[]> {
  const keys: string[] = [];
  for (const bucket of Object.values(BUCKETS)) {
    for await (const object of storage.list(bucket, centrePrefix(centreId))) keys.push(object.key);
  }
  return keys;
}

async function rowsOf(centreId: CentreId) {
  return db.selectFrom("files").selectAll().where("centre_id", "=", centreId).execute();
}

async function expectRefusal(work: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  expect((error as AppError).message).toMatch(message);
}

let centreId: CentreId;
let ownerId: string;
let photo: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  await storage.ensureBuckets();
  ({ centreId, ownerId } = await uploader());
  photo = await samplePhoto(400, 300);
});
afterAll(async () => {
  await closeFilesQueue();
});

describe("upload through the app", () => {
  test("stores a photo with its sniffed type, size and checksum", async () => {
    const file = await uploadFile({
      centreId,
      ownerId,
      kind: "submission",
      bytes: photo,
      originalName: "C:\\pics\\page 1.jpg",
    });
    expect(file).toMatchObject({
      status: "stored",
      content_type: "image/jpeg",
      size_bytes: photo.byteLength,
      bucket: BUCKETS.documents,
      original_name: "page 1.jpg",
      checksum_sha256: new Bun.CryptoHasher("sha256").update(photo).digest("hex"),
    });
    expect(file.object_key).toBe(centreObjectKey(centreId, "submission", file.id));
    expect((await storage.get(BUCKETS.documents, file.object_key))?.bytes).toEqual(photo);
    await removeFile({ centreId, fileId: file.id });
  });

  const refusals: Array<[string, FileKind, () => Uint8Array, number, RegExp]> = [
    [
      "a text file named .jpg",
      "avatar",
      () => new TextEncoder().encode("<html>not a photo</html>"),
      415,
      /not a JPEG, PNG or WebP/,
    ],
    ["a PDF as an avatar", "avatar", () => new TextEncoder().encode("%PDF-1.7\n..."), 415, /not a JPEG/],
    ["an avatar over 5 MB", "avatar", () => oversized(KIND_RULES.avatar.maxBytes + 1), 413, /larger than 5 MB/],
    ["an empty file", "submission", () => new Uint8Array(), 400, /empty/],
  ];
  test.each(refusals)("refuses %s with a clear 4xx and stores nothing", async (_what, kind, bytes, status, message) => {
    const fresh = await uploader();
    const input = { ...fresh, kind, bytes: bytes(), originalName: "photo.jpg" };
    await expectRefusal(uploadFile(input), status, message);
    expect(await rowsOf(fresh.centreId)).toEqual([]);
    expect(await objectsOf(fresh.centreId)).toEqual([]);
  });
});

function oversized(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

describe("direct upload to storage", () => {
  test("start, PUT to the signed URL, confirm: the file is stored and can be fetched", async () => {
    const upload = await startDirectUpload({ centreId, ownerId, kind: "submission", originalName: "homework.jpg" });
    expect(upload.file.status).toBe("pending");
    expect(upload.maxBytes).toBe(KIND_RULES.submission.maxBytes);
    expect((await putTo(upload.uploadUrl, photo)).status).toBe(200);

    const file = await confirmDirectUpload({ centreId, ownerId, fileId: upload.file.id });
    expect(file).toMatchObject({ status: "stored", content_type: "image/jpeg", size_bytes: photo.byteLength });
    expect(file.object_key).toBe(centreObjectKey(centreId, "submission", file.id));

    const download = await send(new Request(await fileUrl({ centreId, fileId: file.id, download: true })));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/jpeg");
    expect(download.headers.get("content-disposition")).toContain("homework.jpg");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(photo);

    // The PUT URL is still valid, but what it writes now is an orphan, not the checked file.
    expect((await putTo(upload.uploadUrl, new TextEncoder().encode("swapped"))).status).toBe(200);
    expect((await storage.get(BUCKETS.documents, file.object_key))?.bytes).toEqual(photo);
  });

  test("bytes that are not an allowed type are deleted and refused", async () => {
    const fresh = await uploader();
    const upload = await startDirectUpload({ ...fresh, kind: "submission", originalName: "work.jpg" });
    await putTo(upload.uploadUrl, new TextEncoder().encode("MZ\u0000\u0001 an executable"));
    await expectRefusal(confirmDirectUpload({ ...fresh, fileId: upload.file.id }), 415, /not a photo/);
    expect(await rowsOf(fresh.centreId)).toEqual([]);
    expect(await objectsOf(fresh.centreId)).toEqual([]);
  });

  test("an upload over the kind's limit is deleted and refused", async () => {
    const fresh = await uploader();
    const upload = await startDirectUpload({ ...fresh, kind: "avatar", originalName: "huge.jpg" });
    await putTo(upload.uploadUrl, oversized(KIND_RULES.avatar.maxBytes + 1));
    await expectRefusal(confirmDirectUpload({ ...fresh, fileId: upload.file.id }), 413, /larger than 5 MB/);
    expect(await rowsOf(fresh.centreId)).toEqual([]);
    expect(await objectsOf(fresh.centreId)).toEqual([]);
  });

  test("confirming before the upload arrives, or someone else's upload, is refused", async () => {
    const upload = await startDirectUpload({ centreId, ownerId, kind: "material", originalName: "notes.pdf" });
    await expectRefusal(confirmDirectUpload({ centreId, ownerId, fileId: upload.file.id }), 409, /not arrived/);
    const other = await uploader();
    await expectRefusal(confirmDirectUpload({ ...other, fileId: upload.file.id }), 404, /could not find/);
    await expectRefusal(
      confirmDirectUpload({ centreId, ownerId: other.ownerId, fileId: upload.file.id }),
      404,
      /could not find/,
    );
    await expectRefusal(fileUrl({ centreId: other.centreId, fileId: upload.file.id }), 404, /does not exist/);
    await expectRefusal(confirmDirectUpload({ centreId, ownerId, fileId: "not-a-uuid" }), 404, /could not find/);
  });
});

describe("orphan cleanup", () => {
  test("removes day-old pending uploads and objects without a row, and keeps stored files", async () => {
    const fresh = await uploader();
    const kept = await uploadFile({ ...fresh, kind: "submission", bytes: photo, originalName: "kept.jpg" });
    const stale = await startDirectUpload({ ...fresh, kind: "submission", originalName: "never-confirmed.jpg" });
    await putTo(stale.uploadUrl, photo);
    const orphanKey = centreObjectKey(fresh.centreId, "submission");
    await storage.put(BUCKETS.documents, orphanKey, photo, "image/jpeg");

    // Today nothing is old enough to go.
    expect(await cleanUpOrphans({ centreIds: [fresh.centreId] })).toEqual({ staleUploads: 0, orphanObjects: 0 });

    const twoDaysOn = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    const result = await cleanUpOrphans({ now: twoDaysOn, centreIds: [fresh.centreId] });
    expect(result).toEqual({ staleUploads: 1, orphanObjects: 1 });
    expect((await rowsOf(fresh.centreId)).map((row) => row.id)).toEqual([kept.id]);
    expect(await objectsOf(fresh.centreId)).toEqual([kept.object_key]);
  });
});
