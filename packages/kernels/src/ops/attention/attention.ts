// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  buildPipeline,
  checkTensor,
  dummyBuffer,
  encodeDispatch,
  encodeDispatches,
  grid,
  outputTensor,
  packUniforms,
  pipelineKey,
  resolveFloatDType,
  specialize,
  whenReady,
  withPartials,
  type DispatchSpec,
  type Kernel,
} from '../../kernel.js';
import { createTensor, type FloatDType, type Tensor } from '../../tensor.js';
import WGSL from './attention.wgsl?raw';
import VEC4_WGSL from './attention-vec4.wgsl?raw';
import COMBINE_WGSL from './attention-combine.wgsl?raw';
import WRITE_WGSL from './kv-cache-write.wgsl?raw';
import KEYS_WGSL from './attention-keys.wgsl?raw';
import FLASH_WGSL from './attention-flash.wgsl?raw';

/** Options shared by {@link createAttention} and {@link createAttentionDecode}. */
export interface AttentionOptions {
  /** Storage dtype of q, k, v and out (softmax and accumulation in f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Query heads Hq. Required. */
  numHeads: number;
  /** Key/value heads Hkv (divides Hq). Default: `numHeads`. */
  numKvHeads?: number;
  /** Head dim D (at most 256). Required. */
  headDim: number;
  /** Score scale. Default: `1 / sqrt(headDim)`. */
  scale?: number;
}

/** Arguments of {@link Attention.run} (prefill). */
export interface AttentionArgs {
  /** `[L, Hq, D]` (or `[L, Hq*D]`). */
  q: Tensor;
  /** `[L, Hkv, D]`. */
  k: Tensor;
  /** `[L, Hkv, D]`. */
  v: Tensor;
  /** Causal mask (text prefill). Default: `false` (ViT). */
  causal?: boolean;
  /** u32 `[S + 1]` segment boundaries `[0, …, L]` (Qwen2-VL `cu_seqlens`); omit for one segment. */
  cuSeqlens?: Tensor;
  /** Optional output `[L, Hq, D]`. */
  out?: Tensor;
}

/** Prefill attention over token-major q/k/v: causal or not, GQA, variable-length segments. */
export interface Attention extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the attention and returns `out`. */
  run(args: AttentionArgs, encoder?: GPUCommandEncoder): Tensor;
}

interface Dims {
  dtype: FloatDType;
  Hq: number;
  Hkv: number;
  D: number;
  scale: number;
}

function resolveDims(device: KernelDevice, options: AttentionOptions, where: string): Dims {
  const dtype = resolveFloatDType(device, options.dtype, where);
  const Hq = options.numHeads;
  const Hkv = options.numKvHeads ?? Hq;
  const D = options.headDim;
  if (!Number.isInteger(Hq) || Hq < 1) {
    throw new TypeError(`${where}.numHeads must be a positive integer, got ${Hq}`);
  }
  if (!Number.isInteger(Hkv) || Hkv < 1 || Hq % Hkv !== 0) {
    throw new TypeError(
      `${where}.numKvHeads, when provided, must be a positive integer dividing numHeads (${Hq}), got ${Hkv}`,
    );
  }
  if (!Number.isInteger(D) || D < 1 || D > 256) {
    throw new TypeError(`${where}.headDim must be an integer in [1, 256], got ${D}`);
  }
  return { dtype, Hq, Hkv, D, scale: options.scale ?? 1 / Math.sqrt(D) };
}

/** Workgroups per split: the vec4 variant serves up to 8 query heads of one KV head per workgroup. */
function workgroupsPerSplit(D: number, Lq: number, Hq: number, Hkv: number): number {
  return D % 4 === 0 ? Lq * Hkv * Math.ceil(Hq / Hkv / 8) : Lq * Hq;
}

function attentionPipeline(device: KernelDevice, dtype: FloatDType, D: number) {
  // head dims that are a multiple of 4 (Qwen2-VL: 80, 128) use the vec4, GQA-sharing variant
  const vec4 = D % 4 === 0;
  return buildPipeline(
    device,
    `attention${vec4 ? '-vec4' : ''}(${dtype})`,
    pipelineKey('attention', { T: dtype, vec4 }),
    specialize(withPartials(vec4 ? VEC4_WGSL : WGSL, KEYS_WGSL), { T: dtype }),
  );
}

/** Rows (query, query head) per workgroup of the flash prefill kernel. */
const FLASH_ROWS = 64;

/**
 * Prefill pipeline for head dims that are a multiple of 4: flash-attention tiles of 64 (query, head) rows sharing
 * key/value blocks of `BK` keys in workgroup memory (K and V blocks: 2 · BK · D · 4 bytes ≤ 16 KiB).
 */
function flashPipeline(device: KernelDevice, dtype: FloatDType, D: number) {
  const D4 = D / 4;
  const BK = Math.min(32, Math.floor(512 / D4));
  return buildPipeline(
    device,
    `attention-flash(${dtype})`,
    pipelineKey('attention-flash', { T: dtype, D4, BK }),
    specialize(withPartials(FLASH_WGSL, KEYS_WGSL), { T: dtype, D4, BK }),
  );
}

/** Creates prefill attention (ViT windows via `cuSeqlens`, causal text prefill, GQA). */
export function createAttention(device: KernelDevice, options: AttentionOptions): Attention {
  const { dtype, Hq, Hkv, D, scale } = resolveDims(device, options, 'createAttention options');
  const flash = D % 4 === 0;
  const pipe = flash ? flashPipeline(device, dtype, D) : attentionPipeline(device, dtype, D);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const q = checkTensor(args.q, 'attention q', [dtype]);
      const L = q.size / (Hq * D);
      if (!Number.isInteger(L)) {
        throw new TypeError(`attention q must be [L, ${Hq}, ${D}], got [${q.shape.join(', ')}]`);
      }
      const k = checkTensor(args.k, 'attention k', [dtype]);
      const v = checkTensor(args.v, 'attention v', [dtype]);
      if (k.size !== L * Hkv * D || v.size !== L * Hkv * D) {
        throw new TypeError(
          `attention k and v must be [${L}, ${Hkv}, ${D}], got [${k.shape.join(', ')}] and [${v.shape.join(', ')}]`,
        );
      }
      const cu = args.cuSeqlens
        ? checkTensor(args.cuSeqlens, 'attention cuSeqlens', ['u32', 'i32'])
        : undefined;
      const out = outputTensor(device, args.out, 'attention out', [L, Hq, D], dtype);
      const nseg = cu ? cu.size - 1 : 0;
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([
            L,
            Hq,
            Hkv,
            D,
            0,
            L,
            Hkv * D,
            D,
            nseg,
            args.causal ? 1 : 0,
            { f32: scale },
            1,
            Math.max(1, L),
          ]),
          storage: flash
            ? [q, k, v, cu ?? dummyBuffer(device), out]
            : [q, k, v, cu ?? dummyBuffer(device), dummyBuffer(device, 1), out],
          workgroups: grid(
            device,
            flash ? Hkv * Math.ceil((L * Hq) / Hkv / FLASH_ROWS) : workgroupsPerSplit(D, L, Hq, Hkv),
          ),
        },
        encoder,
      );
      return out;
    },
  };
}

/** A key/value cache: head-major `[Hkv, capacity, D]` tensors for keys and values. */
export interface KvCache {
  /** Keys `[Hkv, capacity, D]`. */
  readonly k: Tensor;
  /** Values `[Hkv, capacity, D]`. */
  readonly v: Tensor;
  /** Tokens the cache can hold. */
  readonly capacity: number;
  /** Key/value heads (Hkv). */
  readonly numKvHeads: number;
  /** Head dimension (D). */
  readonly headDim: number;
  /** Frees both tensors. */
  destroy(): void;
}

/** Options of {@link createKvCache}. */
export interface KvCacheOptions {
  /** Storage dtype. Default: `'f32'`. */
  dtype?: FloatDType;
  /** Key/value heads (Hkv). Required. */
  numKvHeads: number;
  /** Head dimension (D). Required. */
  headDim: number;
  /** Maximum tokens. */
  capacity: number;
}

/** Allocates a KV cache (dedicated buffers, contents undefined until written). */
export function createKvCache(device: KernelDevice, options: KvCacheOptions): KvCache {
  const dtype = resolveFloatDType(device, options.dtype, 'createKvCache options');
  const { numKvHeads, headDim, capacity } = options;
  for (const [name, val] of Object.entries({ numKvHeads, headDim, capacity })) {
    if (!Number.isInteger(val) || val < 1) {
      throw new TypeError(`createKvCache options.${name} must be a positive integer, got ${val}`);
    }
  }
  const shape = [numKvHeads, capacity, headDim];
  const k = createTensor(device, { shape, dtype, pooled: false, label: 'kv-cache k' });
  const v = createTensor(device, { shape, dtype, pooled: false, label: 'kv-cache v' });
  return {
    k,
    v,
    capacity,
    numKvHeads,
    headDim,
    destroy() {
      k.destroy();
      v.destroy();
    },
  };
}

/** Arguments of {@link KvCacheWrite.run}. */
export interface KvCacheWriteArgs {
  /** New keys `[Lq, Hkv, D]`. */
  k: Tensor;
  /** New values `[Lq, Hkv, D]`. */
  v: Tensor;
  /** The cache to append to (its dtype must be the op's). */
  cache: KvCache;
  /** Tokens already in the cache; the new ones go to positions pastLen … pastLen + Lq - 1. */
  pastLen: number;
}

/** Copies new keys/values into a {@link KvCache}. */
export interface KvCacheWrite extends Kernel {
  /** Records the copy. */
  run(args: KvCacheWriteArgs, encoder?: GPUCommandEncoder): void;
}

/** Creates the KV cache append op. */
export function createKvCacheWrite(device: KernelDevice, options: { dtype?: FloatDType } = {}): KvCacheWrite {
  const dtype = resolveFloatDType(device, options.dtype, 'createKvCacheWrite options');
  const pipe = buildDtypePipeline(device, 'kv-cache-write', WRITE_WGSL, dtype);
  return {
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { cache, pastLen } = args;
      const k = checkTensor(args.k, 'kv-cache-write k', [dtype]);
      const v = checkTensor(args.v, 'kv-cache-write v', [dtype]);
      checkTensor(cache.k, 'kv-cache-write cache.k', [dtype]);
      const per = cache.numKvHeads * cache.headDim;
      const Lq = k.size / per;
      if (!Number.isInteger(Lq) || v.size !== k.size) {
        throw new TypeError(`kv-cache-write k and v must be [Lq, ${cache.numKvHeads}, ${cache.headDim}]`);
      }
      if (!Number.isInteger(pastLen) || pastLen < 0 || pastLen + Lq > cache.capacity) {
        throw new RangeError(
          `kv-cache-write: pastLen ${pastLen} + ${Lq} new tokens exceed the capacity ${cache.capacity}`,
        );
      }
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([Lq, cache.numKvHeads, cache.headDim, cache.capacity, pastLen]),
          storage: [k, v, cache.k, cache.v],
          workgroups: grid(device, Math.ceil(k.size / 64)),
        },
        encoder,
      );
    },
  };
}

/** Arguments of {@link AttentionDecode.run}. */
export interface AttentionDecodeArgs {
  /** Queries `[Lq, Hq, D]` at positions pastLen … pastLen + Lq - 1 (Lq = 1 for decode). */
  q: Tensor;
  /** The cache, already holding pastLen + Lq tokens (write the new ones first with {@link createKvCacheWrite}). */
  cache: KvCache;
  /** Tokens in the cache before these queries. */
  pastLen: number;
  /** Mask cached keys after each query's position. Default: `true`. */
  causal?: boolean;
  /** Keys per split-K chunk (multiple of 64). Default: chosen so that about 256 workgroups run. */
  chunk?: number;
  /** Optional output `[Lq, Hq, D]`. */
  out?: Tensor;
}

/** Decode attention against a KV cache, split over the keys (flash-decoding) and merged. */
export interface AttentionDecode extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the attention (1 or 2 dispatches) and returns `out`. */
  run(args: AttentionDecodeArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates decode attention against a {@link KvCache} (GQA, split-K). */
export function createAttentionDecode(device: KernelDevice, options: AttentionOptions): AttentionDecode {
  const { dtype, Hq, Hkv, D, scale } = resolveDims(device, options, 'createAttentionDecode options');
  const pipe = attentionPipeline(device, dtype, D);
  const combine = buildDtypePipeline(device, 'attention-combine', COMBINE_WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe, combine]),
    destroy: () => undefined,
    run(args, encoder) {
      const q = checkTensor(args.q, 'attention-decode q', [dtype]);
      const { cache, pastLen } = args;
      if (cache.numKvHeads !== Hkv || cache.headDim !== D) {
        throw new TypeError(`attention-decode cache must have ${Hkv} kv heads of dim ${D}`);
      }
      checkTensor(cache.k, 'attention-decode cache.k', [dtype]);
      const Lq = q.size / (Hq * D);
      if (!Number.isInteger(Lq) || Lq < 1) {
        throw new TypeError(`attention-decode q must be [Lq, ${Hq}, ${D}], got [${q.shape.join(', ')}]`);
      }
      const total = pastLen + Lq;
      if (!Number.isInteger(pastLen) || pastLen < 0 || total > cache.capacity) {
        throw new RangeError(
          `attention-decode: pastLen ${pastLen} + ${Lq} queries exceed the cache capacity ${cache.capacity}`,
        );
      }
      let chunk = args.chunk;
      if (chunk === undefined) {
        const wanted = Math.max(1, Math.ceil(256 / workgroupsPerSplit(D, Lq, Hq, Hkv)));
        chunk = Math.max(64, Math.ceil(total / wanted / 64) * 64);
      } else if (!Number.isInteger(chunk) || chunk < 64 || chunk % 64 !== 0) {
        throw new TypeError(
          `attention-decode chunk, when provided, must be a positive multiple of 64, got ${chunk}`,
        );
      }
      const splits = Math.max(1, Math.ceil(total / chunk));
      const out = outputTensor(device, args.out, 'attention-decode out', [Lq, Hq, D], dtype);
      const partials =
        splits > 1
          ? createTensor(device, { shape: [Lq * Hq * splits * (D + 2)], label: 'attention partials' })
          : undefined;
      const dispatches: DispatchSpec[] = [
        {
          pipeline: pipe,
          uniforms: packUniforms([
            Lq,
            Hq,
            Hkv,
            D,
            pastLen,
            total,
            D,
            cache.capacity * D,
            0,
            (args.causal ?? true) ? 1 : 0,
            { f32: scale },
            splits,
            chunk,
          ]),
          storage: [q, cache.k, cache.v, dummyBuffer(device), partials ?? dummyBuffer(device, 1), out],
          workgroups: grid(device, workgroupsPerSplit(D, Lq, Hq, Hkv) * splits),
        },
      ];
      if (partials) {
        dispatches.push({
          pipeline: combine,
          uniforms: packUniforms([Lq * Hq, D, splits]),
          storage: [partials, out],
          workgroups: grid(device, Lq * Hq),
        });
      }
      encodeDispatches(device, pipe.label, dispatches, encoder);
      partials?.destroy(); // back to the pool; queue order keeps this safe
      return out;
    },
  };
}
