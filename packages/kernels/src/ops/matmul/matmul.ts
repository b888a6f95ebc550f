// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildPipeline,
  checkTensor,
  dummyBuffer,
  encodeDispatches,
  grid,
  packUniforms,
  pipelineKey,
  resolveFloatDType,
  specialize,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import { createTensor, type FloatDType, type Tensor } from '../../tensor.js';
import GEMM_WGSL from './matmul.wgsl?raw';
import GEMV_WGSL from './gemv.wgsl?raw';

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
  /** Optional output `[..., M, N]`; allocated from the pool when omitted. */
  out?: Tensor;
}

/** A prepared matrix product (tiled GEMM, with a GEMV path for M <= 4 with transposed B). */
export interface Matmul extends Kernel {
  readonly dtype: FloatDType;
  readonly transposeB: boolean;
  /** Records the product into `encoder` (or submits it at once) and returns `out`. */
  run(args: MatmulArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Largest M (rows times batch) that takes the GEMV path. */
export const GEMV_MAX_ROWS = 4;

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
  const gemv = transposeB
    ? buildPipeline(
        device,
        `gemv(${dtype})`,
        pipelineKey('gemv', { T: dtype }),
        specialize(GEMV_WGSL, { T: dtype }),
      )
    : undefined;
  const built = gemv ? [gemm, gemv] : [gemm];
  return {
    dtype,
    transposeB,
    ready: () => whenReady(built),
    destroy: () => undefined,
    run(args, encoder) {
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
      const out = args.out ?? createTensor(device, { shape: outShape, dtype, label: 'matmul out' });
      checkTensor(out, 'matmul out', [dtype]);
      if (out.size !== batch * M * N) {
        throw new TypeError(`matmul out must have ${batch * M * N} elements, got ${out.size}`);
      }
      const biasBuf = bias ?? dummyBuffer(device);
      if (gemv && !batchedB && batch * M <= GEMV_MAX_ROWS) {
        encodeDispatches(
          device,
          gemv.label,
          [
            {
              pipeline: gemv,
              uniforms: packUniforms([batch * M, N, K, bias ? 1 : 0]),
              storage: [a, b, biasBuf, out],
              workgroups: grid(device, N),
            },
          ],
          encoder,
        );
        return out;
      }
      encodeDispatches(
        device,
        gemm.label,
        [
          {
            pipeline: gemm,
            uniforms: packUniforms([M, N, K, bias ? 1 : 0, M * K, batchedB ? N * K : 0, M * N]),
            storage: [a, b, biasBuf, out],
            workgroups: [Math.ceil(N / 32), Math.ceil(M / 32), batch],
          },
        ],
        encoder,
      );
      return out;
    },
  };
}
