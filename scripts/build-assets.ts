/**
 * Copies the browser files we ship from node_modules into public/vendor, where the asset
 * registry fingerprints them with everything else in public/. Runs after `bun install`.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const vendorFiles: Record<string, string> = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "hx-sse.min.js": "node_modules/htmx.org/dist/ext/hx-sse.min.js",
};

mkdirSync(join(root, "public/vendor"), { recursive: true });
for (const [target, source] of Object.entries(vendorFiles)) {
  copyFileSync(join(root, source), join(root, "public/vendor", target));
}
console.log(`vendor assets copied: ${Object.keys(vendorFiles).join(", ")}`);
