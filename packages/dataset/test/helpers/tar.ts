import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
}

/** Builds a .tar.gz in memory with tar-stream's packer. */
export async function makeTarGz(entries: TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    p.on('end', () => resolve());
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') {
      p.entry({ name: e.name, type }, e.content ?? '');
    } else {
      p.entry({ name: e.name, type, ...(e.linkname === undefined ? {} : { linkname: e.linkname }) });
    }
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
