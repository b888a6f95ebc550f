/**
 * One process per run folder: a lock file created with O_EXCL holding the owner's pid. A lock left by a killed
 * process (its pid no longer alive) is taken over, so `kill -9` never blocks `--resume`.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { RunStateError } from './errors.js';

/** A held lock. */
export interface RunLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path` or throws {@link RunStateError} naming the process that holds it. */
export async function acquireRunLock(path: string): Promise<RunLock> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return {
        async release() {
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new RunStateError(
        `another nextevent process (pid ${pid}) is running this task in the same --out (lock ${path}); ` +
          'wait for it or stop it first',
      );
    }
    // Stale (its owner died) or unreadable: remove and retry.
    await unlink(path).catch(() => undefined);
  }
  throw new RunStateError(`cannot take the run lock ${path}`);
}
