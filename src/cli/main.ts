#!/usr/bin/env node
// The `upgrade-windows` executable: everything testable lives in run.ts.
import { processIO, runCli } from './run.js';

runCli(process.argv.slice(2), processIO()).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`upgrade-windows: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
