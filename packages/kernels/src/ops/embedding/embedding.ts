// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
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
  type Kernel,
} from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import WGSL from './embedding.wgsl?raw';

/** Storage of an embedding table. */
export type EmbeddingTableKind = 'dense' | 'int4' | 'int8';

/** Options of {@link createEmbedding}. */
export interface EmbeddingOptions {
  /** Output dtype (and dtype of a dense table / of the scales). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Table storage. Default: `'dense'`. */
  table?: EmbeddingTableKind;
}

/** Arguments of {@link Embedding.run}. */
export interface EmbeddingArgs {
  /** Token ids `[L]` (u32 or i32). */
  ids: Tensor;
  /** `[V, H]`: dtype = op dtype (dense), `'int4'` or `'int8'` (packed). */
  table: Tensor;
  /** `[V, H/G]` scales for int4/int8 tables. */
  scales?: Tensor;
  /** Group size G along H for int4/int8 tables. Default: 32. */
  groupSize?: number;
  /** Optional output `[L, H]`. */
  out?: Tensor;
}

/** A prepared embedding gather. */
export interface Embedding extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Table storage (from the options). */
  readonly table: EmbeddingTableKind;
  /** Records the gather and returns `out` `[L, H]`. */
  run(args: EmbeddingArgs, encoder?: GPUCommandEncoder): Tensor;
}

const KINDS: Record<EmbeddingTableKind, number> = { dense: 0, int4: 1, int8: 2 };

/** Creates an embedding gather from a dense, int4 or int8 table. */
export function createEmbedding(device: KernelDevice, options: EmbeddingOptions = {}): Embedding {
  const dtype = resolveFloatDType(device, options.dtype, 'createEmbedding options');
  const kind = options.table ?? 'dense';
  if (!(kind in KINDS)) {
    throw new TypeError(`createEmbedding options.table, when provided, must be 'dense', 'int4' or 'int8'`);
  }
  const pipe = buildPipeline(
    device,
    `embedding-${kind}(${dtype})`,
    pipelineKey('embedding', { T: dtype, table: kind }),
    specialize(WGSL, { T: dtype, TABLE: kind === 'dense' ? dtype : 'u32' }),
    { KIND: KINDS[kind] },
  );
  return {
    dtype,
    table: kind,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const ids = checkTensor(args.ids, 'embedding ids', ['u32', 'i32']);
      const table = checkTensor(args.table, 'embedding table', [kind === 'dense' ? dtype : kind], 2);
      const V = table.shape[0] as number;
      const H = table.shape[1] as number;
      const G = args.groupSize ?? 32;
      let scales: Tensor | GPUBuffer = dummyBuffer(device);
      if (kind !== 'dense') {
        if (!Number.isInteger(G) || G <= 0 || H % G !== 0 || G % 8 !== 0) {
          throw new TypeError(`embedding groupSize must be a multiple of 8 dividing H = ${H}, got ${G}`);
        }
        const s = checkTensor(args.scales, 'embedding scales', [dtype]);
        if (s.size !== (V * H) / G) {
          throw new TypeError(`embedding scales must be [${V}, ${H / G}], got [${s.shape.join(', ')}]`);
        }
        scales = s;
      }
      const L = ids.size;
      const out = outputTensor(device, args.out, 'embedding out', [L, H], dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([L, H, V, G]),
          storage: [ids, table, scales, out],
          workgroups: grid(device, Math.ceil((L * H) / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
