import type { CommandSpec } from '../../src/command.js';
import { createEvalCommand } from '../../src/commands/eval.js';
import { COMMANDS } from '../../src/commands/index.js';
import { encodeJpeg } from '../../src/eval/jpeg.js';
import type { VideoPreparer } from '../../src/eval/openai-backend.js';

/** A frame source for tests that do not exercise @nextevent/video: `n` mid-grey 56×56 frames at 2 fps. */
export function fakePreparer(n = 4): VideoPreparer {
  const frame = { data: new Uint8Array(56 * 56 * 3).fill(128), width: 56, height: 56 };
  const jpeg = encodeJpeg(frame);
  return async () => ({
    jpegs: await Promise.all(Array.from({ length: n }, () => jpeg)),
    sampleFps: 2,
    width: 56,
    height: 56,
  });
}

/** The command table with `eval` using a fake frame source. */
export function commandsWithFakeFrames(n = 4): CommandSpec[] {
  return COMMANDS.map((c) =>
    c.name === 'eval' ? createEvalCommand({ createVideoPreparer: () => fakePreparer(n) }) : c,
  );
}
