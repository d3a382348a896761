import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams, a given stdin and a pinned clock. */
export async function cli(
  argv: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; now?: number } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    now: () => options.now ?? Date.parse('2026-11-22T12:00:00Z'),
  });
  return { status, stdout, stderr };
}

/** A refusal for bad input: exit status 2, nothing on stdout, exactly `line` on stderr. */
export function expectUsageError(result: CliResult, line: string): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${line}\n`);
}
