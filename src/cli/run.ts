import { escapeInvisible, UsageError } from './errors.js';
import type { Command, CommandIO } from './io.js';

/**
 * The `upgrade-windows` command. Each subcommand lives in `commands/<name>.ts` and is loaded only
 * when called, so `decision` never pays for the server's imports.
 */
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  windows: () => import('./commands/windows.js'),
  check: () => import('./commands/check.js'),
  decision: () => import('./commands/decision.js'),
  render: () => import('./commands/render.js'),
  event: () => import('./commands/event.js'),
  status: () => import('./commands/status.js'),
  bookings: () => import('./commands/bookings.js'),
  setup: () => import('./commands/setup.js'),
  serve: () => import('./commands/serve.js'),
};

const SUMMARIES: Record<string, string> = {
  windows: 'the next eligible upgrade windows',
  check: 'whether a window starting at START may be booked',
  decision: "the GO / NO-GO decision in a customer's reply",
  render: 'the comment that a lifecycle event posts',
  event: 'report a lifecycle event to the backend',
  status: "a ticket's upgrade state and decision",
  bookings: 'booked windows, and those the policy no longer allows',
  setup: 'prepare Zendesk: ticket fields, webhook, trigger',
  serve: 'run the backend',
};

export function usage(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((name) => name.length));
  const lines = Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: upgrade-windows <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "upgrade-windows <command> --help" for a command's options.\n`;
}

export async function runCli(argv: string[], rawIO: CommandIO): Promise<number> {
  // Every message on stderr, the commands' own included, is escaped: it may quote a file or the backend.
  const io: CommandIO = { ...rawIO, stderr: (text) => rawIO.stderr(escapeInvisible(text)) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr(`upgrade-windows: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    const { command } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.usage.trimEnd()}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`upgrade-windows ${name}: ${oneLine(error.message)}\n`);
      return 2;
    }
    io.stderr(`upgrade-windows ${name}: internal error: ${oneLine((error as Error)?.message ?? String(error))}\n`);
    return 70;
  }
}

/** A message is one line on stderr: a line break inside it is shown as `\\n`. */
function oneLine(message: string): string {
  return message.replace(/\r?\n/g, '\\n');
}

export function processIO(): CommandIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    now: () => Date.now(),
  };
}
