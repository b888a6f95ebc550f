import type { DatagenContext, FormatResult } from './context.js';
import { convertToCft } from './convert-to-cft.js';
import { convertToDistill } from './convert-to-distill.js';
import { convertToPrevSft } from './convert-to-prev-sft.js';
import { convertToSft } from './convert-to-sft.js';
import { fullVideoCaption } from './full-video-caption.js';
import { fullVideoMcQa, fullVideoOeQa } from './full-video-qa.js';
import { fullVideoWhatHappensNext } from './full-video-what-happens-next.js';

/** The eight SFT formats, named like the reference's `dataset_info.json` entries and output files. */
export type SftFormatName =
  | 'video_fp_CFT_data'
  | 'video_fp_distill_data'
  | 'video_fp_sft_data'
  | 'full_video_caption_data'
  | 'full_video_oe_qa_data'
  | 'full_video_mc_qa_data'
  | 'full_video_what_happens_next_data'
  | 'video_prev_sft_data';

/** One SFT format: its names and generator. */
export interface SftFormat {
  /** Dataset name (the `dataset_info.json` key, and the output file name without `.json`). */
  name: SftFormatName;
  /** The reference function that writes it. */
  referenceFunction: string;
  fileName: string;
  /** Whether records start with a system turn (then `dataset_info.json` needs `system_tag`). */
  hasSystemPrompt: boolean;
  generate(data: readonly unknown[], ctx: DatagenContext): FormatResult;
}

/** The formats in the order of the reference's `__main__` block (the order of one shared random stream). */
export const SFT_FORMATS: readonly SftFormat[] = [
  ['video_fp_CFT_data', 'convert_to_CFT', true, convertToCft] as const,
  ['video_fp_distill_data', 'convert_to_distill', true, convertToDistill] as const,
  ['video_fp_sft_data', 'convert_to_sft', false, convertToSft] as const,
  ['full_video_caption_data', 'full_video_caption', false, fullVideoCaption] as const,
  ['full_video_oe_qa_data', 'full_video_oe_qa', false, fullVideoOeQa] as const,
  ['full_video_mc_qa_data', 'full_video_mc_qa', false, fullVideoMcQa] as const,
  [
    'full_video_what_happens_next_data',
    'full_video_what_happens_next',
    false,
    fullVideoWhatHappensNext,
  ] as const,
  ['video_prev_sft_data', 'convert_to_prev_sft', false, convertToPrevSft] as const,
].map(([name, referenceFunction, hasSystemPrompt, generate]) => ({
  name,
  referenceFunction,
  fileName: `${name}.json`,
  hasSystemPrompt,
  generate: (data: readonly unknown[], ctx: DatagenContext) => generate(data, ctx),
}));

/** All format names, in `__main__` order. */
export const SFT_FORMAT_NAMES: readonly SftFormatName[] = SFT_FORMATS.map((f) => f.name);

/** Looks a format up by dataset name or reference function name; throws `TypeError` for unknown names. */
export function getSftFormat(name: string): SftFormat {
  const format = SFT_FORMATS.find((f) => f.name === name || f.referenceFunction === name);
  if (format === undefined) {
    throw new TypeError(`Unknown SFT format "${name}"; expected one of: ${SFT_FORMAT_NAMES.join(', ')}.`);
  }
  return format;
}
