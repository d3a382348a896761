import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLockedError } from './types.js';

export const LOCK_FILE = 'backend.lock';

/**
 * Takes the data directory for this process: an exclusive lock file holding our pid. A lock whose pid is
 * no longer running (a process killed with SIGKILL, a power loss) is stale and taken over. Returns the
 * function that releases it.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => releaseIfOurs(path, pid);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner !== null && isRunning(owner)) {
      throw new DataDirLockedError(
        `data directory ${dataDir} is in use by process ${owner} (one backend per DATA_DIR; stop it or use another DATA_DIR)`,
      );
    }
    // Stale: its owner is gone. Remove it and race for it again with O_EXCL, so two starters cannot both win.
    rmSync(path, { force: true });
  }
  throw new DataDirLockedError(`data directory ${dataDir}: could not take the lock file ${path}`);
}

function readOwner(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string, pid: number): void {
  if (readOwner(path) === pid) rmSync(path, { force: true });
}
