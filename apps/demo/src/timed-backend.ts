/**
 * Measures where a generation spends its time by wrapping the model's compute backend: the vision tower, the
 * prefill step (the first decoder pass over the whole prompt) and the decode steps (one token each).
 */
import type { QwenVlModel } from '@nextevent/vlm';

type Backend = QwenVlModel['backend'];

/** Counters of one generation; {@link TimedBackend.reset} starts a new one. */
export interface BackendTimings {
  visionMs: number;
  prefillTokens: number;
  prefillMs: number;
  decodeSteps: number;
  decodeMs: number;
  /** `now()` when the prefill finished: the first token is chosen from its logits. */
  prefillEnd?: number;
}

/** A backend that forwards every call and accumulates {@link BackendTimings}. */
export interface TimedBackend {
  readonly backend: Backend;
  readonly timings: BackendTimings;
  reset(): void;
}

/** Lets queued messages (a cancel request) run between decoder steps, even on the synchronous CPU backend. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Wraps `inner`; `now` is injectable for tests. */
export function timeBackend(inner: Backend, now: () => number = () => performance.now()): TimedBackend {
  let timings: BackendTimings = { visionMs: 0, prefillTokens: 0, prefillMs: 0, decodeSteps: 0, decodeMs: 0 };
  const backend: Backend = {
    get kind() {
      return inner.kind;
    },
    get config() {
      return inner.config;
    },
    async encodeVision(pixels, grids) {
      const start = now();
      const out = await inner.encodeVision(pixels, grids);
      timings.visionMs += now() - start;
      return out;
    },
    createState: (batch, capacity) => inner.createState(batch, capacity),
    async step(state, input) {
      // A pass that starts from an empty cache is the prefill; later single-position passes are decode steps.
      const prefill = state.length === 0;
      const start = now();
      const out = await inner.step(state, input);
      const end = now();
      const ms = end - start;
      if (prefill) {
        timings.prefillEnd = end;
        timings.prefillMs += ms;
        timings.prefillTokens += input.length * state.batch;
      } else {
        timings.decodeMs += ms;
        timings.decodeSteps += 1;
      }
      await yieldToEventLoop();
      return out;
    },
    dispose: () => inner.dispose(),
  };
  return {
    backend,
    get timings() {
      return timings;
    },
    reset() {
      timings = { visionMs: 0, prefillTokens: 0, prefillMs: 0, decodeSteps: 0, decodeMs: 0 };
    },
  };
}
