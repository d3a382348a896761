import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/** What a command may touch: its streams, environment and clock, injected so tests run commands in-process. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  now: () => number;
}

export interface Command {
  summary: string;
  usage: string;
  /** Resolves to the exit status. Throws UsageError for bad input. */
  run: (argv: string[], io: CommandIO) => Promise<number>;
}

/** Reads a text file given on the command line, or throws a UsageError naming it. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : 'cannot be read';
    throw new UsageError(`${what} ${path}: ${reason}`);
  }
}

/** Reads and parses a JSON file given on the command line, or throws a UsageError naming it. */
export function readJsonFile(path: string, what: string): unknown {
  // A byte-order mark is not part of the JSON (RFC 8259 lets a parser ignore it); some Windows editors write one.
  const text = readTextFile(path, what).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} ${path}: not valid JSON (${(error as Error).message})`);
  }
}
