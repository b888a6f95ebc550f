/** A counting semaphore: limits how many callers hold a resource at once (e.g. CPU-bound frame decoding). */
export interface Semaphore {
  /** Runs `fn` once a slot is free and releases the slot when it settles. */
  use<T>(fn: () => Promise<T>): Promise<T>;
}

/** Creates a semaphore with `slots` slots (FIFO). */
export function createSemaphore(slots: number): Semaphore {
  let free = slots;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) {
      next();
    } else {
      free++;
    }
  };
  return {
    async use<T>(fn: () => Promise<T>): Promise<T> {
      if (free > 0) {
        free--;
      } else {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
