import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

// Placeholder until the command's issue lands; it refuses clearly rather than pretending.
export const command: Command = {
  summary: 'event',
  usage: 'Usage: upgrade-windows event (not available yet)',
  run: async () => {
    throw new UsageError('this command is not available yet');
  },
};
