#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from '../src/cli/program.js';
import { isCapsyncError } from '../src/util/errors.js';

// Thin entry point: parse, run, and turn every failure into one line on stderr and an exit code.
try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (isCapsyncError(error)) {
    process.stderr.write(`capsync: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`capsync: internal error: ${message}\n(set CAPSYNC_DEBUG=1 for details)\n`);
    if (process.env.CAPSYNC_DEBUG) console.error(error);
    process.exitCode = 70;
  }
}
