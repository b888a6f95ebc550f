import { mkdir, mkdtemp, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { FUTUREBENCH_SAMPLING, MAX_PIXELS, planVideoSampling, probe, sampleFrames } from '@nextevent/video';
import { EXIT, UsageError, type CommandSpec } from '../command.js';
import { intFlag, numberFlag } from '../parse-flags.js';

interface FramesFlags {
  fps?: number;
  nframes?: number;
  minFrames?: number;
  maxFrames?: number;
  minPixels: number;
  maxPixels?: number;
  totalPixels: number;
  out: string;
  json?: boolean;
}

/** Writes `data` to `path` atomically (temp + rename). */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.partial`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Names of the frame files this command writes. */
const FRAME_FILE = /^frame-\d{4,}\.png$/;

/** The frame files a previous run listed in `<out>/frames.json` (none when it is missing or unreadable). */
async function previousFrameFiles(out: string): Promise<string[]> {
  try {
    const meta = JSON.parse(await readFile(join(out, 'frames.json'), 'utf8')) as { files?: unknown };
    return Array.isArray(meta.files)
      ? meta.files.filter((x): x is string => typeof x === 'string' && FRAME_FILE.test(x))
      : [];
  } catch {
    return [];
  }
}

/** Removes the empty folders from `dir` up to `created` (what `mkdir -p` made); stops at the first non-empty one. */
async function removeCreatedFolders(dir: string, created: string | undefined): Promise<void> {
  if (created === undefined) {
    return;
  }
  const top = resolve(created);
  for (let d = resolve(dir); d.startsWith(top); d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    if (d === top) {
      return;
    }
  }
}

/** `nextevent frames`: the frames a Qwen2.5-VL run sees (qwen-vl-utils sampling), as PNG plus JSON. */
export const framesCommand: CommandSpec = {
  name: 'frames',
  summary: 'Sample frames like qwen-vl-utils (FutureBench defaults) and write them as PNG + frames.json.',
  description:
    'Picks and resizes frames exactly as qwen-vl-utils fetch_video does (fps or nframes, min/max frames, even ' +
    'frame count, smart_resize with the pixel budgets; defaults are FutureBench’s: 2 fps, at most 32 frames, ' +
    '1,605,632 pixels in total) and writes frame-0000.png… plus frames.json (indices, timestamps, resized size, ' +
    'sample fps, second_per_grid_t). Decoding needs @mediabunny/server in Node.',
  arguments: [{ name: 'file', description: 'Video file.' }],
  options: [
    {
      flags: '--fps <n>',
      description: 'Sampling rate in frames per second (default 2); excludes --nframes.',
      parse: numberFlag('--fps', 0.001),
    },
    {
      flags: '--nframes <n>',
      description: 'Exact frame count (rounded to even); excludes --fps.',
      parse: intFlag('--nframes', 1),
    },
    {
      flags: '--min-frames <n>',
      description: 'Lower bound on frames (fps path; qwen default 4).',
      parse: intFlag('--min-frames', 1),
    },
    {
      flags: '--max-frames <n>',
      description: 'Upper bound on frames (fps path).',
      default: FUTUREBENCH_SAMPLING.maxFrames,
      parse: intFlag('--max-frames', 1),
    },
    {
      flags: '--min-pixels <n>',
      description: 'Per-frame pixel minimum.',
      default: FUTUREBENCH_SAMPLING.minPixels,
      parse: intFlag('--min-pixels', 1),
    },
    {
      flags: '--max-pixels <n>',
      description: 'Per-frame pixel maximum (capped by the total budget).',
      parse: numberFlag('--max-pixels', 1),
    },
    {
      flags: '--total-pixels <n>',
      description: 'Pixel budget of the whole clip.',
      default: FUTUREBENCH_SAMPLING.totalPixels,
      parse: intFlag('--total-pixels', 1),
    },
    {
      flags: '--out <dir>',
      description:
        "Output folder (created if missing). A re-run replaces the previous run's frame files; other files stay.",
      required: true,
    },
    { flags: '--json', description: 'Print frames.json on stdout too.' },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as FramesFlags;
    const file = args[0] ?? '';
    if (f.fps !== undefined && f.nframes !== undefined) {
      throw new UsageError('--fps and --nframes are mutually exclusive');
    }
    const sampling = {
      ...(f.nframes === undefined ? { fps: f.fps ?? FUTUREBENCH_SAMPLING.fps } : { nframes: f.nframes }),
      ...(f.nframes === undefined ? { maxFrames: f.maxFrames ?? FUTUREBENCH_SAMPLING.maxFrames } : {}),
      ...(f.minFrames === undefined ? {} : { minFrames: f.minFrames }),
      minPixels: f.minPixels,
      totalPixels: f.totalPixels,
      ...(f.maxPixels === undefined ? {} : { maxPixels: f.maxPixels }),
    };
    // Plan first (from packet metadata, as sampleFrames does): a frame size no model takes would only exhaust memory.
    const info = await probe(file);
    const planned = planVideoSampling({
      ...sampling,
      totalFrames: info.frames,
      videoFps: info.fps,
      height: info.codedHeight,
      width: info.codedWidth,
    });
    if (planned.resizedWidth * planned.resizedHeight > MAX_PIXELS) {
      throw new UsageError(
        `the planned frame size ${planned.resizedWidth}x${planned.resizedHeight} ` +
          `(${planned.resizedWidth * planned.resizedHeight} pixels) exceeds ${MAX_PIXELS} pixels per frame ` +
          '(qwen-vl-utils MAX_PIXELS, 16384·28²); lower --min-pixels or --max-pixels',
      );
    }
    const r = await sampleFrames(file, { ...sampling, signal: io.signal });
    const created = await mkdir(f.out, { recursive: true });
    // Frames go to a staging folder inside --out first, so a failed run leaves the previous output as it was.
    const stage = await mkdtemp(join(f.out, '.frames-'));
    const names: string[] = [];
    try {
      for (const [k, frame] of r.frames.entries()) {
        const name = `frame-${String(k).padStart(4, '0')}.png`;
        const png = await sharp(frame.rgb ?? new Uint8Array(), {
          raw: { width: frame.width, height: frame.height, channels: 3 },
        })
          .png()
          .toBuffer();
        await writeFile(join(stage, name), png);
        names.push(name);
      }
    } catch (err) {
      await rm(stage, { recursive: true, force: true });
      await removeCreatedFolders(f.out, created);
      throw err;
    }
    const previous = await previousFrameFiles(f.out);
    for (const name of names) {
      await rename(join(stage, name), join(f.out, name));
    }
    await rm(stage, { recursive: true, force: true });
    const meta = {
      file,
      totalFrames: r.totalFrames,
      videoFps: r.videoFps,
      nframes: r.plan.nframes,
      indices: r.plan.indices,
      timestamps: r.timestamps,
      resizedHeight: r.plan.resizedHeight,
      resizedWidth: r.plan.resizedWidth,
      sampleFps: r.plan.sampleFps,
      secondPerGridT: r.secondPerGridT,
      minPixels: r.plan.minPixels,
      maxPixels: r.plan.maxPixels,
      files: names,
    };
    const json = `${JSON.stringify(meta)}\n`;
    await writeAtomic(join(f.out, 'frames.json'), json);
    // Only the frame files the previous run listed and this one did not write: never anything else in --out.
    for (const stale of previous.filter((x) => !names.includes(x))) {
      await rm(join(f.out, stale), { force: true });
    }
    io.stdout(
      f.json ? json : `${names.length} frames (${r.plan.resizedWidth}x${r.plan.resizedHeight}) -> ${f.out}\n`,
    );
    return EXIT.ok;
  },
};
