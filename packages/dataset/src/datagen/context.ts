import type { PythonRandom } from '../random/python-random.js';
import type { GeneratedRecord } from './entry.js';
import type { VideoFileProbe } from './probe.js';

/** The reference's default folders, relative to its working directory. */
export const DEFAULT_PATH_PREFIX = './V1-33K';
/** Where the reference writes (`save_dir`); only used in the printed `save … to …` lines. */
export const DEFAULT_SAVE_DIR = './LLaMA-Factory/data';

/** What one generation function needs besides the records. */
export interface DatagenContext {
  /** The random stream (`random` module state in the reference). */
  rng: PythonRandom;
  /** Answers the reference's `os.path.exists` / `isfile` checks. */
  probe: VideoFileProbe;
  /** Folder holding `first_part_video/` and `second_part_video/` as written into records. Default: `./V1-33K`. */
  pathPrefix?: string;
  /** Folder named in the printed `save … entries to …` lines. Default: `./LLaMA-Factory/data`. */
  saveDir?: string;
  /** Set by the generation functions to the record being processed (names the record in abort errors). */
  recordIndex?: number;
}

/** What one generation function produced: the records and what the reference printed. */
export interface FormatResult {
  /** Output file name, e.g. `video_fp_sft_data.json`. */
  fileName: string;
  records: GeneratedRecord[];
  /** The reference's stdout for this call, line by line with `\n`. */
  stdout: string;
  /** The reference's `error_count`. */
  errorCount: number;
}
