import type * as NodeFs from 'node:fs';
import type * as NodeFsp from 'node:fs/promises';
import type * as NodeOs from 'node:os';
import type * as NodePath from 'node:path';

/** True when running under Node.js (or a Node-compatible runtime), where the file system is available. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Node's `fs/promises` and friends, loaded lazily so browser bundles never touch them. */
export async function nodeFs(): Promise<{
  fs: typeof NodeFs;
  fsp: typeof NodeFsp;
  path: typeof NodePath;
  os: typeof NodeOs;
}> {
  const [fs, fsp, path, os] = await Promise.all([
    import('node:fs'),
    import('node:fs/promises'),
    import('node:path'),
    import('node:os'),
  ]);
  return { fs, fsp, path, os };
}
