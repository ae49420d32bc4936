/** Buffered writes reach the file at this size, so a long stream never piles up in memory. */
const FLUSH_BYTES = 1024 * 1024;

/**
 * Streaming hundreds of MB through a process leaves its chunks as garbage, which the collector
 * reclaims only when the heap looks large: the process's memory would climb with the file's size.
 * A nudge (asynchronous, not a full stop) every 16 MB keeps it flat.
 */
const COLLECT_EVERY_BYTES = 16 * 1024 * 1024;

export function garbageNudger(): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < COLLECT_EVERY_BYTES) return;
    since = 0;
    Bun.gc(false);
  };
}

/** A stream held more than it was allowed to; a RangeError, as the disk route expects. */
export class StreamTooLargeError extends RangeError {
  constructor(maxBytes: number) {
    super(`Stream exceeds ${maxBytes} bytes`);
  }
}

/**
 * Writes a stream to a file chunk by chunk and returns its size; fails (leaving a partial file for
 * the caller to remove) when the stream holds more than `maxBytes`.
 */
export async function writeStreamToFile(
  path: string,
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<number> {
  let written = 0;
  const writer = Bun.file(path).writer({ highWaterMark: FLUSH_BYTES });
  const nudge = garbageNudger();
  try {
    for await (const chunk of body) {
      written += chunk.byteLength;
      nudge(chunk.byteLength);
      if (written > maxBytes) throw new StreamTooLargeError(maxBytes);
      writer.write(chunk);
    }
  } finally {
    await writer.end();
  }
  return written;
}
