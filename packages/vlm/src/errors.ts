/**
 * Errors callers of @nextevent/vlm can handle. Bad arguments throw `TypeError`; impossible states use `invariant`.
 */

/** A checkpoint file is missing, malformed or inconsistent with its config (names the file and the problem). */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

/** A checkpoint uses something this runtime does not implement (architecture, dtype, activation). */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

/** A model file could not be fetched or read (network status, missing file, cache failure). */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** The model was used after `dispose()`. */
export class ModelDisposedError extends Error {
  override name = 'ModelDisposedError';
  constructor(options?: ErrorOptions) {
    super('The model has been disposed; load it again with loadModel().', options);
  }
}

/** Inputs disagree with each other or with the model (placeholder count vs grid, sequence too long). */
export class InputMismatchError extends Error {
  override name = 'InputMismatchError';
}

/** Throws an internal error for states that cannot happen when the code is correct. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(`@nextevent/vlm internal error: ${message}`);
  }
}
