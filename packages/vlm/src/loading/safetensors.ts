import { ModelFormatError, UnsupportedModelError } from '../errors.js';

/** Tensor dtypes this runtime reads from safetensors. */
export type SafetensorsDtype = 'F32' | 'BF16' | 'F16';

/** One tensor's entry in a safetensors header. Offsets are absolute byte offsets in the file. */
export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
  /** Absolute byte offset of the first byte in the file. */
  begin: number;
  /** Absolute byte offset one past the last byte. */
  end: number;
}

/** A parsed safetensors header. */
export interface SafetensorsHeader {
  tensors: ReadonlyMap<string, TensorInfo>;
  metadata: Readonly<Record<string, string>>;
  /** Byte offset where the data section starts (8 + header length). */
  dataOffset: number;
}

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, BF16: 2, F16: 2 };

/** Bytes per element of a safetensors dtype. */
export function dtypeBytes(dtype: SafetensorsDtype): number {
  return BYTES[dtype];
}

/** Reads the little-endian u64 header length from the first 8 bytes of a safetensors file. */
export function readHeaderLength(first8: Uint8Array, file: string): number {
  if (first8.byteLength < 8) {
    throw new ModelFormatError(`${file}: too short to be a safetensors file.`);
  }
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = Number(view.getBigUint64(0, true));
  if (n <= 1 || n > 100_000_000) {
    throw new ModelFormatError(`${file}: implausible safetensors header length ${n}.`);
  }
  return n;
}

/**
 * Parses the JSON header of a safetensors file (`headerBytes` = the `n` bytes after the length prefix) and checks
 * every tensor's dtype, shape and byte range. `fileSize`, when known, bounds the offsets.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  file: string,
  fileSize?: number,
): SafetensorsHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(headerBytes));
  } catch (err) {
    throw new ModelFormatError(`${file}: the safetensors header is not valid JSON (${String(err)}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(`${file}: the safetensors header is not a JSON object.`);
  }
  const dataOffset = 8 + headerBytes.byteLength;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (
        typeof raw !== 'object' ||
        raw === null ||
        Array.isArray(raw) ||
        !Object.values(raw).every((v) => typeof v === 'string')
      ) {
        throw new ModelFormatError(
          `${file}: the safetensors "__metadata__" must be a JSON object of strings; got ${JSON.stringify(raw)?.slice(0, 80)}.`,
        );
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ModelFormatError(
        `${file}: header entry "${name}" is not a tensor description ({dtype, shape, data_offsets}).`,
      );
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = entry.dtype;
    if (typeof dtype !== 'string') {
      throw new ModelFormatError(
        `${file}: header entry "${name}" has no dtype string (got ${JSON.stringify(dtype) ?? 'nothing'}); the header is corrupted.`,
      );
    }
    if (dtype !== 'F32' && dtype !== 'BF16' && dtype !== 'F16') {
      throw new UnsupportedModelError(
        `${file}: tensor "${name}" has dtype ${JSON.stringify(dtype)} (F32/BF16/F16 only).`,
      );
    }
    const shape = entry.shape;
    const offsets = entry.data_offsets;
    if (
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isInteger(d) && (d as number) >= 0) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((d) => Number.isInteger(d))
    ) {
      throw new ModelFormatError(`${file}: tensor "${name}" has a malformed shape or data_offsets.`);
    }
    const [b, e] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, d) => a * d, 1);
    if (e - b !== count * BYTES[dtype] || b < 0) {
      throw new ModelFormatError(
        `${file}: tensor "${name}" spans ${e - b} bytes but shape ${JSON.stringify(shape)} × ${dtype} needs ${count * BYTES[dtype]}.`,
      );
    }
    const info: TensorInfo = {
      name,
      dtype,
      shape: shape as number[],
      begin: dataOffset + b,
      end: dataOffset + e,
    };
    if (fileSize !== undefined && info.end > fileSize) {
      throw new ModelFormatError(
        `${file}: tensor "${name}" ends at byte ${info.end}, past the file end ${fileSize}.`,
      );
    }
    tensors.set(name, info);
  }
  return { tensors, metadata, dataOffset };
}

/** Converts bfloat16 bits to float32 (exact). */
export function bf16ToF32(src: Uint16Array, dst = new Float32Array(src.length)): Float32Array {
  const bits = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let i = 0; i < src.length; i++) {
    bits[i] = (src[i] as number) << 16;
  }
  return dst;
}

/** Converts IEEE half-precision bits to float32 (exact, including subnormals, infinities and NaN). */
export function f16ToF32(src: Uint16Array, dst = new Float32Array(src.length)): Float32Array {
  for (let i = 0; i < src.length; i++) {
    const h = src[i] as number;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) {
      dst[i] = sign * frac * 2 ** -24;
    } else if (exp === 31) {
      dst[i] = frac ? NaN : sign * Infinity;
    } else {
      dst[i] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return dst;
}

/** Decodes raw little-endian tensor bytes of `dtype` into a new float32 array. */
export function decodeToF32(bytes: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  // Copy into an aligned buffer first: a slice of a larger buffer may start at an odd offset.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (dtype === 'F32') {
    return new Float32Array(
      aligned.buffer.slice(aligned.byteOffset, aligned.byteOffset + aligned.byteLength),
    );
  }
  const u16 = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
  return dtype === 'BF16' ? bf16ToF32(u16) : f16ToF32(u16);
}
