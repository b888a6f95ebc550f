import { basename, extname, join, resolve } from 'node:path';
import { probe, split, type KeyframePolicy } from '@nextevent/video';
import { EXIT, type CommandSpec } from '../command.js';
import { numberFlag } from '../parse-flags.js';

interface SplitFlags {
  at: number;
  out: string;
  mode: 'copy' | 'exact';
  keyframe: KeyframePolicy;
  json?: boolean;
}

/** File extensions of the containers split writes (the first is the one used when the source's does not fit). */
const CONTAINER_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  MP4: ['.mp4', '.m4v'],
  'QuickTime File Format': ['.mov', '.qt'],
  WebM: ['.webm'],
  Matroska: ['.mkv', '.mk3d'],
  'MPEG Transport Stream': ['.ts', '.mts', '.m2ts', '.mpegts'],
};

/** The extension of a file in `container`: the source's own when it names that container, else the usual one. */
function containerExtension(container: string, sourceExt: string): string {
  const exts = CONTAINER_EXTENSIONS[container];
  if (!exts) {
    return sourceExt; // split itself refuses containers it cannot write
  }
  return exts.includes(sourceExt.toLowerCase()) ? sourceExt : (exts[0] ?? sourceExt);
}

/** `nextevent split`: cut a video into past and future clips at a time. */
export const splitCommand: CommandSpec = {
  name: 'split',
  summary:
    'Split a video at --at seconds into <name>.past.<ext> and <name>.future.<ext> (<ext>: the container) in --out.',
  description:
    'Cuts a video into a past clip (every frame before the cut) and a future clip (every frame from it on), in the ' +
    'same container (named with its extension: .mp4, .mov, .webm, .mkv, .ts), audio cut at the same point; the halves are verified (no frame lost, duplicated or on the ' +
    'wrong side) before they are renamed into place. copy mode (default) re-encodes nothing and cuts at a keyframe: ' +
    'by default the last one at or before --at, so the past never holds a frame at or after --at. exact mode cuts ' +
    'at the first frame at or after --at and re-encodes the half that does not start or end on a keyframe ' +
    '(needs @mediabunny/server in Node).',
  arguments: [{ name: 'file', description: 'Video file (MP4, MOV, WebM, MKV).' }],
  options: [
    {
      flags: '--at <seconds>',
      description: 'Requested split time.',
      required: true,
      parse: numberFlag('--at'),
    },
    {
      flags: '--out <dir>',
      description: 'Output folder (created if missing; a failed split leaves nothing in it, nor creates it).',
      required: true,
    },
    { flags: '--mode <mode>', description: 'Cut mode.', default: 'copy', choices: ['copy', 'exact'] },
    {
      flags: '--keyframe <policy>',
      description: 'copy mode: which keyframe to cut at, relative to --at.',
      default: 'previous',
      choices: ['previous', 'next', 'nearest'],
    },
    { flags: '--json', description: 'Print one JSON object on stdout.' },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as SplitFlags;
    const file = args[0] ?? '';
    // The halves are written in the source's container: name them after it, whatever the source is called.
    const ext = containerExtension((await probe(file)).container, extname(file));
    const stem = basename(file, extname(file));
    // split creates --out (and removes what it created when it fails).
    const past = resolve(join(f.out, `${stem}.past${ext}`));
    const future = resolve(join(f.out, `${stem}.future${ext}`));
    const r = await split(file, f.at, {
      mode: f.mode,
      keyframe: f.keyframe,
      output: { past, future },
      signal: io.signal,
    });
    const part = (p: typeof r.past) => ({
      path: p.path,
      frames: p.frames,
      start: p.start,
      end: p.end,
      reencoded: p.reencoded,
    });
    if (f.json) {
      io.stdout(
        `${JSON.stringify({ at: r.at, cut: r.cut, mode: r.mode, keyframe: r.keyframe, past: part(r.past), future: part(r.future) })}\n`,
      );
    } else {
      io.stdout(
        `cut at ${r.cut} s (requested ${r.at} s, ${r.mode}${r.keyframe ? `, ${r.keyframe} keyframe` : ''})\n` +
          `past    ${r.past.frames} frames ${r.past.start}–${r.past.end} s  ${past}\n` +
          `future  ${r.future.frames} frames ${r.future.start}–${r.future.end} s  ${future}\n`,
      );
    }
    return EXIT.ok;
  },
};
