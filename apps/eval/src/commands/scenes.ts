import { detectScenes } from '@nextevent/video';
import { EXIT, type CommandSpec } from '../command.js';
import { intFlag, numberFlag } from '../parse-flags.js';

interface ScenesFlags {
  threshold: number;
  minSceneLength: number;
  filterMode: 'merge' | 'suppress';
  json?: boolean;
}

/** `nextevent scenes`: content-based cut detection (PySceneDetect ContentDetector) to propose split points. */
export const scenesCommand: CommandSpec = {
  name: 'scenes',
  summary: 'Detect hard cuts (HSV content detector like PySceneDetect) to propose split points.',
  description:
    'Decodes every frame (needs @mediabunny/server in Node), scores the HSV difference between consecutive frames ' +
    'like PySceneDetect’s ContentDetector and reports cuts (the first frame of each new scene) and the scenes.',
  arguments: [{ name: 'file', description: 'Video file.' }],
  options: [
    {
      flags: '--threshold <score>',
      description: 'Cut score threshold.',
      default: 27,
      parse: numberFlag('--threshold'),
    },
    {
      flags: '--min-scene-length <frames>',
      description: 'Minimum frames between cuts.',
      default: 15,
      parse: intFlag('--min-scene-length', 0),
    },
    {
      flags: '--filter-mode <mode>',
      description: 'Cuts closer than the minimum length: merged into one, or all but the first dropped.',
      default: 'merge',
      choices: ['merge', 'suppress'],
    },
    { flags: '--json', description: 'Print one JSON object on stdout.' },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as ScenesFlags;
    const file = args[0] ?? '';
    const r = await detectScenes(file, {
      threshold: f.threshold,
      minSceneLength: f.minSceneLength,
      filterMode: f.filterMode,
      signal: io.signal,
    });
    if (f.json) {
      io.stdout(`${JSON.stringify({ file, frames: r.frames, cuts: r.cuts, scenes: r.scenes })}\n`);
    } else {
      io.stdout(
        `${r.cuts.length} cut(s) in ${r.frames} frames\n` +
          r.cuts.map((c) => `  ${c.time} s (frame ${c.frame}, score ${c.score.toFixed(1)})\n`).join(''),
      );
    }
    return EXIT.ok;
  },
};
