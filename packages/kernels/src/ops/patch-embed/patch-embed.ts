import type { KernelDevice } from '../../device.js';
import type { Kernel } from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import { createMatmul } from '../matmul/matmul.js';

/** Options of {@link createPatchEmbed}. */
export interface PatchEmbedOptions {
  /** Dtype of patches, weight and output. Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Arguments of {@link PatchEmbed.run}. */
export interface PatchEmbedArgs {
  /** `[N, C*kt*kh*kw]` patches from {@link createPreprocess} (1176 = 3*2*14*14 for Qwen2-VL). */
  patches: Tensor;
  /** Conv3d weight `[Cout, C, kt, kh, kw]` (or its `[Cout, C*kt*kh*kw]` view): row-major, no reordering. */
  weight: Tensor;
  /** Optional `[Cout]` bias (Qwen2-VL has none). */
  bias?: Tensor;
  /** Optional output `[N, Cout]`. */
  out?: Tensor;
}

/** The ViT patch embedding: a Conv3d with stride = kernel is one GEMM with the flattened weight transposed. */
export interface PatchEmbed extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records `patches · weightᵀ` (the tiled matmul kernel) and returns `[N, Cout]`. */
  run(args: PatchEmbedArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates the Conv3d-as-GEMM patch embedding (uses the matmul kernel's WGSL). */
export function createPatchEmbed(device: KernelDevice, options: PatchEmbedOptions = {}): PatchEmbed {
  const mm = createMatmul(device, { ...(options.dtype ? { dtype: options.dtype } : {}), transposeB: true });
  return {
    dtype: mm.dtype,
    ready: () => mm.ready(),
    destroy: () => mm.destroy(),
    run(args, encoder) {
      const w = args.weight;
      const K = args.patches.shape[args.patches.shape.length - 1] ?? 0;
      const Cout = w.shape[0] ?? 0;
      if (w.size !== Cout * K) {
        throw new TypeError(
          `patch-embed weight must be [Cout, ${K}] (flattened Conv3d kernel), got [${w.shape.join(', ')}]`,
        );
      }
      const weight = w.shape.length === 2 ? w : w.view([Cout, K]);
      return mm.run(
        {
          a: args.patches,
          b: weight,
          ...(args.bias ? { bias: args.bias } : {}),
          ...(args.out ? { out: args.out } : {}),
        },
        encoder,
      );
    },
  };
}
