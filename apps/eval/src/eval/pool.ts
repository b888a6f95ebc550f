/** Bounded concurrency: at most `concurrency` workers run at once over a list of items. */

/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight, in item order. When a worker throws,
 * no new item starts, the calls in flight finish, and the first error is rethrown. When `signal` aborts, no
 * new item starts and the function resolves once the calls in flight settle (they receive the signal too).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const lane = async (): Promise<void> => {
    while (!failed && !signal?.aborted && next < items.length) {
      const index = next++;
      try {
        await worker(items[index] as T, index);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failed) {
    throw firstError;
  }
}
