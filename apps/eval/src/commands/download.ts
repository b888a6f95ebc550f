import { V1_33K_PART_COUNT, parsePartsRange, type DownloadProgress } from '@nextevent/dataset';
import { downloadV1Dataset } from '@nextevent/dataset/node';
import { EXIT, UsageError, type CliIo, type CommandSpec } from '../command.js';

interface DownloadFlags {
  parts?: number[];
  dest: string;
}

function partsFlag(value: string): number[] {
  let parts: number[];
  try {
    parts = parsePartsRange(value);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  const outside = parts.filter((p) => p >= V1_33K_PART_COUNT);
  if (outside.length > 0) {
    throw new UsageError(
      `--parts: part${outside.length === 1 ? '' : 's'} ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''} ` +
        `outside 0-${V1_33K_PART_COUNT - 1} (the archive parts of V1-33K)`,
    );
  }
  return parts;
}

/** Progress on stderr: a rewritten line on a terminal, one line per file and phase otherwise. */
function progressPrinter(io: CliIo): (p: DownloadProgress) => void {
  let last = '';
  return (p) => {
    const pct =
      p.bytes !== undefined && p.totalBytes ? ` ${Math.floor((100 * p.bytes) / p.totalBytes)}%` : '';
    if (io.isTTY && (p.phase === 'download' || p.phase === 'verify')) {
      io.stderr(`\r${p.phase} ${p.file ?? ''}${pct}\u001b[K`);
      return;
    }
    const key = `${p.phase} ${p.file ?? ''}`;
    if (p.phase === 'download' || p.phase === 'verify' || p.phase === 'extract') {
      if (key === last) {
        return;
      }
      last = key;
      io.stderr(`${io.isTTY ? '\r\u001b[K' : ''}${p.phase} ${p.file ?? ''}\n`);
      return;
    }
    io.stderr(`${io.isTTY ? '\r\u001b[K' : ''}${p.message ?? `${p.phase} ${p.file ?? ''}`}\n`);
  };
}

/** `nextevent download`: V1-33K from the Hugging Face hub, resumable and verified. */
export const downloadCommand: CommandSpec = {
  name: 'download',
  summary: 'Download and extract V1-33K from the Hugging Face hub (resumable, verified, safe extraction).',
  description:
    'Downloads haonan3/V1-33K like the reference v1_data_download.py: the JSON files and the ' +
    'video_data_part<i>.tar.gz / first_segment_video_data_part<i>.tar.gz archives, then extracts them. ' +
    'Interrupted downloads resume; sizes and hashes are checked against the hub; archives are extracted ' +
    'atomically, refusing entries that would escape the folder, and skipped when already extracted. ' +
    'HF_ENDPOINT and HF_TOKEN are honoured.',
  options: [
    {
      flags: '--parts <range>',
      description: `Archive parts to fetch, e.g. 0-3 or 0,5,7 (default: all, 0-${V1_33K_PART_COUNT - 1}).`,
      parse: partsFlag,
    },
    { flags: '--dest <dir>', description: 'The V1-33K folder to fill.', default: './V1-33K' },
  ],
  async run({ options, io }) {
    const f = options as unknown as DownloadFlags;
    const hubUrl = io.env.HF_ENDPOINT;
    const accessToken = io.env.HF_TOKEN;
    const report = await downloadV1Dataset({
      dest: f.dest,
      onProgress: progressPrinter(io),
      signal: io.signal,
      ...(f.parts === undefined ? {} : { parts: f.parts }),
      ...(hubUrl === undefined || hubUrl === '' ? {} : { hubUrl: hubUrl.replace(/\/+$/, '') }),
      ...(accessToken === undefined || accessToken === '' ? {} : { accessToken }),
    });
    io.stdout(
      `downloaded ${report.downloaded.length}, already present ${report.present.length}, extracted ` +
        `${report.extracted.length}, already extracted ${report.alreadyExtracted.length}` +
        (report.missing.length > 0 ? `, not in the repository: ${report.missing.join(', ')}` : '') +
        '\n',
    );
    return EXIT.ok;
  },
};
