import type { Command } from 'commander';
import { runBatch } from '../../pipeline/batch/runBatch.js';
import { createBatchDisplay, formatBatchSummary } from '../../pipeline/batch/display.js';
import { CapsyncError } from '../../util/errors.js';

export interface BatchFlags {
  out?: string;
  jobs?: string;
  force?: boolean;
  failFast?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `capsync batch <folder|manifest.json|manifest.csv> …`. */
export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description(
      'Run generate over many files: a folder (each media file paired with <stem>.txt or <stem>.transcript.txt and ' +
        '<stem>.description.txt) or a manifest (.json/.csv, per-item options). Outputs go to <out>/<stem>/; ' +
        'unchanged items are skipped; <out>/batch-report.json tells what happened to each',
    )
    .argument('<input>', 'folder, manifest.json or manifest.csv')
    .option('--out <dir>', 'output folder (default: <folder>/capsync-out, or the manifest\'s "out", or capsync-out beside it)')
    .option('--jobs <n>', 'items at once (default: the number of cores; fewer when long media would not fit in memory)')
    .option('--force', 'redo items that are up to date')
    .option('--fail-fast', 'stop at the first failed item')
    .option('--json', 'print the batch report as JSON on stdout')
    .option('--quiet', 'no progress, summary or warnings on stderr')
    .action(async (input: string, flags: BatchFlags) => {
      let jobs: number | undefined;
      if (flags.jobs !== undefined) {
        jobs = Number(flags.jobs);
        if (flags.jobs.trim() === '' || !Number.isInteger(jobs) || jobs < 1) {
          throw new CapsyncError('BAD_OPTION', `--jobs must be a whole number ≥ 1 (got "${flags.jobs}")`);
        }
      }
      const display = createBatchDisplay({ quiet: flags.quiet });
      // Ctrl-C: the batch stops starting items, stops the running ones and writes its report.
      const abort = new AbortController();
      const onSigint = (): void => {
        if (!abort.signal.aborted) abort.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      let result;
      try {
        result = await runBatch({ input, out: flags.out, jobs, force: flags.force, failFast: flags.failFast, signal: abort.signal, onEvent: (e) => display.onEvent(e) });
      } finally {
        display.stop();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
      if (!flags.quiet) process.stderr.write(`\n${formatBatchSummary(result.report, result.reportPath)}`);
      if (flags.json) process.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
      process.exitCode = result.exitCode;
    });
}
