import { ModelFormatError } from '../errors.js';

/** Float32 tensors by canonical name, for the CPU backend. */
export class CpuWeights {
  readonly #tensors = new Map<string, { data: Float32Array; shape: readonly number[] }>();

  constructor(
    /** Where the tensors came from (checkpoint directory, URL or repo id), named in errors. */
    readonly source = 'the checkpoint',
  ) {}

  /** Stores a tensor (replacing any previous one of that name). */
  set(name: string, data: Float32Array, shape: readonly number[]): void {
    this.#tensors.set(name, { data, shape });
  }

  /** True when the tensor exists. */
  has(name: string): boolean {
    return this.#tensors.has(name);
  }

  /** Returns the tensor's data; throws {@link ModelFormatError} when it is missing or has another size. */
  get(name: string, numel?: number): Float32Array {
    const t = this.#tensors.get(name);
    if (!t) {
      throw new ModelFormatError(`${this.source}: the checkpoint has no tensor "${name}".`);
    }
    if (numel !== undefined && t.data.length !== numel) {
      throw new ModelFormatError(
        `${this.source}: tensor "${name}" has shape ${JSON.stringify(t.shape)} (${t.data.length} values); expected ${numel} values.`,
      );
    }
    return t.data;
  }

  /** Returns the tensor if present. */
  maybe(name: string): Float32Array | undefined {
    return this.#tensors.get(name)?.data;
  }

  /** Number of stored values. */
  get size(): number {
    let n = 0;
    for (const t of this.#tensors.values()) {
      n += t.data.length;
    }
    return n;
  }

  /** Drops every tensor. */
  clear(): void {
    this.#tensors.clear();
  }
}
