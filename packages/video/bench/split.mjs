// Benchmarks @nextevent/video (the BUILT package: run `npm run build -w @nextevent/video` first) against the
// ffmpeg CLI on a 1 min 1280×720 30 fps H.264 clip (B-frames, keyframe every 2 s, AAC), generated once into
// bench/.cache/. Prints one JSON line per bench: {"bench", "ours_ms", "baseline", "baseline_ms", "ratio", …}.
//   split: split(clip, 30 s) in copy mode (both halves written and verified) vs two `ffmpeg -c copy` runs.
//   split-exact: split(clip, 30.5 s, exact) (re-encodes only the broken GOP fragments) vs ffmpeg re-encoding.
//   decode: decode every frame (mediabunny + @mediabunny/server) vs `ffmpeg -i clip -f null -`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALL_FORMATS, FilePathSource, Input, VideoSampleSink } from 'mediabunny';
import { ensureCodecs, probe, split } from '@nextevent/video';

const CACHE = join(import.meta.dirname, '.cache');
const CLIP = join(CACHE, 'bench720-60s.mp4');
const FF = ['-hide_banner', '-loglevel', 'error', '-y'];

if (!existsSync(CLIP)) {
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${CLIP}.partial.mp4`;
  execFileSync('ffmpeg', [
    ...FF,
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=30:duration=60',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=60',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '60',
    '-bf',
    '2',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-shortest',
    tmp,
  ]);
  renameSync(tmp, CLIP);
}

const time = (fn) => {
  const t = performance.now();
  const r = fn();
  return r instanceof Promise ? r.then(() => performance.now() - t) : performance.now() - t;
};
const best = async (n, fn) => {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, await time(fn));
  }
  return min;
};
const line = (o) => console.log(JSON.stringify(o));

const info = await probe(CLIP);
const out = mkdtempSync(join(tmpdir(), 'nextevent-bench-'));
try {
  // Split at 30 s (a keyframe: copy mode cuts there; ffmpeg's -t copy leaks B-frame-delayed frames, see design).
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const oursSplit = await best(3, () =>
    split(CLIP, 30, { output: { past: join(out, 'p.mp4'), future: join(out, 'f.mp4') } }),
  );
  clearInterval(sampler);
  const ffSplit = await best(3, () => {
    execFileSync('ffmpeg', [...FF, '-i', CLIP, '-t', '30', '-map', '0', '-c', 'copy', join(out, 'fp.mp4')]);
    execFileSync('ffmpeg', [...FF, '-ss', '30', '-i', CLIP, '-map', '0', '-c', 'copy', join(out, 'ff.mp4')]);
  });
  line({
    bench: 'split-copy-720p-60s-at-30s',
    ours_ms: Math.round(oursSplit),
    baseline: 'ffmpeg -i clip -t 30 -c copy past.mp4 && ffmpeg -ss 30 -i clip -c copy future.mp4',
    baseline_ms: Math.round(ffSplit),
    ratio: +(oursSplit / ffSplit).toFixed(2),
    file_mb: +(statSync(CLIP).size / 2 ** 20).toFixed(1),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
  });

  // Exact split off a keyframe: ours re-encodes only the broken GOP fragments; ffmpeg's exact cut re-encodes.
  const exact = await split(CLIP, 30.5, {
    mode: 'exact',
    output: { past: join(out, 'xp.mp4'), future: join(out, 'xf.mp4') },
  });
  const oursExact = await best(1, () =>
    split(CLIP, 30.5, { mode: 'exact', output: { past: join(out, 'xp.mp4'), future: join(out, 'xf.mp4') } }),
  );
  const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac'];
  const ffExact = await best(1, () => {
    execFileSync('ffmpeg', [...FF, '-i', CLIP, '-t', '30.5', ...x264, join(out, 'fxp.mp4')]);
    execFileSync('ffmpeg', [...FF, '-ss', '30.5', '-i', CLIP, ...x264, join(out, 'fxf.mp4')]);
  });
  line({
    bench: 'split-exact-720p-60s-at-30.5s',
    ours_ms: Math.round(oursExact),
    baseline:
      'ffmpeg -i clip -t 30.5 -c:v libx264 -c:a aac past.mp4 && ffmpeg -ss 30.5 -i clip -c:v libx264 -c:a aac future.mp4',
    baseline_ms: Math.round(ffExact),
    ratio: +(oursExact / ffExact).toFixed(2),
    reencoded_frames: exact.past.reencodedFrames + exact.future.reencodedFrames,
    frames: exact.past.frames + exact.future.frames,
  });

  // Decode every frame.
  if (!(await ensureCodecs())) {
    throw new Error('decode bench needs @mediabunny/server');
  }
  const decodeAll = async () => {
    const input = new Input({ source: new FilePathSource(CLIP), formats: ALL_FORMATS });
    let n = 0;
    for await (const s of new VideoSampleSink(await input.getPrimaryVideoTrack()).samples()) {
      s.close();
      n++;
    }
    input.dispose();
    if (n !== info.frames) {
      throw new Error(`decoded ${n} frames, probe says ${info.frames}`);
    }
  };
  const oursDecode = await best(2, decodeAll);
  const ffDecode = await best(2, () =>
    execFileSync('ffmpeg', [...FF, '-i', CLIP, '-map', '0:v', '-f', 'null', '-']),
  );
  line({
    bench: 'decode-720p-h264-60s',
    ours_ms: Math.round(oursDecode),
    baseline: 'ffmpeg -i clip -map 0:v -f null -',
    baseline_ms: Math.round(ffDecode),
    ratio: +(oursDecode / ffDecode).toFixed(2),
    ours_fps: Math.round((info.frames * 1000) / oursDecode),
    baseline_fps: Math.round((info.frames * 1000) / ffDecode),
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
