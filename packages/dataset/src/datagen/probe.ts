/**
 * What data generation asks about the video files named in the records, with the paths exactly as they are
 * written into the output (e.g. `./V1-33K/first_part_video/a/b.mp4`). The Node implementation
 * (`createFsVideoProbe` in `@nextevent/dataset/node`) maps them onto a dataset folder.
 */
export interface VideoFileProbe {
  /** Python's `os.path.exists(path)`: true for files and directories. */
  exists(path: string): boolean;
  /** `os.path.isfile(path)` and the file can be read (what `convert_to_prev_sft` checks). */
  isReadableFile(path: string): boolean;
}

/**
 * A probe over a fixed list of paths (no file system): handy in the browser and in tests.
 *
 * @param files paths of readable files, as the records write them
 * @param directories paths that exist but are directories
 */
export function createListVideoProbe(
  files: Iterable<string>,
  directories: Iterable<string> = [],
): VideoFileProbe {
  const fileSet = new Set(files);
  const dirSet = new Set<string>();
  const addDir = (d: string): void => {
    dirSet.add(d);
    dirSet.add(d.endsWith('/') ? d : `${d}/`);
  };
  for (const d of directories) {
    addDir(d);
  }
  // Every parent folder of a listed path exists too.
  for (const p of [...fileSet, ...dirSet]) {
    for (let i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) {
      addDir(p.slice(0, i));
    }
  }
  return {
    exists: (path) => fileSet.has(path) || dirSet.has(path),
    isReadableFile: (path) => fileSet.has(path),
  };
}
