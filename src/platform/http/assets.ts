import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { compress, type Encoding, isCompressible, negotiateEncoding } from "./compress";

const PUBLIC_DIR = join(import.meta.dir, "../../../public");

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

interface Asset {
  url: string;
  contentType: string;
  bodies: Partial<Record<Encoding, Uint8Array>> & { identity: Uint8Array };
}

/** The build's compressed copies (scripts/build-assets.ts) sit beside their files; they are not assets. */
const PREBUILT: Partial<Record<Encoding, string>> = { br: ".br", gzip: ".gz" };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.endsWith(".br") || name.endsWith(".gz")) return [];
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The build's compressed copy, when it is at least as new as the file; else compressed here, once. */
function compressedBody(path: string, identity: Uint8Array, encoding: "br" | "gzip"): Uint8Array {
  const prebuilt = `${path}${PREBUILT[encoding]}`;
  if (existsSync(prebuilt) && statSync(prebuilt).mtimeMs >= statSync(path).mtimeMs) {
    return new Uint8Array(readFileSync(prebuilt));
  }
  return compress(identity, encoding, "max");
}

/** `css/app.css` → `/assets/css/app.3f2a9c1b7e.css`: the name changes whenever the bytes do. */
function fingerprintedUrl(logicalName: string, bytes: Uint8Array): string {
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
  const extension = extname(logicalName);
  return `/assets/${logicalName.slice(0, -extension.length)}.${hash}${extension}`;
}

function loadAsset(path: string): [string, Asset] {
  const logicalName = relative(PUBLIC_DIR, path).split("\\").join("/");
  const identity = new Uint8Array(readFileSync(path));
  const contentType = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
  const bodies: Asset["bodies"] = { identity };
  if (isCompressible(contentType, identity.byteLength)) {
    bodies.br = compressedBody(path, identity, "br");
    bodies.gzip = compressedBody(path, identity, "gzip");
  }
  return [logicalName, { url: fingerprintedUrl(logicalName, identity), contentType, bodies }];
}

const byName = new Map(listFiles(PUBLIC_DIR).map(loadAsset));
const byUrl = new Map([...byName.values()].map((asset) => [asset.url, asset]));

/** The fingerprinted URL of a file in public/, e.g. assetUrl("css/app.css"). */
export function assetUrl(logicalName: string): string {
  const asset = byName.get(logicalName);
  if (!asset)
    throw new Error(`Unknown asset ${logicalName}: is it in public/ (run \`bun run build\` for vendor files)?`);
  return asset.url;
}

/** Serves a fingerprinted asset, compressed, cached for a year; null when the URL is unknown. */
export function assetResponse(pathname: string, acceptEncoding: string | null): Response | null {
  const asset = byUrl.get(pathname);
  if (!asset) return null;
  const wanted = negotiateEncoding(acceptEncoding);
  const encoding: Encoding = asset.bodies[wanted] ? wanted : "identity";
  const headers: Record<string, string> = {
    "content-type": asset.contentType,
    "cache-control": "public, max-age=31536000, immutable",
    vary: "Accept-Encoding",
  };
  if (encoding !== "identity") headers["content-encoding"] = encoding;
  return new Response(asset.bodies[encoding], { headers });
}
