/**
 * Copies the browser files we ship from node_modules into public/vendor, where the asset
 * registry fingerprints them with everything else in public/. Runs after `bun install`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = join(import.meta.dir, "..");
const vendorFiles: Record<string, string> = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
};

mkdirSync(join(root, "public/vendor"), { recursive: true });
for (const [target, source] of Object.entries(vendorFiles)) {
  copyFileSync(join(root, source), join(root, "public/vendor", target));
}

/**
 * Pages with a live stream load htmx and its SSE extension as ONE script. As two deferred scripts,
 * htmx could process the page (it starts on a timer once it runs) before the extension's file had
 * arrived and registered: the page's `hx-sse:connect` was then never seen and the page stayed
 * without live updates. In one file the extension registers before htmx's timer can fire.
 */
const htmx = readFileSync(join(root, "node_modules/htmx.org/dist/htmx.min.js"), "utf8");
const sse = readFileSync(join(root, "node_modules/htmx.org/dist/ext/hx-sse.min.js"), "utf8");
writeFileSync(join(root, "public/vendor/htmx-live.min.js"), `${htmx.trimEnd()}\n${sse}`);
for (const old of ["hx-sse.min.js", "hx-sse.min.js.br", "hx-sse.min.js.gz"]) {
  rmSync(join(root, "public/vendor", old), { force: true });
}

/**
 * The kiosk's fallback QR decoder (browsers without BarcodeDetector): jsQR without its Shift-JIS
 * table, which only kanji-mode codes need (badges are ASCII). About 11 KB compressed instead of 48.
 */
const jsqr = await Bun.file(join(root, "node_modules/jsqr/dist/jsQR.js")).text();
const table = jsqr.indexOf("exports.shiftJISTable = {");
const trimmed = `${jsqr.slice(0, table)}exports.shiftJISTable = {};${jsqr.slice(jsqr.indexOf("};", table) + 2)}`;
const entry = join(root, ".data/jsqr-entry.js");
mkdirSync(join(root, ".data"), { recursive: true });
await Bun.write(join(root, ".data/jsqr-trimmed.js"), trimmed);
await Bun.write(entry, 'import jsQR from "./jsqr-trimmed.js";\nglobalThis.jsQR = jsQR;\n');
const built = await Bun.build({ entrypoints: [entry], minify: true, target: "browser", format: "iife" });
if (!built.success) throw new Error(`jsQR bundle failed: ${built.logs.join("\n")}`);
await Bun.write(join(root, "public/vendor/jsqr.min.js"), await built.outputs[0]!.text());

/**
 * Every text file in public/ compressed once here at the highest levels, beside it (app.css.br,
 * app.css.gz): nginx serves the .gz from disk (gzip_static in ops/nginx/aetherlearn.conf) and the
 * web process loads both at start-up instead of compressing (src/platform/http/assets.ts).
 */
const COMPRESSED_KINDS = /\.(css|js|svg|txt|json|webmanifest)$/;
function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
let compressed = 0;
for (const path of listFiles(join(root, "public")).filter((file) => COMPRESSED_KINDS.test(file))) {
  const bytes = readFileSync(path);
  if (bytes.byteLength < 512) continue;
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  compressed++;
}
console.log(
  `vendor assets copied: ${Object.keys(vendorFiles).join(", ")}; htmx-live.min.js and jsqr.min.js built; ${compressed} files pre-compressed`,
);
