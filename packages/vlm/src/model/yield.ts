interface SchedulerLike {
  yield?: () => Promise<void>;
}

/**
 * Resolves after one macrotask, so that queued events (a worker message that aborts) can run between decoder
 * steps even on the CPU backend, whose steps complete without ever yielding. Uses `scheduler.yield()` where it
 * exists (no timer clamping), else `setTimeout(0)`.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (typeof scheduler?.yield === 'function') {
    return scheduler.yield();
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
