import type { Command } from 'commander';
import { runBatch } from '../../pipeline/batch/runBatch.js';
import { createBatchDisplay, formatBatchSummary } from '../../pipeline/batch/display.js';
import { CapsyncError } from '../../util/errors.js';
import type { BatchItemOptions } from '../../pipeline/batch/types.js';
import { addItemOptions, itemOptionsFromFlags, type ItemFlags } from '../itemFlags.js';

export interface BatchFlags extends ItemFlags {
  /** False for --no-timing-from. */
  timingFrom?: false;
  out?: string;
  jobs?: string;
  force?: boolean;
  failFast?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `capsync batch <folder|manifest.json|manifest.csv> …`. */
export function registerBatch(program: Command): void {
  const command = program
    .command('batch')
    .description(
      'Run generate over many files: a folder (each media file paired with the files sharing its name, as generate finds them: ' +
        "<stem>.txt, .transcript.txt or .html, yt-dlp's .description, .info.json and .<lang>.vtt/.srv3/.json3, or .description.txt) " +
        'or a manifest (.json/.csv, per-item options). The caption, language and chapter options apply to every item. ' +
        'Outputs go to <out>/<stem>/; unchanged items are skipped; <out>/batch-report.json tells what happened to each',
    )
    .argument('<input>', 'folder, manifest.json or manifest.csv')
    .option('--no-timing-from', "use no caption track found beside the media (yt-dlp's <stem>.<lang>.vtt)")
    .option('--out <dir>', 'output folder (default: <folder>/capsync-out, or the manifest\'s "out", or capsync-out beside it)')
    .option('--jobs <n>', 'items at once (default: the number of cores; fewer when long media would not fit in memory)')
    .option('--force', 'redo items that are up to date')
    .option('--fail-fast', 'stop at the first failed item')
    .option('--json', 'print the batch report as JSON on stdout')
    .option('--quiet', 'no progress, summary or warnings on stderr');
  addItemOptions(command).action(async (input: string, flags: BatchFlags) => {
      let jobs: number | undefined;
      if (flags.jobs !== undefined) {
        jobs = Number(flags.jobs);
        if (flags.jobs.trim() === '' || !Number.isInteger(jobs) || jobs < 1) {
          throw new CapsyncError('BAD_OPTION', `--jobs must be a whole number ≥ 1 (got "${flags.jobs}")`);
        }
      }
      const shared = itemOptionsFromFlags(flags);
      const defaults: BatchItemOptions = {
        language: shared.language,
        engine: shared.engine,
        captions: Object.keys(shared.captions).length ? shared.captions : undefined,
        minChapter: shared.minChapter,
        maxChapters: shared.maxChapters,
        chapters: shared.chapters,
        timingFrom: flags.timingFrom === false ? null : undefined,
      };
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
        result = await runBatch({ input, out: flags.out, jobs, defaults, force: flags.force, failFast: flags.failFast, signal: abort.signal, onEvent: (e) => display.onEvent(e) });
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
