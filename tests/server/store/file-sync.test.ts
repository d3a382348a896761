import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSync } from '../../../src/server/store/file-sync.js';

/** An fsync that finishes when the test says so; `started` counts the fsyncs begun. */
function controlledFsync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const fsyncOnce = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  return {
    fsyncOnce,
    get started() {
      return pending.length;
    },
    finish: (index: number) => pending[index]!.resolve(),
    fail: (index: number, error: Error) => pending[index]!.reject(error),
  };
}

/** Whether `promise` has settled once the callbacks already due have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('FileSync', () => {
  it('starts an fsync at once when none runs, and resolves with it', async () => {
    const fsync = controlledFsync();
    const sync = new FileSync(fsync.fsyncOnce);
    const first = sync.sync();
    expect(fsync.started).toBe(1);
    expect(await settled(first)).toBe(false);
    fsync.finish(0);
    await expect(first).resolves.toBeUndefined();
  });

  it('makes a caller who asks while an fsync runs wait for the next one, shared by all who asked meanwhile', async () => {
    const fsync = controlledFsync();
    const sync = new FileSync(fsync.fsyncOnce);
    const running = sync.sync();
    // These callers' writes may have come after the running fsync began: it cannot cover them.
    const later = [sync.sync(), sync.sync(), sync.sync()];
    expect(fsync.started).toBe(1);
    fsync.finish(0);
    await running;
    expect(await settled(Promise.all(later))).toBe(false);
    expect(fsync.started).toBe(2);
    fsync.finish(1);
    await expect(Promise.all(later)).resolves.toHaveLength(3);
    expect(fsync.started).toBe(2);
  });

  it("rejects the callers of a failed fsync, and a later caller's fsync starts afresh", async () => {
    const fsync = controlledFsync();
    const sync = new FileSync(fsync.fsyncOnce);
    const failing = sync.sync();
    fsync.fail(0, new Error('EIO: i/o error, fsync'));
    await expect(failing).rejects.toThrow('EIO');
    const next = sync.sync();
    expect(fsync.started).toBe(2);
    fsync.finish(1);
    await expect(next).resolves.toBeUndefined();
  });

  it('still starts the next fsync for those waiting when the running one fails', async () => {
    const fsync = controlledFsync();
    const sync = new FileSync(fsync.fsyncOnce);
    const failing = sync.sync();
    const waiting = sync.sync();
    fsync.fail(0, new Error('EIO'));
    await expect(failing).rejects.toThrow('EIO');
    expect(fsync.started).toBe(2);
    fsync.finish(1);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('fsyncs a real file, and closes it only after the fsyncs asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uw-fsync-'));
    try {
      writeFileSync(join(dir, 'wal'), 'frames');
      const sync = FileSync.open(join(dir, 'wal'));
      const both = [sync.sync(), sync.sync()];
      await sync.close();
      await expect(Promise.all(both)).resolves.toHaveLength(2);
      expect(() => FileSync.open(join(dir, 'missing'))).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
