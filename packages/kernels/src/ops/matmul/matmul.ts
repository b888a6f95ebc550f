// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  buildPipeline,
  checkTensor,
  dummyBuffer,
  encodeDispatch,
  grid,
  outputTensor,
  packUniforms,
  pipelineKey,
  resolveFloatDType,
  specialize,
  whenReady,
  withPartials,
  type BuiltPipeline,
  type Kernel,
} from '../../kernel.js';
import { createTensor, type FloatDType, type Tensor } from '../../tensor.js';
import GEMM_WGSL from './matmul.wgsl?raw';
import GEMV_WGSL from './gemv.wgsl?raw';
import VEC4_WGSL from './matmul-vec4.wgsl?raw';
import GEMV_LANES_WGSL from '../../wgsl/gemv-lanes.wgsl?raw';
import GEMM_TILE_WGSL from '../../wgsl/gemm-tile.wgsl?raw';
import { GEMM_TILES, gemmTile, type GemmTile } from './gemm-tiles.js';
import { createSiluMul, type SiluMul } from '../silu-mul/silu-mul.js';

/** Options of {@link createMatmul}. */
export interface MatmulOptions {
  /** Storage dtype of a, b, bias and out (accumulation is always f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** B is `[N, K]` / `[batch, N, K]` (PyTorch Linear weight) instead of `[K, N]`. Default: `false`. */
  transposeB?: boolean;
}

/** Arguments of {@link Matmul.run}. */
export interface MatmulArgs {
  /** `[..., M, K]`; leading dimensions are the batch. */
  a: Tensor;
  /** `[K, N]` (or `[N, K]` with `transposeB`), shared by every batch; or `[batch, K, N]` / `[batch, N, K]`. */
  b: Tensor;
  /** Optional `[N]`, added to every row. */
  bias?: Tensor;
  /**
   * `'swiglu'` (with `transposeB`, 2-D b): b is the concatenation [gate; up] of a SwiGLU MLP (`[2I, K]`) and the
   * op returns `silu(a·Wgᵀ) * (a·Wuᵀ)` `[..., I]`, fused into the GEMV for up to 4 rows. Default: none.
   */
  activation?: 'swiglu';
  /** Optional output `[..., M, N]` (`[..., M, N/2]` with swiglu); allocated from the pool when omitted. */
  out?: Tensor;
}

/** A prepared matrix product (tiled GEMM, with a GEMV path for M <= 4 with transposed B). */
export interface Matmul extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Whether `b` is `[N, K]` (Linear weight layout), from the options. */
  readonly transposeB: boolean;
  /** Records the product into `encoder` (or submits it at once) and returns `out`. */
  run(args: MatmulArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Largest M (rows times batch) that takes the GEMV path. */
export const GEMV_MAX_ROWS = 4;

/** Output columns per GEMV workgroup (ROWS in wgsl/gemv-lanes.wgsl), for the dispatch size. */
export const GEMV_COLUMNS = 8;

/** The vec4 Linear-layout GEMM for one output tile shape (WGSL overrides TILE_M, TILE_N). */
function buildVec4Pipeline(device: KernelDevice, dtype: FloatDType, tile: GemmTile): BuiltPipeline {
  return buildPipeline(
    device,
    `matmul-vec4(${dtype},${tile.m}x${tile.n})`,
    pipelineKey('matmul-vec4', { T: dtype, tm: tile.m, tn: tile.n }),
    specialize(withPartials(VEC4_WGSL, GEMM_TILE_WGSL), { T: dtype }),
    { TILE_M: tile.m, TILE_N: tile.n },
  );
}

/** Creates a matrix product op. See {@link MatmulOptions} for defaults. */
export function createMatmul(device: KernelDevice, options: MatmulOptions = {}): Matmul {
  const dtype = resolveFloatDType(device, options.dtype, 'createMatmul options');
  const transposeB = options.transposeB ?? false;
  if (typeof transposeB !== 'boolean') {
    throw new TypeError('createMatmul options.transposeB, when provided, must be a boolean');
  }
  const gemm = buildPipeline(
    device,
    `matmul(${dtype}${transposeB ? ',transB' : ''})`,
    pipelineKey('matmul', { T: dtype, transB: transposeB }),
    specialize(GEMM_WGSL, { T: dtype }),
    { TRANS_B: transposeB ? 1 : 0 },
  );
  const gemvCode = withPartials(GEMV_WGSL, GEMV_LANES_WGSL);
  const gemv = transposeB ? buildDtypePipeline(device, 'gemv', gemvCode, dtype) : undefined;
  // Linear layout with K % 4 == 0 (every Qwen2-VL projection): the vec4 GEMM, one pipeline per tile shape
  // (gemm-tiles.ts picks it by M, so short prefills still spread over enough workgroups)
  const gemmVec4 = transposeB ? GEMM_TILES.map((tile) => buildVec4Pipeline(device, dtype, tile)) : [];
  const swiglu = transposeB
    ? buildPipeline(
        device,
        `gemv-swiglu(${dtype})`,
        pipelineKey('gemv-swiglu', { T: dtype }),
        specialize(gemvCode, { T: dtype }),
        undefined,
        'gemvSwiglu',
      )
    : undefined;
  const siluMul = transposeB ? createSiluMul(device, { dtype }) : undefined;
  const built = gemv && swiglu ? [gemm, gemv, swiglu, ...gemmVec4] : [gemm];
  const op: Matmul = {
    dtype,
    transposeB,
    ready: () => whenReady(built),
    destroy: () => undefined,
    run(args, encoder) {
      if (args.activation !== undefined) {
        if (args.activation !== 'swiglu' || !swiglu || !siluMul) {
          throw new TypeError(`matmul activation, when provided, must be 'swiglu' (and needs transposeB)`);
        }
        return runSwiglu(args, encoder, swiglu, siluMul);
      }
      const a = checkTensor(args.a, 'matmul a', [dtype]);
      const b = checkTensor(args.b, 'matmul b', [dtype], [2, 3]);
      if (a.shape.length < 2) {
        throw new TypeError(`matmul a must have rank >= 2, got [${a.shape.join(', ')}]`);
      }
      const M = a.shape[a.shape.length - 2] as number;
      const K = a.shape[a.shape.length - 1] as number;
      const batch = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
      const bK = b.shape[transposeB ? b.shape.length - 1 : b.shape.length - 2] as number;
      const N = b.shape[transposeB ? b.shape.length - 2 : b.shape.length - 1] as number;
      if (bK !== K) {
        throw new TypeError(
          `matmul: a is [.., ${M}, ${K}] but b has K = ${bK} (shape [${b.shape.join(', ')}])`,
        );
      }
      const batchedB = b.shape.length === 3;
      if (batchedB && b.shape[0] !== batch) {
        throw new TypeError(`matmul: b has batch ${b.shape[0]}, a has batch ${batch}`);
      }
      const bias = args.bias ? checkTensor(args.bias, 'matmul bias', [dtype]) : undefined;
      if (bias && bias.size !== N) {
        throw new TypeError(`matmul bias must have ${N} elements, got ${bias.size}`);
      }
      const outShape = [...a.shape.slice(0, -1), N];
      const out = outputTensor(device, args.out, 'matmul out', outShape, dtype);
      const biasBuf = bias ?? dummyBuffer(device);
      if (gemv && !batchedB && batch * M <= GEMV_MAX_ROWS && K % 4 === 0) {
        encodeDispatch(
          device,
          {
            pipeline: gemv,
            uniforms: packUniforms([batch * M, N, K, bias ? 1 : 0]),
            storage: [a, b, biasBuf, out],
            workgroups: grid(device, Math.ceil(N / GEMV_COLUMNS)),
          },
          encoder,
        );
        return out;
      }
      const vec4Tile = gemmTile(M);
      const vec4 = K % 4 === 0 ? gemmVec4[GEMM_TILES.indexOf(vec4Tile)] : undefined;
      const tile = vec4 ? vec4Tile : { m: 32, n: 32 }; // matmul.wgsl: 32x32 tiles
      encodeDispatch(
        device,
        {
          pipeline: vec4 ?? gemm,
          uniforms: packUniforms([M, N, K, bias ? 1 : 0, M * K, batchedB ? N * K : 0, M * N]),
          storage: [a, b, biasBuf, out],
          workgroups: [Math.ceil(N / tile.n), Math.ceil(M / tile.m), batch],
        },
        encoder,
      );
      return out;
    },
  };

  function runSwiglu(
    args: MatmulArgs,
    encoder: GPUCommandEncoder | undefined,
    pipe: BuiltPipeline,
    act: SiluMul,
  ): Tensor {
    const a = checkTensor(args.a, 'matmul a', [dtype]);
    const b = checkTensor(args.b, 'matmul b', [dtype], 2);
    const K = a.shape[a.shape.length - 1] ?? 0;
    const N = b.shape[0] as number;
    if (b.shape[1] !== K || N % 2 !== 0) {
      throw new TypeError(
        `matmul swiglu: b must be [2I, ${K}] (gate rows then up rows), got [${b.shape.join(', ')}]`,
      );
    }
    const rows = a.size / Math.max(1, K);
    const bias = args.bias ? checkTensor(args.bias, 'matmul bias', [dtype]) : undefined;
    if (bias && bias.size !== N) {
      throw new TypeError(`matmul bias must have ${N} elements, got ${bias.size}`);
    }
    const out = outputTensor(device, args.out, 'matmul out', [...a.shape.slice(0, -1), N / 2], dtype);
    if (rows > GEMV_MAX_ROWS || K % 4 !== 0) {
      const gateUp = createTensor(device, {
        shape: [...a.shape.slice(0, -1), N],
        dtype,
        label: 'matmul gate|up',
      });
      op.run({ a, b, ...(bias ? { bias } : {}), out: gateUp }, encoder);
      const y = act.run({ gateUp, out }, encoder);
      gateUp.destroy(); // back to the pool; queue order keeps this safe
      return y;
    }
    encodeDispatch(
      device,
      {
        pipeline: pipe,
        uniforms: packUniforms([rows, N, K, bias ? 1 : 0]),
        storage: [a, b, bias ?? dummyBuffer(device), out],
        workgroups: grid(device, Math.ceil(N / 2 / GEMV_COLUMNS)),
      },
      encoder,
    );
    return out;
  }
  return op;
}
