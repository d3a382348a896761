import { runCli } from '../../src/cli/run.js';
import { eventually } from '../server/helpers.js';

export interface RunningServe {
  /** What `serve` printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** The backend's URL, as `serve` printed it (`BACKEND_URL=`). */
  readonly backendUrl: string;
  /** Sends SIGTERM, as a service manager stops it; resolves to `serve`'s exit status. */
  stop(): Promise<number>;
}

/**
 * Runs `upgrade-windows serve` in this process with `env`, its output captured, and waits until it printed the
 * backend's URL. Stop it with `stop()` (it handles SIGTERM).
 */
export async function startServe(env: NodeJS.ProcessEnv): Promise<RunningServe> {
  let stdout = '';
  let stderr = '';
  const running = runCli(['serve'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => '',
    env,
    now: () => Date.now(),
  });
  const stop = () => {
    process.emit('SIGTERM');
    return running;
  };
  try {
    await eventually('serve printed its URL', () => stdout.includes('BACKEND_URL='));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    backendUrl: /BACKEND_URL=(\S+)/.exec(stdout)![1]!,
    stop,
  };
}
