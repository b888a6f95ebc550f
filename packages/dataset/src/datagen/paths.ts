import { PythonError } from '../python/errors.js';
import { pyTypeName } from '../python/repr.js';
import { pyGetItem } from '../python/subscript.js';

/** Python's `os.path.join(a, b)` on POSIX: an absolute `b` replaces `a`; a `/` is added unless `a` ends in one. */
export function posixJoin(a: string, b: string): string {
  if (b.startsWith('/')) {
    return b;
  }
  return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`;
}

/** `'/'.join(entry['video_path'].split('/')[1:])`: the record's video path without its first component. */
export function videoRelPath(entry: unknown): string {
  const videoPath = pyGetItem(entry, 'video_path');
  if (typeof videoPath !== 'string') {
    throw new PythonError('AttributeError', `'${pyTypeName(videoPath)}' object has no attribute 'split'`);
  }
  return videoPath.split('/').slice(1).join('/');
}
