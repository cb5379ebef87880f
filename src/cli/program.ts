import { Command } from 'commander';
import { registerGenerate } from './commands/generate.js';
import { registerLint } from './commands/lint.js';
import { registerChapters } from './commands/chapters.js';
import { registerDescribe } from './commands/describe.js';
import { registerBatch } from './commands/batch.js';
import { probeFrameRate } from '../media/probe.js';
import { registerReview } from './commands/review.js';

/** The capsync command line: one subcommand per job, each a thin layer over the library API. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('capsync')
    .description('Align an official transcript to a video and write captions, chapters and description metadata.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerGenerate(program);
  registerLint(program, { probeFps: probeFrameRate });
  registerChapters(program);
  registerDescribe(program);
  registerBatch(program);
  registerReview(program);
  return program;
}
