import { pastVideoFromSampled, type ChatContentPart } from '@nextevent/vlm';
import { EXIT, UsageError, type CommandSpec } from '../command.js';
import { intFlag } from '../parse-flags.js';
import { sampleForVlm } from '../vlm/sample.js';
import { decodingOptions, openModel, vlmOptions, type VlmFlags } from '../vlm/vlm-flags.js';

interface GenerateFlags extends VlmFlags {
  prompt?: string;
  video?: string;
  system?: string;
  maxFrames: number;
}

/** `nextevent generate`: chat with a local Qwen2.5-VL, optionally about a video; the answer streams to stdout. */
export const generateCommand: CommandSpec = {
  name: 'generate',
  summary:
    'Generate text with a local Qwen2.5-VL (WebGPU or CPU), optionally about a video; streams to stdout.',
  description:
    'Run a local Qwen2.5-VL checkpoint on a prompt (and a video, sampled like qwen-vl-utils at 2 fps) and stream ' +
    'the answer to stdout. The default model is the bundled UNTRAINED demo model, whose text is meaningless.',
  options: [
    { flags: '--prompt <text>', description: 'The user message.', required: true },
    { flags: '--video <path>', description: 'A video the prompt is about.' },
    { flags: '--system <text>', description: 'System message (default: the chat template default).' },
    {
      flags: '--max-frames <n>',
      description: 'At most this many sampled frames.',
      default: 32,
      parse: intFlag('--max-frames', 2),
    },
    ...vlmOptions('128'),
  ],
  async run({ options, io }) {
    const f = options as unknown as GenerateFlags;
    if (!f.prompt?.trim()) {
      throw new UsageError('--prompt must not be empty');
    }
    const model = await openModel(f, io);
    try {
      const content: ChatContentPart[] = [];
      if (f.video !== undefined) {
        const v = pastVideoFromSampled(await sampleForVlm(f.video, f.maxFrames));
        content.push({
          type: 'video',
          video: { frames: v.frames, ...(v.fps !== undefined ? { fps: v.fps } : {}) },
        });
      }
      content.push({ type: 'text', text: f.prompt });
      const messages = [
        ...(f.system !== undefined ? [{ role: 'system' as const, content: f.system }] : []),
        { role: 'user' as const, content },
      ];
      const tokens: number[] = [];
      let text = '';
      for await (const chunk of model.stream({ messages, ...decodingOptions(f), signal: io.signal })) {
        const t = chunk.tokens[0];
        if (t !== null && t !== undefined) {
          tokens.push(t);
        }
        const delta = chunk.text[0] ?? '';
        text += delta;
        if (!f.json && delta) {
          io.stdout(delta);
        }
      }
      if (f.json) {
        io.stdout(
          `${JSON.stringify({ model: model.source, untrained: model.untrained, backend: model.backendKind, text: model.tokenizer?.decode(tokens) ?? text, tokens })}\n`,
        );
      } else {
        io.stdout('\n');
      }
      return EXIT.ok;
    } finally {
      model.dispose();
    }
  },
};
