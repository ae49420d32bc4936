/**
 * A memory allowance shared by the jobs of one process: each job reserves what it may need before
 * it starts and waits (first come, first served) while the rest is taken. A job larger than the
 * whole allowance still runs, alone.
 */
export class MemoryBudget {
  private used = 0;
  private readonly waiting: { bytes: number; start: () => void }[] = [];

  constructor(readonly totalBytes: number) {}

  get reservedBytes(): number {
    return this.used;
  }

  async run<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    const share = Math.min(Math.max(bytes, 0), this.totalBytes);
    await this.reserve(share);
    try {
      return await work();
    } finally {
      this.release(share);
    }
  }

  private reserve(bytes: number): Promise<void> {
    if (this.waiting.length === 0 && this.used + bytes <= this.totalBytes) {
      this.used += bytes;
      return Promise.resolve();
    }
    return new Promise((start) => this.waiting.push({ bytes, start }));
  }

  private release(bytes: number): void {
    this.used -= bytes;
    while (this.waiting.length > 0 && this.used + (this.waiting[0]?.bytes ?? 0) <= this.totalBytes) {
      const next = this.waiting.shift();
      if (!next) break;
      this.used += next.bytes;
      next.start();
    }
  }
}
