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
import { createTensor, uploadTensor, type FloatDType, type Tensor } from '../../tensor.js';
import { GEMM_TILES, gemmTile } from '../matmul/gemm-tiles.js';
import { GEMV_COLUMNS, GEMV_MAX_ROWS } from '../matmul/matmul.js';
import { createSiluMul } from '../silu-mul/silu-mul.js';
import { INT4_GROUP_SIZES, type Int4Weight } from './matmul-int4.reference.js';
import WGSL from './matmul-int4.wgsl?raw';
import DEQUANT_WGSL from './dequantize-int4.wgsl?raw';
import GEMV_LANES_WGSL from '../../wgsl/gemv-lanes.wgsl?raw';
import GEMM_TILE_WGSL from '../../wgsl/gemm-tile.wgsl?raw';

/** An int4 weight on the GPU: `qweight` (dtype `int4`, shape `[N, K]`) and `scales` (`[N, K/G]`). */
export interface GpuInt4Weight {
  /** Packed nibbles, dtype `'int4'`, logical shape `[N, K]`. */
  qweight: Tensor;
  /** Per-group scales `[N, K/G]` in the op dtype. */
  scales: Tensor;
  /** Group size G along K. */
  groupSize: number;
}

/** Uploads a CPU {@link Int4Weight} (e.g. from {@link quantizeInt4}) with scales in `dtype`. Default `'f32'`. */
export function uploadInt4Weight(
  device: KernelDevice,
  w: Int4Weight,
  dtype: FloatDType = 'f32',
): GpuInt4Weight {
  return {
    qweight: uploadTensor(device, w.qweight, { shape: [w.N, w.K], dtype: 'int4', label: 'int4 qweight' }),
    scales: uploadTensor(device, w.scales, { shape: [w.N, w.K / w.groupSize], dtype, label: 'int4 scales' }),
    groupSize: w.groupSize,
  };
}

function checkWeight(
  w: GpuInt4Weight,
  dtype: FloatDType,
  where: string,
): { N: number; K: number; G: number } {
  const q = checkTensor(w.qweight, `${where} qweight`, ['int4'], 2);
  const N = q.shape[0] as number;
  const K = q.shape[1] as number;
  const G = w.groupSize;
  if (!INT4_GROUP_SIZES.includes(G) || K % G !== 0) {
    throw new TypeError(`${where}: groupSize must be 32, 64 or 128 and divide K = ${K}, got ${G}`);
  }
  const s = checkTensor(w.scales, `${where} scales`, [dtype]);
  if (s.size !== (N * K) / G) {
    throw new TypeError(`${where} scales must be [${N}, ${K / G}], got [${s.shape.join(', ')}]`);
  }
  return { N, K, G };
}

/** Options of {@link createMatmulInt4}. */
export interface MatmulInt4Options {
  /** Dtype of x, scales, bias and out (accumulation in f32). Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Arguments of {@link MatmulInt4.run}. */
export interface MatmulInt4Args {
  /** Activations `[..., K]`. */
  x: Tensor;
  /** The int4 weight (Linear layout `[N, K]`). */
  weight: GpuInt4Weight;
  /** Optional `[N]` bias. */
  bias?: Tensor;
  /**
   * `'swiglu'`: the weight is the concatenation [gate; up] of a SwiGLU MLP (`[2I, K]`) and the op returns
   * `silu(x·Wgᵀ) * (x·Wuᵀ)` `[..., I]`, fused into the GEMV for up to 4 rows (decode). Default: none.
   */
  activation?: 'swiglu';
  /** Optional output `[..., N]` (`[..., N/2]` with `activation: 'swiglu'`). */
  out?: Tensor;
}

/** A prepared int4 weight-only matrix product (GEMV for up to 4 rows, tiled GEMM above). */
export interface MatmulInt4 extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records `x · Wᵀ (+ bias)` and returns `out`. */
  run(args: MatmulInt4Args, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates an int4 weight-only matmul (MatMulNBits semantics, zero point 8). */
export function createMatmulInt4(device: KernelDevice, options: MatmulInt4Options = {}): MatmulInt4 {
  const dtype = resolveFloatDType(device, options.dtype, 'createMatmulInt4 options');
  const code = specialize(withPartials(WGSL, GEMV_LANES_WGSL, GEMM_TILE_WGSL), { T: dtype });
  const gemv = buildPipeline(
    device,
    `matmul-int4-gemv(${dtype})`,
    pipelineKey('matmul-int4-gemv', { T: dtype }),
    code,
    undefined,
    'gemv',
  );
  // prefill GEMM: one pipeline per output tile shape (gemm-tiles.ts picks it by M)
  const gemms = GEMM_TILES.map((tile) =>
    buildPipeline(
      device,
      `matmul-int4-gemm(${dtype},${tile.m}x${tile.n})`,
      pipelineKey('matmul-int4-gemm', { T: dtype, tm: tile.m, tn: tile.n }),
      code,
      { TILE_M: tile.m, TILE_N: tile.n },
      'gemm',
    ),
  );
  const swiglu = buildPipeline(
    device,
    `matmul-int4-gemv-swiglu(${dtype})`,
    pipelineKey('matmul-int4-gemv-swiglu', { T: dtype }),
    code,
    undefined,
    'gemvSwiglu',
  );
  const siluMul = createSiluMul(device, { dtype });
  const op: MatmulInt4 = {
    dtype,
    ready: () => whenReady([gemv, ...gemms, swiglu]).then(() => siluMul.ready()),
    destroy: () => undefined,
    run(args, encoder) {
      const x = checkTensor(args.x, 'matmul-int4 x', [dtype]);
      if (args.activation !== undefined && args.activation !== 'swiglu') {
        throw new TypeError(`matmul-int4 activation, when provided, must be 'swiglu'`);
      }
      const { N, K, G } = checkWeight(args.weight, dtype, 'matmul-int4 weight');
      if ((x.shape[x.shape.length - 1] ?? 0) !== K) {
        throw new TypeError(`matmul-int4 x must be [..., ${K}], got [${x.shape.join(', ')}]`);
      }
      const M = x.size / K;
      const bias = args.bias ? checkTensor(args.bias, 'matmul-int4 bias', [dtype]) : undefined;
      if (bias && bias.size !== N) {
        throw new TypeError(`matmul-int4 bias must have ${N} elements, got ${bias.size}`);
      }
      const small = M <= GEMV_MAX_ROWS;
      if (args.activation === 'swiglu') {
        if (N % 2 !== 0) {
          throw new TypeError(
            `matmul-int4 with activation 'swiglu' needs an even N (gate rows then up rows), got ${N}`,
          );
        }
        const out = outputTensor(
          device,
          args.out,
          'matmul-int4 out',
          [...x.shape.slice(0, -1), N / 2],
          dtype,
        );
        if (!small) {
          // prefill: GEMM into [M, N] = [gate | up] rows, then the activation
          const gateUp = createTensor(device, {
            shape: [...x.shape.slice(0, -1), N],
            dtype,
            label: 'matmul-int4 gate|up',
          });
          op.run({ x, weight: args.weight, ...(bias ? { bias } : {}), out: gateUp }, encoder);
          const y = siluMul.run({ gateUp, out }, encoder);
          gateUp.destroy(); // back to the pool; queue order keeps this safe
          return y;
        }
        encodeDispatch(
          device,
          {
            pipeline: swiglu,
            uniforms: packUniforms([M, N, K, G, bias ? 1 : 0]),
            storage: [x, args.weight.qweight, args.weight.scales, bias ?? dummyBuffer(device), out],
            workgroups: grid(device, Math.ceil(N / 2 / GEMV_COLUMNS)),
          },
          encoder,
        );
        return out;
      }
      const out = outputTensor(device, args.out, 'matmul-int4 out', [...x.shape.slice(0, -1), N], dtype);
      const tile = gemmTile(M);
      encodeDispatch(
        device,
        {
          pipeline: small ? gemv : (gemms[GEMM_TILES.indexOf(tile)] as BuiltPipeline),
          uniforms: packUniforms([M, N, K, G, bias ? 1 : 0]),
          storage: [x, args.weight.qweight, args.weight.scales, bias ?? dummyBuffer(device), out],
          workgroups: small
            ? grid(device, Math.ceil(N / GEMV_COLUMNS))
            : [Math.ceil(N / tile.n), Math.ceil(M / tile.m)],
        },
        encoder,
      );
      return out;
    },
  };
  return op;
}

/** Options of {@link createDequantizeInt4}. */
export interface DequantizeInt4Options {
  /** Dtype of the scales and the output. Default: `'f32'`. */
  dtype?: FloatDType;
}

/** A prepared int4 → float dequantisation. */
export interface DequantizeInt4 extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the dequantisation of `weight` into a `[N, K]` tensor and returns it. */
  run(args: { weight: GpuInt4Weight; out?: Tensor }, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates the int4 dequantisation op (for GEMMs that prefer a dense weight, e.g. the ViT). */
export function createDequantizeInt4(
  device: KernelDevice,
  options: DequantizeInt4Options = {},
): DequantizeInt4 {
  const dtype = resolveFloatDType(device, options.dtype, 'createDequantizeInt4 options');
  const pipe = buildDtypePipeline(device, 'dequantize-int4', DEQUANT_WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { N, K, G } = checkWeight(args.weight, dtype, 'dequantize-int4 weight');
      const out = outputTensor(device, args.out, 'dequantize-int4 out', [N, K], dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([N, K, G]),
          storage: [args.weight.qweight, args.weight.scales, out],
          workgroups: grid(device, Math.ceil((N * K) / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
