import { accessSync, constants, statSync, truncateSync, unlinkSync } from 'node:fs';

/**
 * SQLite maps its WAL index, the `-shm` file beside the database, into memory, and the kernel answers an access to
 * a mapped page past the file's end (the file was truncated) or a write to a page of an immutable file with SIGBUS,
 * which kills a Node process with no log line and no way to catch it (docs/DECISIONS.md, 30). The index is derived
 * data: SQLite rebuilds it from the WAL whenever its header is not valid, as after a crash. So the store looks at
 * the file (two system calls, a few microseconds) before each access:
 * - shorter than it was, or not whole 32 KiB regions: it is truncated, then grown back with zeros (an invalid
 *   header), and SQLite rebuilds the index from the WAL on its next access instead of touching a missing page;
 * - not writable (immutable): nothing may touch the database until it is again; callers get 503.
 */
export const SHM_REGION_BYTES = 32_768;

export type ShmState = 'ok' | 'repaired' | 'unwritable';

export class ShmGuard {
  /** The largest size seen: SQLite never shrinks the index while it has it mapped. */
  private largest = 0;

  constructor(private readonly path: string) {}

  check(): ShmState {
    let size: number;
    try {
      size = statSync(this.path).size;
      accessSync(this.path, constants.W_OK);
    } catch (error) {
      // Removed: the mapping keeps the old file, nothing to fault. Anything else (EPERM): not writable.
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ok' : 'unwritable';
    }
    if (size > 0 && size >= this.largest && size % SHM_REGION_BYTES === 0) {
      this.largest = size;
      return 'ok';
    }
    const restored = Math.max(this.largest, Math.ceil(size / SHM_REGION_BYTES) * SHM_REGION_BYTES, SHM_REGION_BYTES);
    truncateSync(this.path, 0);
    truncateSync(this.path, restored);
    this.largest = restored;
    return 'repaired';
  }
}

/**
 * Before the database is opened, by the process that holds the data directory's lock (so no other process of
 * ours has the database open): removes the index, whatever state it was left in, for SQLite to rebuild from the
 * WAL. An index that cannot be removed (immutable) is an error naming it, instead of a SIGBUS at the first write.
 */
export function resetShm(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return;
    throw new Error(
      `${path}: cannot remove SQLite's shared-memory index (${code}); make it writable (chattr -i) or delete it`,
      { cause: error },
    );
  }
}
