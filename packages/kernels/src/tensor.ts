/**
 * GPU tensors: a dtype, a row-major shape and a storage buffer, with upload and readback.
 */
import type { KernelDevice } from './device.js';
import { fromF16Bits, toF16Bits } from './f16.js';

/**
 * Element types. `int4` packs 8 signed-offset nibbles per u32 word (element `i` in bits `4*(i%8)` of word
 * `i/8`, i.e. low nibble first in little-endian bytes, as ONNX `MatMulNBits`); `int8` packs 4 signed bytes per
 * u32 word, little-endian.
 */
export type DType = 'f32' | 'f16' | 'i32' | 'u32' | 'int4' | 'int8';

/** Float dtypes an op can compute in. */
export type FloatDType = 'f32' | 'f16';

/** Bytes per element (0.5 for int4). */
export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'f32':
    case 'i32':
    case 'u32':
      return 4;
    case 'f16':
      return 2;
    case 'int8':
      return 1;
    case 'int4':
      return 0.5;
  }
}

/** Number of elements of a shape (1 for `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
  }
  return n;
}

/**
 * CPU data accepted by {@link uploadTensor}, always read **by value** except where a type is the dtype's own
 * storage:
 * - `f32`: numbers and every typed array are converted by value (a `Float32Array` is copied as is);
 * - `f16`: a `Uint16Array` holds f16 **bits** (see {@link toF16Bits}); numbers and other typed arrays are
 *   converted by value to f16;
 * - `i32` / `u32`: an `Int32Array` (i32) or `Uint32Array` (u32) is copied as is; anything else (numbers, a
 *   `Float32Array`, other integer arrays) is converted by value and must hold integers in the dtype's range,
 *   else a TypeError names the first bad element (a float array is never reinterpreted as integer bits);
 * - `int4` / `int8`: packed data: `Uint8Array` / `Int8Array` bytes, `Uint32Array` / `Int32Array` words, or
 *   numbers as bytes (integers in [-128, 255]); a `Float32Array` or `Uint16Array` is refused with a TypeError
 *   (quantise floats with `quantizeInt4` / `quantizeInt8`).
 */
export type TensorData =
  Float32Array | Uint16Array | Int32Array | Uint32Array | Uint8Array | Int8Array | number[];

/** Every {@link DType}, for validation. */
const DTYPES: readonly DType[] = ['f32', 'f16', 'i32', 'u32', 'int4', 'int8'];

/** `name` is the option's full name in messages, e.g. `'createTensor options.dtype'`. */
function validateDType(dtype: unknown, name: string): DType {
  if (dtype === undefined) {
    return 'f32';
  }
  if (!DTYPES.includes(dtype as DType)) {
    throw new TypeError(
      `${name}, when provided, must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, got ` +
        `${JSON.stringify(dtype)}`,
    );
  }
  return dtype as DType;
}

/** Options of {@link createTensor} / {@link uploadTensor}. */
export interface TensorOptions {
  /** Row-major shape. */
  shape: readonly number[];
  /** Element type. Default: `'f32'`. */
  dtype?: DType;
  /** Buffer label. Default: `'tensor'`. */
  label?: string;
  /**
   * Take the buffer from the device's pool (intermediates) instead of an exact-size dedicated buffer
   * (weights). Default: `true` for {@link createTensor}, `false` for {@link uploadTensor}.
   */
  pooled?: boolean;
}

function validateShape(shape: readonly number[], where: string): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(
      `${where}.shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
}

/** A dtype + shape + GPU buffer. `destroy()` returns a pooled buffer to the pool (or destroys a dedicated one). */
export class Tensor {
  /** The device the buffer lives on. */
  readonly device: KernelDevice;
  /** Element type. */
  readonly dtype: DType;
  /** Row-major shape. */
  readonly shape: readonly number[];
  /** Storage buffer (its size may exceed {@link byteLength}). */
  readonly buffer: GPUBuffer;
  readonly #pooled: boolean;
  readonly #owner: boolean;
  #destroyed = false;

  /** @internal use {@link createTensor}, {@link uploadTensor} or {@link Tensor.view}. */
  constructor(
    device: KernelDevice,
    dtype: DType,
    shape: readonly number[],
    buffer: GPUBuffer,
    pooled: boolean,
    owner = true,
  ) {
    this.device = device;
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.buffer = buffer;
    this.#pooled = pooled;
    this.#owner = owner;
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Bytes of data (rounded up to whole bytes for int4). */
  get byteLength(): number {
    return Math.ceil(this.size * bytesPerElement(this.dtype));
  }

  /** True after `destroy()`. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** A tensor sharing this buffer with another shape of the same size; destroying the view does nothing. */
  view(shape: readonly number[]): Tensor {
    validateShape(shape, 'view(shape)');
    if (shapeSize(shape) !== this.size) {
      throw new TypeError(
        `view(shape): ${JSON.stringify(shape)} has ${shapeSize(shape)} elements, tensor has ${this.size}`,
      );
    }
    return new Tensor(this.device, this.dtype, shape, this.buffer, false, false);
  }

  /** Copies the data back: f32 → Float32Array, f16 → Uint16Array (bits), i32/u32 → Int32Array/Uint32Array, int4/int8 → Uint8Array (packed bytes). */
  async read(): Promise<Float32Array | Uint16Array | Int32Array | Uint32Array | Uint8Array> {
    const bytes = await this.readBytes();
    switch (this.dtype) {
      case 'f32':
        return new Float32Array(bytes.buffer, 0, this.size);
      case 'f16':
        return new Uint16Array(bytes.buffer, 0, this.size);
      case 'i32':
        return new Int32Array(bytes.buffer, 0, this.size);
      case 'u32':
        return new Uint32Array(bytes.buffer, 0, this.size);
      default:
        return new Uint8Array(bytes.buffer, 0, this.byteLength);
    }
  }

  /** Copies float data back as a Float32Array (f16 converted). Throws TypeError for other dtypes. */
  async readFloat32(): Promise<Float32Array> {
    if (this.dtype !== 'f32' && this.dtype !== 'f16') {
      throw new TypeError(`readFloat32() needs an f32 or f16 tensor, this one is ${this.dtype}`);
    }
    const data = await this.read();
    return data instanceof Float32Array ? data : fromF16Bits(data);
  }

  /** Copies the raw bytes back (length rounded up to a multiple of 4). */
  async readBytes(): Promise<Uint8Array> {
    this.#assertLive('readBytes()');
    const size = Math.max(4, Math.ceil(this.byteLength / 4) * 4);
    const gpu = this.device.gpu;
    // a staging buffer from the device's read-back pool (creating one per read costs as much as the copy)
    const staging = this.device.readbackPool.acquire(size, 'readback');
    const enc = gpu.createCommandEncoder({ label: 'readback' });
    enc.copyBufferToBuffer(this.buffer, 0, staging, 0, size);
    gpu.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(0x0001, 0, size); // GPUMapMode.READ
    } catch (cause) {
      this.device.readbackPool.discard(staging); // not back to the pool: its state is unknown
      this.device.assertAlive();
      throw cause;
    }
    const out = new Uint8Array(staging.getMappedRange(0, size).slice(0));
    staging.unmap();
    this.device.readbackPool.release(staging);
    return out;
  }

  /** Releases the buffer (to the pool when pooled). Idempotent; views do nothing. */
  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    if (!this.#owner) {
      return;
    }
    if (this.#pooled) {
      this.device.pool.release(this.buffer);
    } else {
      this.buffer.destroy();
    }
  }

  /** Same as {@link destroy}. */
  [Symbol.dispose](): void {
    this.destroy();
  }

  #assertLive(what: string): void {
    if (this.#destroyed) {
      throw new TypeError(`${what}: the tensor was destroyed`);
    }
  }
}

function checkSize(device: KernelDevice, bytes: number, label: string): void {
  if (bytes > device.limits.maxBufferSize) {
    throw new RangeError(
      `${label}: ${bytes} bytes exceed the device's maxBufferSize ${device.limits.maxBufferSize}`,
    );
  }
}

/** An uninitialised tensor (contents undefined; pooled by default). */
export function createTensor(device: KernelDevice, options: TensorOptions): Tensor {
  validateShape(options.shape, 'createTensor options');
  const dtype = validateDType(options.dtype, 'createTensor options.dtype');
  const label = options.label ?? 'tensor';
  const bytes = Math.max(4, Math.ceil((shapeSize(options.shape) * bytesPerElement(dtype)) / 4) * 4);
  checkSize(device, bytes, label);
  const pooled = options.pooled ?? true;
  const buffer = pooled
    ? device.pool.acquire(bytes, label)
    : device.gpu.createBuffer({ label, size: bytes, usage: 0x80 | 0x04 | 0x08 });
  return new Tensor(device, dtype, options.shape, buffer, pooled);
}

const INT_RANGE = { i32: [-2147483648, 2147483647], u32: [0, 4294967295] } as const;

function typeName(data: unknown): string {
  if (Array.isArray(data)) {
    return 'number[]';
  }
  if (data !== null && typeof data === 'object') {
    return data.constructor.name;
  }
  return data === null ? 'null' : typeof data;
}

/** Converts `data` by value to `Int32Array`/`Uint32Array`, refusing non-integers and out-of-range values. */
function toIntegers(data: ArrayLike<number>, dtype: 'i32' | 'u32', where: string): Int32Array | Uint32Array {
  const [lo, hi] = INT_RANGE[dtype];
  const out = dtype === 'i32' ? new Int32Array(data.length) : new Uint32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new TypeError(
        `${where}: element ${i} is ${v}, but ${typeName(data)} data is converted by value to ${dtype}, so ` +
          `every element must be an integer in [${lo}, ${hi}]`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Encodes CPU data into the bytes of `dtype` (see {@link TensorData} for what is converted by value and what is
 * copied as is). Throws a TypeError naming `where` when the data cannot represent `dtype` or has the wrong
 * length.
 */
export function encodeTensorData(data: TensorData, dtype: DType, size: number, where = 'data'): Uint8Array {
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
    throw new TypeError(`${where} must be a typed array or number[], got ${typeName(data)}`);
  }
  validateDType(dtype, 'encodeTensorData dtype');
  const expectedBytes = Math.ceil(size * bytesPerElement(dtype));
  let bytes: Uint8Array;
  switch (dtype) {
    case 'f16':
      bytes = bytesOf(data instanceof Uint16Array ? data : toF16Bits(data));
      break;
    case 'f32':
      bytes = bytesOf(data instanceof Float32Array ? data : Float32Array.from(data));
      break;
    case 'i32':
      bytes = bytesOf(data instanceof Int32Array ? data : toIntegers(data, 'i32', where));
      break;
    case 'u32':
      bytes = bytesOf(data instanceof Uint32Array ? data : toIntegers(data, 'u32', where));
      break;
    case 'int4':
    case 'int8':
      if (data instanceof Float32Array || data instanceof Uint16Array) {
        throw new TypeError(
          `${where} is a ${typeName(data)}, but ${dtype} tensors take packed data (Uint8Array/Int8Array ` +
            `bytes, Uint32Array/Int32Array words or number[] bytes); quantise floats with ` +
            `${dtype === 'int4' ? 'quantizeInt4' : 'quantizeInt8'}`,
        );
      }
      if (Array.isArray(data)) {
        const packed = new Uint8Array(data.length);
        data.forEach((v, i) => {
          if (!Number.isInteger(v) || v < -128 || v > 255) {
            throw new TypeError(
              `${where}: element ${i} is ${v}, but ${dtype} number[] data are bytes, integers in [-128, 255]`,
            );
          }
          packed[i] = v & 0xff;
        });
        bytes = packed;
      } else {
        bytes = bytesOf(data);
      }
      break;
  }
  if (bytes.byteLength !== expectedBytes) {
    throw new TypeError(
      `${where} has ${bytes.byteLength} bytes, but ${size} ${dtype} elements need ${expectedBytes}`,
    );
  }
  return bytes;
}

/** The bytes of a typed array (a view, not a copy: `writeBuffer` copies). */
function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Uploads CPU data into a new tensor (a dedicated exact-size buffer by default). How `data` is read for each
 * dtype is described at {@link TensorData}: by value, never by reinterpreting another type's bits.
 */
export function uploadTensor(device: KernelDevice, data: TensorData, options: TensorOptions): Tensor {
  validateShape(options.shape, 'uploadTensor options');
  const dtype = validateDType(options.dtype, 'uploadTensor options.dtype');
  const bytes = encodeTensorData(
    data,
    dtype,
    shapeSize(options.shape),
    options.label === undefined ? 'uploadTensor data' : `uploadTensor data for '${options.label}'`,
  );
  const t = createTensor(device, { ...options, dtype, pooled: options.pooled ?? false });
  writeTensor(t, bytes);
  return t;
}

/** Overwrites a tensor's contents from raw bytes (padded to 4 bytes). */
export function writeTensor(tensor: Tensor, bytes: Uint8Array): void {
  if (bytes.byteLength % 4 === 0) {
    tensor.device.gpu.queue.writeBuffer(tensor.buffer, 0, bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } else {
    const padded = new Uint8Array(Math.ceil(bytes.byteLength / 4) * 4);
    padded.set(bytes);
    tensor.device.gpu.queue.writeBuffer(tensor.buffer, 0, padded.buffer, 0, padded.byteLength);
  }
}
