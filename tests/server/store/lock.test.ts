import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockDataDir } from '../../../src/server/store/lock.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import { DataDirLockedError } from '../../../src/server/store/types.js';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A separate process holding the lock of `dataDir`, resolved once it has it. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const child = fork(join(FIXTURES, 'register.cjs'), [join(FIXTURES, 'hold-lock.ts'), dataDir], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('the data directory lock', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-lock-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) await killed(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second live process with a message naming the holder', async () => {
    const child = await holder(dir);
    children.push(child);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => SqliteStore.open(dir)).toThrow(
      `data directory ${dir} is in use by process ${child.pid} (one backend per DATA_DIR; stop it or use another DATA_DIR)`,
    );
  });

  it('is free at once after its holder was killed with SIGKILL', async () => {
    const child = await holder(dir);
    children.push(child);
    await killed(child);
    const store = SqliteStore.open(dir);
    await store.close();
  });

  it('is free even when a process with the recorded pid runs (a container restart reuses pids)', async () => {
    const child = await holder(dir);
    children.push(child);
    await killed(child);
    // The pid files (this version's and the pid-checking lock file of earlier ones) name a running process, as
    // after a container restart: a pid check would refuse, the kernel's lock does not.
    for (const file of ['backend.pid', 'backend.lock']) writeFileSync(join(dir, file), `${process.pid}\n`);
    const release = lockDataDir(dir);
    release();
  });

  it('refuses a second opening in the same process, and is free again once released', () => {
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(`data directory ${dir} is in use by process ${process.pid}`);
    release();
    lockDataDir(dir)();
  });

  it('creates its files readable by their owner only', async () => {
    const store = SqliteStore.open(dir);
    await store.ping();
    const files = [LOCK_FILE, 'backend.pid', 'upgrade-windows.sqlite', 'upgrade-windows.sqlite-wal'];
    for (const file of [...files, 'upgrade-windows-inbox.sqlite', 'upgrade-windows-inbox.sqlite-wal']) {
      expect({ file, mode: (statSync(join(dir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
    await store.close();
  });
});
