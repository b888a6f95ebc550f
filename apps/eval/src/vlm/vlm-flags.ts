/** Flags shared by `nextevent predict` and `nextevent generate` (model, backend, decoding). */
import type { GenerateOptions, LoadModelOptions, QwenVlModel } from '@nextevent/vlm';
import { loadModel } from '@nextevent/vlm';
import type { CliIo, OptionSpec } from '../command.js';
import { intFlag, numberFlag } from '../parse-flags.js';
import { defaultModelPath, ensureDemoModel } from './demo-model.js';

/** Parsed shared flags. */
export interface VlmFlags {
  model: string;
  backend: 'auto' | 'cpu' | 'webgpu';
  maxNewTokens?: number;
  sample?: boolean;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed: number;
  json?: boolean;
}

/** The shared flag table; `defaultMaxNewTokens` says the command's `--max-new-tokens` default in the help. */
export function vlmOptions(defaultMaxNewTokens: string): OptionSpec[] {
  return [
    {
      flags: '--model <dir|url|repo>',
      description:
        'Qwen2.5-VL checkpoint: a local folder, an http(s) URL or a Hub repo id. Default: the bundled UNTRAINED demo model.',
      default: defaultModelPath(),
    },
    {
      flags: '--backend <kind>',
      description:
        'Compute backend of @nextevent/vlm (auto: WebGPU when an adapter is found, else the CPU reference; the one ' +
        'used is printed on stderr).',
      default: 'auto',
      choices: ['auto', 'cpu', 'webgpu'],
    },
    {
      flags: '--max-new-tokens <n>',
      description: `Maximum generated tokens (default ${defaultMaxNewTokens}).`,
      parse: intFlag('--max-new-tokens'),
    },
    { flags: '--sample', description: 'Sample instead of greedy decoding (default: greedy).' },
    {
      flags: '--temperature <t>',
      description: 'Sampling temperature (default 1).',
      parse: numberFlag('--temperature', 1e-6),
    },
    {
      flags: '--top-k <k>',
      description: 'Top-k sampling (0 = off, the default).',
      parse: intFlag('--top-k', 0),
    },
    {
      flags: '--top-p <p>',
      description: 'Nucleus sampling threshold in (0, 1] (default 1: off).',
      parse: numberFlag('--top-p', 1e-9, 1),
    },
    { flags: '--seed <n>', description: 'Sampling seed.', default: 0, parse: intFlag('--seed', 0) },
    { flags: '--json', description: 'Print one JSON object on stdout instead of streaming text.' },
  ];
}

/** Decoding options from the flags. */
export function decodingOptions(f: VlmFlags): Omit<GenerateOptions, 'inputs' | 'messages'> {
  return {
    ...(f.maxNewTokens !== undefined ? { maxNewTokens: f.maxNewTokens } : {}),
    ...(f.sample ? { doSample: true } : {}),
    ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
    ...(f.topK !== undefined ? { topK: f.topK } : {}),
    ...(f.topP !== undefined ? { topP: f.topP } : {}),
    seed: f.seed,
  };
}

/** The stderr line naming the backend that runs, and why when `auto` fell back to the CPU. */
export function backendLine(requested: VlmFlags['backend'], used: 'cpu' | 'webgpu'): string {
  return requested === 'auto' && used === 'cpu'
    ? 'backend: cpu (--backend auto found no WebGPU adapter; the CPU reference is slow for real checkpoints)'
    : `backend: ${used}`;
}

/** Loads the model named by `--model` (generating the demo model when it is the missing default). */
export async function openModel(f: VlmFlags, io: CliIo): Promise<QwenVlModel> {
  const source = await ensureDemoModel(f.model, (l) => io.stderr(l));
  let last = -1;
  const options: LoadModelOptions = {
    backend: f.backend,
    signal: io.signal,
    onProgress: (p) => {
      if (p.phase === 'download' && Number.isFinite(p.total) && p.total > 0) {
        const pct = Math.floor((100 * p.loaded) / p.total);
        if (pct >= last + 10 || pct === 100) {
          last = pct;
          io.stderr(`downloading ${p.file}: ${pct}%\n`);
        }
      }
    },
  };
  const model = await loadModel(source, options);
  io.stderr(`${backendLine(f.backend, model.backendKind)}\n`);
  if (model.untrained) {
    io.stderr(
      `NOTE: ${source} is the UNTRAINED demo model (random weights): its text only shows the pipeline works.\n`,
    );
  }
  return model;
}
