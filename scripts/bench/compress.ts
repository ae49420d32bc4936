/**
 * Compression benchmark (issue 17): what each way of compressing a dynamic response costs the web
 * process, on real pages fetched uncompressed from the running web process: a tutor's 30 × 40
 * markbook (the largest page) and their dashboard. For each: milliseconds per response and bytes
 * out for brotli quality 1–5 and gzip 1/6 on the event loop, and for brotli off the event loop
 * (node:zlib's callback API, which Bun runs on its thread pool): the time the event loop is held
 * per call, and the wall time of 20 at once (one per benchmark connection). Started by
 * scripts/bench/pages-compress.sh inside scripts/bench.sh; prints the figures docs/performance.md
 * records.
 */

import { brotliCompress, brotliCompressSync, constants, gzipSync } from "node:zlib";
import { redis } from "../../src/platform/redis";
import { createCentre, markbookClass, signedInAs } from "../../tests/support/fixtures";

const ROUNDS = Number(process.env.BENCH_COMPRESS_ROUNDS ?? 30);
const CONCURRENT = 20;
const base = `http://127.0.0.1:${process.env.PORT ?? 3990}`;

const centre = await createCentre({ label: "bench-compress" });
const { classId } = await markbookClass(centre, { students: 30, homework: 40, label: "bench" });
const { cookie } = await signedInAs(centre.people.tutor);

async function page(path: string): Promise<Uint8Array> {
  const response = await fetch(`${base}${path}`, { headers: { cookie, "accept-encoding": "identity" } });
  if (response.status !== 200) throw new Error(`bench-compress: ${path} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const brotliOptions = (quality: number) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: quality } });

/** The median of ROUNDS timings of `work`, in milliseconds, and the size of what it made. */
function timed(work: () => Uint8Array): { ms: number; bytes: number } {
  const times: number[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    bytes = work().byteLength;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, bytes };
}

function brotliAsync(body: Uint8Array, quality: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    brotliCompress(body, brotliOptions(quality), (error, out) => (error ? reject(error) : resolve(out))),
  );
}

/** Off the event loop: the time a call holds the loop, and the wall time of CONCURRENT calls at once. */
async function offLoop(body: Uint8Array, quality: number): Promise<{ heldMs: number; wallMs: number; bytes: number }> {
  let held = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, () => {
      const call = performance.now();
      const pending = brotliAsync(body, quality).then((out) => {
        bytes = out.byteLength;
      });
      held += performance.now() - call;
      return pending;
    }),
  );
  return { heldMs: held / CONCURRENT, wallMs: performance.now() - started, bytes };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pages: [string, Uint8Array][] = [
  ["markbook 30 × 40", await page(`/classes/${classId}/markbook`)],
  ["tutor dashboard", await page("/home")],
];

for (const [name, body] of pages) {
  console.log(`\n${name}: ${kb(body.byteLength)} uncompressed, median of ${ROUNDS}`);
  for (const quality of [1, 2, 3, 4, 5]) {
    const { ms, bytes } = timed(() => brotliCompressSync(body, brotliOptions(quality)));
    const sync20 = ms * CONCURRENT;
    console.log(
      `  brotli q${quality} on the loop   ${ms.toFixed(2).padStart(6)} ms  ${kb(bytes).padStart(9)}  (20 at once hold the loop ${sync20.toFixed(0)} ms)`,
    );
  }
  for (const level of [1, 6]) {
    const { ms, bytes } = timed(() => gzipSync(body, { level }));
    console.log(`  gzip ${level} on the loop      ${ms.toFixed(2).padStart(6)} ms  ${kb(bytes).padStart(9)}`);
  }
  for (const quality of [4, 5]) {
    await offLoop(body, quality); // warm the pool
    const { heldMs, wallMs, bytes } = await offLoop(body, quality);
    console.log(
      `  brotli q${quality} off the loop  holds ${heldMs.toFixed(3)} ms per call  ${kb(bytes).padStart(9)}  (20 at once: ${wallMs.toFixed(0)} ms wall)`,
    );
  }
}
redis.disconnect();
process.exit(0);
