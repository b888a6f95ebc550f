// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  grid,
  packUniforms,
  resolveFloatDType,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import { createTensor, type FloatDType, type Tensor } from '../../tensor.js';
import { QWEN2_VL_MEAN, QWEN2_VL_STD } from './preprocess.reference.js';
import WGSL from './preprocess.wgsl?raw';

/**
 * A frame: an `rgba8unorm` GPUTexture (with `COPY_SRC` usage), or anything `copyExternalImageToTexture`
 * accepts (`VideoFrame`, `ImageBitmap`, canvases, `ImageData`, `HTMLVideoElement`) in the browser.
 */
export type FrameSource = GPUTexture | GPUCopyExternalImageSource;

/** Options of {@link createPreprocess}. */
export interface PreprocessOptions {
  /** Dtype of the patches. Default: `'f32'`. */
  dtype?: FloatDType;
  /** Output height (multiple of 28, e.g. from smart_resize). Required. */
  height: number;
  /** Output width (multiple of 28). Required. */
  width: number;
  /** Rescale factor. Default: 1/255. */
  rescale?: number;
  /** Per-channel mean. Default: CLIP `[0.48145466, 0.4578275, 0.40821073]`. */
  mean?: readonly [number, number, number];
  /** Per-channel std. Default: CLIP `[0.26862954, 0.26130258, 0.27577711]`. */
  std?: readonly [number, number, number];
}

/** Result of {@link Preprocess.run}. */
export interface PreprocessResult {
  /** `[gridT * gridH * gridW, 1176]` patches, 2x2 merge groups contiguous. */
  patches: Tensor;
  /** `[gridT, gridH, gridW]` (`image_grid_thw` / `video_grid_thw`). */
  gridThw: [number, number, number];
}

/** GPU-resident Qwen2-VL preprocessing: frames → resized, normalised, patchified tensor. */
export interface Preprocess extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /**
   * Uploads/copies the frames (all the same size; an odd count is padded by repeating the last frame, one
   * image becomes a 2-frame temporal patch) and runs the fused kernel. Submits at once.
   */
  run(args: { frames: readonly FrameSource[] }): PreprocessResult;
  /**
   * Same as {@link Preprocess.run}, but first turns every non-texture source into a texture with
   * {@link frameToTexture}, which falls back to `VideoFrame.copyTo` where the browser cannot copy a VideoFrame
   * on the GPU (e.g. CPU-backed frames on a software adapter).
   */
  runAsync(args: { frames: readonly FrameSource[] }): Promise<PreprocessResult>;
}

interface VideoFrameLike {
  readonly format: string | null;
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly codedWidth: number;
  copyTo(destination: Uint8Array, options?: { format?: string; colorSpace?: string }): Promise<unknown>;
}

function isVideoFrame(f: unknown): f is VideoFrameLike {
  return typeof f === 'object' && f !== null && 'copyTo' in f && 'displayWidth' in f && 'codedWidth' in f;
}

/**
 * Uploads an image source into a new `rgba8unorm` texture (TEXTURE_BINDING | COPY_SRC | COPY_DST): on the GPU
 * with `copyExternalImageToTexture`, or, for a `VideoFrame` the GPU path rejects, through `VideoFrame.copyTo`
 * (RGBA/RGBX as is, BGRA/BGRX swizzled, other formats converted by the browser to RGBA). GPUTextures are
 * returned unchanged. The caller destroys the texture.
 */
export async function frameToTexture(device: KernelDevice, source: FrameSource): Promise<GPUTexture> {
  if (isTexture(source)) {
    return source;
  }
  const [w, h] = frameSize(source);
  const gpu = device.gpu;
  const texture = gpu.createTexture({
    label: 'frame',
    size: [w, h],
    format: 'rgba8unorm',
    usage: 0x04 | 0x01 | 0x02 | 0x10, // TEXTURE_BINDING | COPY_SRC | COPY_DST | RENDER_ATTACHMENT
  });
  try {
    gpu.queue.copyExternalImageToTexture({ source }, { texture }, [w, h]);
    return texture;
  } catch (cause) {
    if (!isVideoFrame(source)) {
      texture.destroy();
      throw cause;
    }
  }
  const frame = source as unknown as VideoFrameLike;
  const fmt = frame.format ?? '';
  const direct = ['RGBA', 'RGBX', 'BGRA', 'BGRX'].includes(fmt);
  const rgba = new Uint8Array(w * h * 4);
  await frame.copyTo(rgba, direct ? {} : { format: 'RGBA', colorSpace: 'srgb' });
  if (fmt.startsWith('BGR')) {
    for (let i = 0; i < rgba.length; i += 4) {
      const b = rgba[i] as number;
      rgba[i] = rgba[i + 2] as number;
      rgba[i + 2] = b;
    }
  }
  gpu.queue.writeTexture({ texture }, rgba, { bytesPerRow: w * 4 }, [w, h]);
  return texture;
}

function isTexture(f: FrameSource): f is GPUTexture {
  return typeof f === 'object' && 'createView' in f;
}

function frameSize(f: FrameSource): [number, number] {
  if (isTexture(f)) {
    return [f.width, f.height];
  }
  const s = f as {
    displayWidth?: number;
    displayHeight?: number;
    width?: number;
    height?: number;
    videoWidth?: number;
    videoHeight?: number;
  };
  const w = s.displayWidth ?? s.videoWidth ?? s.width;
  const h = s.displayHeight ?? s.videoHeight ?? s.height;
  if (typeof w !== 'number' || typeof h !== 'number') {
    throw new TypeError('preprocess frames must be GPUTextures or image sources with a width and height');
  }
  return [w, h];
}

/** Creates the fused resize + rescale + normalise + patchify op. */
export function createPreprocess(device: KernelDevice, options: PreprocessOptions): Preprocess {
  const dtype = resolveFloatDType(device, options.dtype, 'createPreprocess options');
  const { height, width } = options;
  if (
    !Number.isInteger(height) ||
    !Number.isInteger(width) ||
    height < 28 ||
    width < 28 ||
    height % 28 ||
    width % 28
  ) {
    throw new TypeError(
      `createPreprocess options.height and options.width must be positive multiples of 28, got ${height}x${width}`,
    );
  }
  const mean = options.mean ?? QWEN2_VL_MEAN;
  const std = options.std ?? QWEN2_VL_STD;
  const rescale = options.rescale ?? 1 / 255;
  const pipe = buildDtypePipeline(device, 'preprocess', WGSL, dtype);
  const op: Preprocess = {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    async runAsync(args) {
      const sources = [...args.frames];
      const textures = await Promise.all(sources.map((f) => frameToTexture(device, f)));
      try {
        return op.run({ frames: textures });
      } finally {
        textures.forEach((t, i) => {
          if (t !== sources[i]) {
            t.destroy(); // deferred by WebGPU until the submitted work is done
          }
        });
      }
    },
    run(args) {
      const frames = [...args.frames];
      if (frames.length === 0) {
        throw new TypeError('preprocess frames must hold at least one frame');
      }
      const [inW, inH] = frameSize(frames[0] as FrameSource);
      for (const f of frames) {
        const [w, h] = frameSize(f);
        if (w !== inW || h !== inH) {
          throw new TypeError(
            `preprocess frames must all have the same size, got ${inW}x${inH} and ${w}x${h}`,
          );
        }
      }
      while (frames.length % 2 !== 0) {
        frames.push(frames[frames.length - 1] as FrameSource);
      }
      const gpu = device.gpu;
      const layers = gpu.createTexture({
        label: 'preprocess frames',
        size: [inW, inH, frames.length],
        format: 'rgba8unorm',
        dimension: '2d',
        usage: 0x04 | 0x02 | 0x10, // TEXTURE_BINDING | COPY_DST | RENDER_ATTACHMENT (copyExternalImageToTexture)
      });
      const enc = gpu.createCommandEncoder({ label: 'preprocess' });
      frames.forEach((f, z) => {
        if (isTexture(f)) {
          enc.copyTextureToTexture({ texture: f }, { texture: layers, origin: [0, 0, z] }, [inW, inH, 1]);
        } else {
          gpu.queue.copyExternalImageToTexture({ source: f }, { texture: layers, origin: [0, 0, z] }, [
            inW,
            inH,
          ]);
        }
      });
      const gridThw: [number, number, number] = [frames.length / 2, height / 14, width / 14];
      const rows = gridThw[0] * gridThw[1] * gridThw[2];
      const n = rows * 1176;
      const patches = createTensor(device, { shape: [rows, 1176], dtype, label: 'preprocess patches' });
      const resize = inW === width && inH === height ? 0 : 1;
      const uniforms = packUniforms([
        n,
        inW,
        inH,
        width,
        height,
        gridThw[2],
        gridThw[1],
        resize,
        { f32: mean[0] },
        { f32: mean[1] },
        { f32: mean[2] },
        { f32: 0 },
        { f32: 1 / std[0] },
        { f32: 1 / std[1] },
        { f32: 1 / std[2] },
        { f32: 0 },
        { f32: rescale },
      ]);
      const bind = gpu.createBindGroup({
        label: pipe.label,
        layout: pipe.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: device.uniform(uniforms) } },
          { binding: 1, resource: layers.createView({ dimension: '2d-array' }) },
          { binding: 2, resource: { buffer: patches.buffer } },
        ],
      });
      const pass = enc.beginComputePass({ label: pipe.label });
      pass.setPipeline(pipe.pipeline);
      pass.setBindGroup(0, bind);
      const [x, y] = grid(device, Math.ceil(n / 64));
      pass.dispatchWorkgroups(x, y);
      pass.end();
      gpu.queue.submit([enc.finish()]);
      layers.destroy(); // deferred by WebGPU until the submitted work is done
      return { patches, gridThw };
    },
  };
  return op;
}
