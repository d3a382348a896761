import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

// Placeholder until the command's issue lands; it refuses clearly rather than pretending.
export const command: Command = {
  summary: 'serve',
  usage: 'Usage: upgrade-windows serve (not available yet)',
  run: async () => {
    throw new UsageError('this command is not available yet');
  },
};
