/** The Hugging Face dataset repository of V1-33K. */
export const V1_33K_REPO = 'haonan3/V1-33K';

/** Archive part numbers the reference `v1_data_download.py` tries (`range(0, 70)`). */
export const V1_33K_PART_COUNT = 70;

/** The two archive families: full videos and first-part clips. */
export const V1_33K_ARCHIVE_PREFIXES = ['video_data_part', 'first_segment_video_data_part'] as const;

/**
 * Parses a `--parts` value: comma-separated part numbers and inclusive ranges, e.g. `0-3,7` → `[0, 1, 2, 3, 7]`
 * (sorted, without duplicates). Throws `TypeError` naming the bad piece.
 */
export function parsePartsRange(spec: string): number[] {
  const parts = new Set<number>();
  for (const raw of spec.split(',')) {
    const piece = raw.trim();
    const m = /^(\d+)(?:-(\d+))?$/.exec(piece);
    if (m === null) {
      throw new TypeError(`parts: "${piece}" is not a part number or a range like 0-3.`);
    }
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) {
      throw new TypeError(`parts: range "${piece}" ends before it starts.`);
    }
    if (to - from > 100_000) {
      throw new TypeError(`parts: range "${piece}" is too large.`);
    }
    for (let i = from; i <= to; i++) {
      parts.add(i);
    }
  }
  return [...parts].sort((a, b) => a - b);
}

/** The archive file names of the given parts, in the reference's order (all full-video parts first). */
export function archiveNamesForParts(parts: readonly number[]): string[] {
  return V1_33K_ARCHIVE_PREFIXES.flatMap((prefix) => parts.map((i) => `${prefix}${i}.tar.gz`));
}

/** True for a V1-33K archive name; gives its prefix and part number. */
export function parseArchiveName(path: string): { prefix: string; part: number } | null {
  const m = /^(video_data_part|first_segment_video_data_part)(\d+)\.tar\.gz$/.exec(path);
  return m === null ? null : { prefix: m[1] as string, part: Number(m[2]) };
}
