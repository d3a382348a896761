import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataDirLockedError } from './types.js';

/** A small SQLite file whose exclusive lock is the data directory's lock. */
export const LOCK_FILE = 'lock.db';
/** Who holds it, for the message a second process prints; only informative, the lock itself decides. */
export const PID_FILE = 'backend.pid';

/**
 * Takes the data directory for this process and returns the function that releases it.
 *
 * The lock is SQLite's own (an fcntl lock) on LOCK_FILE, held through a connection in `locking_mode=EXCLUSIVE`
 * after a write: the kernel drops it when the process ends however it ends (kill -9, a crash, power off), so a
 * restart never meets a stale lock, and no pid is compared (a container's restarted server often gets the very
 * pid its killed predecessor had). A second process, or a second opening in this one, gets SQLITE_BUSY at once.
 * The file is never deleted: deleting a lock file others may have open would let two processes lock two files.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): () => void {
  const path = join(dataDir, LOCK_FILE);
  createPrivate(path);
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(pid);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (!/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) throw error;
    const owner = readOwner(join(dataDir, PID_FILE));
    throw new DataDirLockedError(
      `data directory ${dataDir} is in use by ${owner === null ? 'another process' : `process ${owner}`} ` +
        '(one backend per DATA_DIR; stop it or use another DATA_DIR)',
    );
  }
  writeFileSync(join(dataDir, PID_FILE), `${pid}\n`, { mode: 0o600 });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    db.close();
  };
}

/** Creates `path` readable by its owner only when it does not exist (SQLite gives its side files the same mode). */
export function createPrivate(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
}

function readOwner(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
