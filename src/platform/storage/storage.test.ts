import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { freePort, startWebServer } from "../../../tests/support/processes";
import { createApp } from "../../app";
import { config } from "../../config";
import { errorHandler } from "../../web/error-handler";
import { diskStorageRoutes } from "../../web/storage-routes";
import { ForbiddenError } from "../errors";
import { requestContext } from "../http/request-context";
import { DiskStorage } from "./disk";
import { storage as appStorage, centreObjectKey, storageSigningSecret } from "./index";
import { S3Storage } from "./s3";
import { signUrl } from "./signed-url";
import { StreamTooLargeError } from "./spool";
import { BUCKETS, type Storage } from "./types";

interface Driver {
  storage: Storage;
  /** The same service, reached with the wrong secret. */
  wrongSecret: Storage;
  /** The query parameter holding the signature in a signed URL. */
  signatureParam: string;
  /** Whether direct calls (not just signed URLs) authenticate, and so can be refused. */
  credentialed: boolean;
  stop(): Promise<void>;
}

async function diskDriver(): Promise<Driver> {
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The app's own folder, which scripts/test.sh empties before each run.
  const root = `${config.DATA_DIR}/storage`;
  const disk = new DiskStorage({ root, baseUrl, signingSecret: storageSigningSecret() });
  const server = new Elysia()
    .use(requestContext)
    .use(errorHandler)
    .use(diskStorageRoutes(disk))
    .listen({ hostname: "127.0.0.1", port });
  return {
    storage: disk,
    wrongSecret: new DiskStorage({ root, baseUrl, signingSecret: "not-the-secret" }),
    signatureParam: "sig",
    credentialed: false,
    stop: async () => {
      await server.stop(true);
    },
  };
}

async function s3Driver(): Promise<Driver> {
  if (!config.S3_ACCESS_KEY)
    throw new Error("S3_* are not set: run the tests with ./scripts/test.sh (it starts Swift)");
  const options = {
    endpoint: config.S3_ENDPOINT,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    region: config.S3_REGION,
    pathStyle: config.S3_USE_PATH_STYLE,
  };
  return {
    storage: new S3Storage(options),
    wrongSecret: new S3Storage({ ...options, secretKey: `${options.secretKey}-wrong` }),
    signatureParam: "X-Amz-Signature",
    credentialed: true,
    stop: async () => {},
  };
}

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function sampleBytes(size = 70_000): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 64 KiB at a time.
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  bytes.set(PNG_HEAD);
  return bytes;
}

/** A stream that hands out the chunks one by one, as a generated export does. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  const queue = [...chunks];
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function tamper(url: string, param: string): string {
  const parsed = new URL(url);
  const signature = parsed.searchParams.get(param) ?? "";
  const last = signature.at(-1) === "0" ? "1" : "0";
  parsed.searchParams.set(param, signature.slice(0, -1) + last);
  return parsed.toString();
}

const bucket = BUCKETS.documents;

describe.each([
  ["disk", diskDriver],
  ["s3", s3Driver],
])("storage driver: %s", (_name, makeDriver) => {
  let driver: Driver;
  const centreA = crypto.randomUUID();
  const centreB = crypto.randomUUID();

  beforeAll(async () => {
    driver = await makeDriver();
    await driver.storage.ensureBuckets();
  });
  afterAll(async () => {
    await driver.stop();
  });

  test("creates and checks its four buckets", async () => {
    await driver.storage.ensureBuckets();
    await driver.storage.checkBuckets();
  });

  test("round trip: put, stat, get, head, stream, list, remove", async () => {
    const { storage } = driver;
    const key = centreObjectKey(centreA, "submission");
    const bytes = sampleBytes();
    await storage.put(bucket, key, bytes, "image/png");

    expect((await storage.get(bucket, key))?.bytes).toEqual(bytes);
    const info = await storage.stat(bucket, key);
    expect(info).toMatchObject({ key, size: bytes.byteLength, contentType: "image/png" });
    expect(info?.etag).toBeTruthy();
    expect([...((await storage.getHead(bucket, key, 8)) ?? [])]).toEqual(PNG_HEAD);
    const stream = await storage.getStream(bucket, key);
    expect(stream && (await collect(stream))).toEqual(bytes);

    const listed = [];
    for await (const object of storage.list(bucket, `centres/${centreA}/`)) listed.push(object.key);
    expect(listed).toContain(key);

    await storage.remove(bucket, key);
    expect(await storage.get(bucket, key)).toBeNull();
    expect(await storage.stat(bucket, key)).toBeNull();
    expect(await storage.getStream(bucket, key)).toBeNull();
  });

  test("putStream stores a stream chunk by chunk, and refuses one over its limit", async () => {
    const { storage } = driver;
    const key = centreObjectKey(centreA, "export");
    const chunks = [sampleBytes(70_000), sampleBytes(30_000), sampleBytes(9)];
    const size = await storage.putStream(bucket, key, streamOf(chunks), 200_000, "text/csv");
    expect(size).toBe(100_009);
    const stored = await storage.get(bucket, key);
    expect(stored?.bytes).toEqual(new Uint8Array(await new Blob(chunks).arrayBuffer()));

    const tooLong = centreObjectKey(centreA, "export");
    await expect(storage.putStream(bucket, tooLong, streamOf(chunks), 50_000)).rejects.toThrow(StreamTooLargeError);
    expect(await storage.stat(bucket, tooLong)).toBeNull();
  });

  test("moves an object to a new key with a new content type", async () => {
    const { storage } = driver;
    const from = centreObjectKey(centreA, "uploads");
    const to = centreObjectKey(centreA, "submission");
    const bytes = sampleBytes(1000);
    await storage.put(bucket, from, bytes, "application/octet-stream");
    await storage.move(bucket, from, to, "image/png");
    expect(await storage.stat(bucket, from)).toBeNull();
    expect((await storage.get(bucket, to))?.bytes).toEqual(bytes);
    expect((await storage.stat(bucket, to))?.contentType).toBe("image/png");
  });

  test("presigned PUT then GET with plain fetch", async () => {
    const { storage } = driver;
    const key = centreObjectKey(centreA, "submission");
    const bytes = sampleBytes();
    const putUrl = await storage.presignedPutUrl(bucket, key, { centreId: centreA });
    const put = await fetch(putUrl, { method: "PUT", body: bytes });
    expect(put.status).toBe(200);

    const getUrl = await storage.presignedGetUrl(bucket, key, {
      centreId: centreA,
      contentType: "image/png",
      downloadName: "my work.png",
    });
    const get = await fetch(getUrl);
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("image/png");
    expect(get.headers.get("content-disposition")).toContain("my%20work.png");
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(bytes);
  });

  test("a tampered signature, key or method is refused with 403", async () => {
    const { storage } = driver;
    const key = centreObjectKey(centreA, "submission");
    await storage.put(bucket, key, sampleBytes(100), "image/png");
    const getUrl = await storage.presignedGetUrl(bucket, key, { centreId: centreA });

    expect((await fetch(tamper(getUrl, driver.signatureParam))).status).toBe(403);
    const otherKey = centreObjectKey(centreA, "submission");
    await storage.put(bucket, otherKey, sampleBytes(100), "image/png");
    expect((await fetch(getUrl.replace(key, otherKey))).status).toBe(403);
    // A download link cannot be used to upload.
    expect((await fetch(getUrl, { method: "PUT", body: "overwritten" })).status).toBe(403);
    expect((await storage.get(bucket, key))?.size).toBe(100);
  });

  test("an expired URL is refused with 403", async () => {
    const { storage } = driver;
    const key = centreObjectKey(centreA, "submission");
    await storage.put(bucket, key, sampleBytes(100), "image/png");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    const expiredGet = await storage.presignedGetUrl(bucket, key, {
      centreId: centreA,
      expiresInSeconds: 60,
      signedAt: twoHoursAgo,
    });
    expect((await fetch(expiredGet)).status).toBe(403);
    const expiredPut = await storage.presignedPutUrl(bucket, key, {
      centreId: centreA,
      expiresInSeconds: 60,
      signedAt: twoHoursAgo,
    });
    expect((await fetch(expiredPut, { method: "PUT", body: "late" })).status).toBe(403);
  });

  test("URLs signed with the wrong secret are refused", async () => {
    const key = centreObjectKey(centreA, "submission");
    await driver.storage.put(bucket, key, sampleBytes(100), "image/png");
    const forgedGet = await driver.wrongSecret.presignedGetUrl(bucket, key, { centreId: centreA });
    expect((await fetch(forgedGet)).status).toBe(403);
    const forgedPut = await driver.wrongSecret.presignedPutUrl(bucket, key, { centreId: centreA });
    expect((await fetch(forgedPut, { method: "PUT", body: "forged" })).status).toBe(403);
    expect((await driver.storage.get(bucket, key))?.size).toBe(100);
    if (driver.credentialed) {
      await expect(driver.wrongSecret.put(bucket, key, sampleBytes(10))).rejects.toThrow();
      await expect(driver.wrongSecret.checkBuckets()).rejects.toThrow();
    }
  });

  test("no URL is signed for another centre's key", async () => {
    const { storage } = driver;
    const keyOfA = centreObjectKey(centreA, "submission");
    await storage.put(bucket, keyOfA, sampleBytes(100), "image/png");
    await expect(storage.presignedGetUrl(bucket, keyOfA, { centreId: centreB })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(storage.presignedPutUrl(bucket, keyOfA, { centreId: centreB })).rejects.toBeInstanceOf(ForbiddenError);
    const escapes = [`centres/${centreB}/../${centreA}/x`, "shared/x", `centres/${centreB}`];
    for (const key of escapes) {
      await expect(storage.presignedGetUrl(bucket, key, { centreId: centreB })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("disk signed URLs and the app", () => {
  const centreA = crypto.randomUUID();
  const centreB = crypto.randomUUID();
  const secret = storageSigningSecret();

  test("a URL naming one centre for another centre's key is refused, even when correctly signed", async () => {
    const app = createApp();
    const keyOfA = centreObjectKey(centreA, "submission");
    await appStorage.put(bucket, keyOfA, sampleBytes(100));
    // Signed with the real secret, bypassing the signer's own namespace check.
    const url = signUrl(secret, "http://localhost", "GET", bucket, keyOfA, { centreId: centreB });
    expect((await app.handle(new Request(url))).status).toBe(403);
    const swapped = new URL(signUrl(secret, "http://localhost", "GET", bucket, keyOfA, { centreId: centreA }));
    swapped.searchParams.set("centre", centreB);
    expect((await app.handle(new Request(swapped.toString()))).status).toBe(403);
  });

  test("the app serves its own disk-signed URLs and refuses uploads over the size they declare", async () => {
    const app = createApp();
    const key = centreObjectKey(centreA, "submission");
    const putUrl = signUrl(secret, "http://localhost", "PUT", bucket, key, { centreId: centreA });
    const body = sampleBytes(500);
    const headers = { "content-length": "500" };
    const put = await app.handle(new Request(putUrl, { method: "PUT", body, headers }));
    expect(put.status).toBe(200);
    const getUrl = signUrl(secret, "http://localhost", "GET", bucket, key, { centreId: centreA });
    const get = await app.handle(new Request(getUrl));
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("image/png");
    expect((await get.arrayBuffer()).byteLength).toBe(500);

    const lying = new Request(putUrl, { method: "PUT", body: sampleBytes(900), headers: { "content-length": "10" } });
    expect((await app.handle(lying)).status).toBeGreaterThanOrEqual(400);
    expect((await appStorage.stat(bucket, key))?.size).toBe(500);
  });
});

describe("S3 health", () => {
  test("/api/health of a web process on the S3 driver checks the buckets for real", async () => {
    const web = await startWebServer({ STORAGE_DRIVER: "s3" });
    try {
      const report = (await (await fetch(`${web.url}/api/health`)).json()) as { checks: { storage: unknown } };
      expect(report.checks.storage).toMatchObject({ status: "ok", driver: "s3" });
    } finally {
      await web.stop();
    }
  });

  test("checkBuckets fails when the service cannot be reached", async () => {
    const unreachable = new S3Storage({
      endpoint: `http://127.0.0.1:${freePort()}`,
      accessKey: "nobody",
      secretKey: "nothing",
      region: "us-east-1",
      pathStyle: true,
    });
    await expect(unreachable.checkBuckets()).rejects.toThrow();
  });
});
