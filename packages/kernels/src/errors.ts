/**
 * Typed errors of @nextevent/kernels. WebGPU reports failures through error scopes and the `lost` promise; the
 * device layer turns them into these classes so callers can tell "my shader/arguments were wrong" from "the
 * adapter ran out of memory" from "the device went away" and react (e.g. retry with smaller buffers).
 */

/** A WebGPU validation error (bad shader, bad binding, bad dispatch), with the label of what failed. */
export class GpuValidationError extends Error {
  /** Label of the op, pipeline or resource being validated, e.g. `matmul(f32)`. */
  readonly label: string;
  constructor(label: string, message: string) {
    super(`${label}: ${message}`);
    this.name = 'GpuValidationError';
    this.label = label;
  }
}

/** The adapter could not allocate GPU memory (buffer or texture), with the label of what was allocated. */
export class GpuOutOfMemoryError extends Error {
  /** Label of the allocation or op that ran out of memory. */
  readonly label: string;
  constructor(label: string, message: string) {
    super(`${label}: out of GPU memory: ${message}`);
    this.name = 'GpuOutOfMemoryError';
    this.label = label;
  }
}

/** The GPU device was lost (driver reset, tab backgrounded on mobile, `destroy()` called). */
export class DeviceLostError extends Error {
  /** `'destroyed'` when the device was destroyed on purpose, `'unknown'` otherwise (WebGPU's reasons). */
  readonly reason: GPUDeviceLostReason;
  constructor(reason: GPUDeviceLostReason, message: string) {
    super(`GPU device lost (${reason})${message ? `: ${message}` : ''}`);
    this.name = 'DeviceLostError';
    this.reason = reason;
  }
}

/** An op or dtype needs an adapter feature (e.g. `shader-f16`) that this device does not have. */
export class UnsupportedFeatureError extends Error {
  /** The missing WebGPU feature. */
  readonly feature: string;
  constructor(feature: string, what: string) {
    super(`${what} needs the WebGPU feature '${feature}', which this device does not have`);
    this.name = 'UnsupportedFeatureError';
    this.feature = feature;
  }
}

/** No WebGPU implementation or adapter is available here; the message says why and what to install. */
export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

/** Internal invariant: throws a plain Error for states that are bugs in this package, never user errors. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(`@nextevent/kernels invariant failed: ${message}`);
  }
}
