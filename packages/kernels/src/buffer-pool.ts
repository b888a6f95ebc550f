/**
 * A size-bucketed pool of storage buffers. Released buffers are kept for reuse by later allocations of the same
 * bucket; reuse is safe because WebGPU executes the commands of an encoder, and submitted work, in order, so a
 * tensor may be released right after the op that last reads it was recorded, even before the encoder is
 * submitted. Two rules keep it safe: (1) buffers evicted when the pool is over its byte budget are only dropped
 * (the GPU frees them once no pending command buffer refers to them), never destroyed, since an unsubmitted
 * encoder may still use them; `trim()` destroys the free buffers and is for when nothing is pending;
 * (2) `queue.writeBuffer` runs at once on the queue timeline, before any not yet submitted encoder: do not write
 * into a pooled buffer (e.g. `writeTensor` on a pooled tensor) while an unsubmitted encoder still reads a tensor
 * that was released into it.
 */

/** Usage of every pooled buffer: storage, copy source (readback) and copy destination (upload). */
export const POOL_USAGE = 0x80 | 0x04 | 0x08; // STORAGE | COPY_SRC | COPY_DST (literal: usable before globals exist)

/** Statistics of a {@link BufferPool}. */
export interface BufferPoolStats {
  /** Buffers handed out and not yet released. */
  readonly live: number;
  /** Bytes held by free buffers waiting for reuse. */
  readonly freeBytes: number;
  /** Allocations served from the free lists. */
  readonly hits: number;
  /** Allocations that created a new buffer. */
  readonly misses: number;
}

/**
 * Rounds a byte size up to its pool bucket: multiples of 256 below 64 KiB, then the next of
 * 2^k · {1, 1.25, 1.5, 1.75} (at most 25 % slack).
 */
export function bucketSize(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (b <= 65536) {
    return Math.ceil(b / 256) * 256;
  }
  const p = 2 ** Math.floor(Math.log2(b));
  for (const f of [1, 1.25, 1.5, 1.75, 2]) {
    if (p * f >= b) {
      return p * f;
    }
  }
  return 2 * p;
}

/** Usage of the read-back staging buffers ({@link KernelDevice.readbackPool}): MAP_READ | COPY_DST. */
export const READBACK_USAGE = 0x01 | 0x08;

/** A pool of buffers of one usage: {@link KernelDevice.pool} (tensors) and {@link KernelDevice.readbackPool}. */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #free = new Map<number, GPUBuffer[]>();
  readonly #maxFreeBytes: number;
  readonly #usage: GPUBufferUsageFlags;
  #freeBytes = 0;
  #live = 0;
  #hits = 0;
  #misses = 0;

  /**
   * @param device the GPU device
   * @param maxFreeBytes free bytes kept for reuse before the oldest free buffers are dropped. Default 256 MiB.
   * @param usage usage flags of every buffer of the pool. Default {@link POOL_USAGE}.
   */
  constructor(device: GPUDevice, maxFreeBytes = 256 * 1024 * 1024, usage: GPUBufferUsageFlags = POOL_USAGE) {
    this.#device = device;
    this.#maxFreeBytes = maxFreeBytes;
    this.#usage = usage;
  }

  /** A buffer of at least `bytes` bytes (its `size` is the bucket size) with the pool's usage. */
  acquire(bytes: number, label = 'pooled'): GPUBuffer {
    const size = bucketSize(bytes);
    const list = this.#free.get(size);
    const reused = list?.pop();
    this.#live++;
    if (reused) {
      this.#hits++;
      this.#freeBytes -= size;
      return reused;
    }
    this.#misses++;
    return this.#device.createBuffer({ label, size, usage: this.#usage });
  }

  /** Destroys a buffer obtained from {@link acquire} that must not be reused (e.g. one whose mapping failed). */
  discard(buffer: GPUBuffer): void {
    this.#live--;
    buffer.destroy();
  }

  /** Returns a buffer obtained from {@link acquire} for reuse. */
  release(buffer: GPUBuffer): void {
    this.#live--;
    const list = this.#free.get(buffer.size);
    if (list) {
      list.push(buffer);
    } else {
      this.#free.set(buffer.size, [buffer]);
    }
    this.#freeBytes += buffer.size;
    while (this.#freeBytes > this.#maxFreeBytes) {
      if (!this.#evictOne()) {
        break;
      }
    }
  }

  /** Destroys every free buffer (call when no unsubmitted encoder uses released tensors). */
  trim(): void {
    while (this.#evictOne(true)) {
      // keep evicting
    }
  }

  /** Current statistics. */
  get stats(): BufferPoolStats {
    return { live: this.#live, freeBytes: this.#freeBytes, hits: this.#hits, misses: this.#misses };
  }

  #evictOne(destroy = false): boolean {
    for (const [size, list] of this.#free) {
      const b = list.shift();
      if (b) {
        if (destroy) {
          b.destroy();
        }
        this.#freeBytes -= size;
        if (list.length === 0) {
          this.#free.delete(size);
        }
        return true;
      }
    }
    return false;
  }
}
