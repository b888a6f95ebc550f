import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planVideoSampling, QwenSamplingError, smartResize, type VideoSamplingInput } from '@nextevent/video';

const here = new URL('./fixtures/qwen/', import.meta.url);
const readJsonl = <T>(name: string): T[] =>
  readFileSync(new URL(name, here), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

interface PyError {
  error_type: string;
  error: string;
}
interface ResizeCase {
  id: number;
  input: { height: number; width: number; factor: number; min_pixels: number; max_pixels: number };
  qwen_vl_utils: { h: number; w: number } | PyError;
  transformers: { h: number; w: number } | PyError;
}
interface FramesCase {
  id: number;
  input: {
    total_frames: number;
    video_fps: number;
    height: number;
    width: number;
    ele: Record<string, number>;
  };
  error?: PyError;
  nframes?: number;
  indices?: number[];
  sample_fps?: number;
  min_pixels?: number;
  max_pixels?: number;
  resized_height?: number;
  resized_width?: number;
  second_per_grid_t_from_sample_fps?: number;
}

/** Runs `fn` and returns what it returned, or the Python-shaped error it threw. */
function capture<T>(fn: () => T): T | PyError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof QwenSamplingError) {
      return { error_type: e.pythonType, error: e.message };
    }
    throw e;
  }
}

describe('smartResize vs qwen-vl-utils / transformers goldens', () => {
  const cases = readJsonl<ResizeCase>('smart_resize.jsonl');
  it('has the golden cases', () => {
    expect(cases.length).toBe(1500);
  });
  for (const flavor of ['qwen-vl-utils', 'transformers'] as const) {
    it(`matches every ${flavor} case (values and errors)`, () => {
      const mismatches: unknown[] = [];
      for (const c of cases) {
        const want = flavor === 'qwen-vl-utils' ? c.qwen_vl_utils : c.transformers;
        const got = capture(() => {
          const r = smartResize(c.input.height, c.input.width, {
            factor: c.input.factor,
            minPixels: c.input.min_pixels,
            maxPixels: c.input.max_pixels,
            flavor,
          });
          return { h: r.height, w: r.width };
        });
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          mismatches.push({ id: c.id, input: c.input, want, got });
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }
  it('defaults to the qwen-vl-utils image limits and factor 28', () => {
    // 1080p fits MAX_PIXELS: each side is rounded to the nearest multiple of 28 (1080/28 = 38.57 -> 39).
    expect(smartResize(1080, 1920)).toEqual({ height: 39 * 28, width: 69 * 28 });
  });
  it('raises the Python errors', () => {
    expect(() => smartResize(1, 201)).toThrowErrorMatchingInlineSnapshot(
      `[QwenSamplingError: absolute aspect ratio must be smaller than 200, got 201.0]`,
    );
    expect(() => smartResize(0, 10)).toThrowErrorMatchingInlineSnapshot(
      `[QwenSamplingError: division by zero]`,
    );
    expect(() => smartResize(Number.NaN, 10)).toThrow(TypeError);
  });
});

describe('planVideoSampling vs qwen-vl-utils fetch_video goldens', () => {
  const cases = readJsonl<FramesCase>('video_frames.jsonl');
  const toInput = (c: FramesCase): VideoSamplingInput => {
    const e = c.input.ele;
    const map: Record<string, keyof VideoSamplingInput> = {
      fps: 'fps',
      nframes: 'nframes',
      min_frames: 'minFrames',
      max_frames: 'maxFrames',
      min_pixels: 'minPixels',
      max_pixels: 'maxPixels',
      total_pixels: 'totalPixels',
      resized_height: 'resizedHeight',
      resized_width: 'resizedWidth',
    };
    const input: VideoSamplingInput = {
      totalFrames: c.input.total_frames,
      videoFps: c.input.video_fps,
      height: c.input.height,
      width: c.input.width,
    };
    for (const [k, v] of Object.entries(e)) {
      const key = map[k];
      if (!key) {
        throw new Error(`unmapped ele key ${k}`);
      }
      (input as unknown as Record<string, number>)[key] = v;
    }
    return input;
  };

  it('has the golden cases', () => {
    expect(cases.length).toBe(1100);
  });

  it('matches nframes, indices, pixel budget, resized size, sample fps and second_per_grid_t in every case', () => {
    const mismatches: unknown[] = [];
    let errors = 0;
    for (const c of cases) {
      const got = capture(() => planVideoSampling(toInput(c)));
      if (c.error) {
        errors++;
        if (JSON.stringify(got) !== JSON.stringify(c.error)) {
          mismatches.push({ id: c.id, want: c.error, got });
        }
        continue;
      }
      if ('error' in got) {
        mismatches.push({ id: c.id, want: 'no error', got });
        continue;
      }
      const want = {
        nframes: c.nframes,
        indices: c.indices,
        sampleFps: c.sample_fps,
        secondPerGridT: c.second_per_grid_t_from_sample_fps,
        minPixels: c.min_pixels,
        maxPixels: c.max_pixels,
        resizedHeight: c.resized_height,
        resizedWidth: c.resized_width,
      };
      const defined = Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined));
      expect(Object.keys(defined).length).toBeGreaterThanOrEqual(7);
      if (JSON.stringify(got) !== JSON.stringify({ ...got, ...defined })) {
        mismatches.push({
          id: c.id,
          want: { ...defined, indices: c.indices?.length },
          got: { ...got, indices: got.indices.length },
        });
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(errors).toBeGreaterThan(10);
  });

  it('plans FutureBench sampling for a 10 s 25 fps 1080p clip (golden case 1)', () => {
    const c = cases.find((x) => x.id === 1);
    const plan = planVideoSampling({
      totalFrames: 125,
      videoFps: 25,
      height: 1080,
      width: 1920,
      fps: 2,
      maxFrames: 32,
      totalPixels: 1605632,
      minPixels: 3136,
    });
    expect(plan.indices).toEqual(c?.indices);
    expect([plan.resizedHeight, plan.resizedWidth]).toEqual([c?.resized_height, c?.resized_width]);
  });

  it('rejects bad arguments with TypeError', () => {
    expect(() =>
      planVideoSampling({ totalFrames: 10.5, videoFps: 30, height: 10, width: 10 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`input.totalFrames\`, is required and must be an integer >= 0, got 10.5.]`,
    );
    expect(() =>
      planVideoSampling({ videoFps: 30, height: 10, width: 10 } as Parameters<typeof planVideoSampling>[0]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`input.totalFrames\`, is required and must be an integer >= 0, got undefined.]`,
    );
    expect(() =>
      planVideoSampling({ totalFrames: 10, videoFps: 30, height: 10, width: 10, fps: -1 }),
    ).toThrow('`input.fps`, when provided, must be');
    expect(() => planVideoSampling({ totalFrames: 10, videoFps: 0, height: 10, width: 10 })).toThrow(
      TypeError,
    );
  });
});
