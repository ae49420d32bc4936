/**
 * Image memory figure (issue 10, defect 7): makes four photos at the pixel limit (5000 × 5000,
 * 25 MP, noisy so they really decode), derives the thumbnail and WebP of all four at once as the
 * files worker would with four jobs in flight, and prints the time taken and this process's peak
 * RSS (VmHWM). The shared memory budget makes them decode one or two at a time.
 * Run: bun scripts/bench-image-memory.ts (needs only the environment config.ts reads).
 */
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { deriveImages, IMAGE_MEMORY_BUDGET_BYTES, MAX_IMAGE_PIXELS } from "../src/modules/files";

const SIDE = Math.floor(Math.sqrt(MAX_IMAGE_PIXELS));

function memoryMb(): { rss: number; peak: number } {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

const photo = new Uint8Array(
  await sharp({
    create: { width: SIDE, height: SIDE, channels: 3, background: "#3366aa", noise: { type: "gaussian", sigma: 30 } },
  })
    .jpeg({ quality: 85 })
    .toBuffer(),
);
const before = memoryMb();
const started = performance.now();
await Promise.all([1, 2, 3, 4].map(() => deriveImages(photo)));
const after = memoryMb();
console.log(
  `four ${SIDE}x${SIDE} photos (${(MAX_IMAGE_PIXELS / 1e6).toFixed(0)} MP, ${(photo.byteLength / 1e6).toFixed(1)} MB JPEG) derived at once: ` +
    `${Math.round(performance.now() - started)} ms; RSS before ${before.rss} MB, peak ${after.peak} MB ` +
    `(budget ${IMAGE_MEMORY_BUDGET_BYTES / 1024 / 1024} MB for decoding)`,
);
process.exit(0);
