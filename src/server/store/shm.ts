import { unlinkSync } from 'node:fs';

/**
 * SQLite's WAL index, the `-shm` file beside the database, is mapped into memory, and the kernel answers an access
 * to a mapped page past the end of a truncated file, or a write to a page of an immutable one, with SIGBUS: a death
 * with no log line that no Node process can catch (docs/DECISIONS.md, 41). No look before each access closes that
 * race, since another process may truncate the file during an access (a checkpoint's fsync lasts milliseconds).
 *
 * So the file has no name while the store runs. SQLite keeps one mapping of the index per database file and process,
 * shared by every connection of the process (the main one and the worker threads'), opened once by name and then
 * reached by its descriptor: once the first connection has read the database, the name is removed, and nothing
 * outside the process can reach the mapped file. The data directory's lock keeps other processes of ours out; a
 * process that opens the database anyway gets an index of its own, rebuilt from the WAL (safe for reading).
 */

function unlinkIfPresent(path: string): NodeJS.ErrnoException | null {
  try {
    unlinkSync(path);
    return null;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    return failure.code === 'ENOENT' ? null : failure;
  }
}

/**
 * Before the database is opened, by the process that holds the data directory's lock: removes whatever index a
 * crash or someone else left, for SQLite to rebuild from the WAL. One that cannot be removed (immutable) is an error
 * naming it, instead of a SIGBUS at the first write.
 */
export function removeStaleShm(path: string): void {
  const failure = unlinkIfPresent(path);
  if (failure === null) return;
  throw new Error(
    `${path}: cannot remove SQLite's shared-memory index (${failure.code ?? 'error'}); ` +
      'make it writable (chattr -i) or delete it',
    { cause: failure },
  );
}

/** After the first connection has read the database (so the index is mapped): removes the index's name. */
export function detachShm(path: string): void {
  const failure = unlinkIfPresent(path);
  if (failure !== null) throw new Error(`${path}: cannot remove SQLite's shared-memory index (${failure.code})`);
}
