/**
 * `runBatch`: generate captions for every item of a folder or manifest, each in its own worker
 * process, through a bounded, memory-aware pool. Items are taken in order; for each the next one
 * is hashed (resume check) and probed (memory estimate) while earlier ones run.
 *
 * Outcomes never escape an item: a bad input, a corrupt file or a crashed worker marks that item
 * failed and the batch goes on (unless `failFast`). An abort (Ctrl-C) stops starting items, asks
 * running workers to stop (SIGKILL after a grace period), removes the temp files a killed worker
 * may leave, and still writes the batch report; finished items keep their markers, so the next
 * run continues where this one stopped.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CapsyncError, isCapsyncError } from '../../util/errors.js';
import { outputFolderError } from '../../util/outputSet.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { readTranscriptFile } from '../../text/index.js';
import { extractTranscriptFromDescription, readDescriptionFile } from '../../metadata/index.js';
import type { GenerateOptions } from '../generate.js';
import { BATCH_MEDIA_EXTENSIONS, loadBatchSource } from './discover.js';
import { canStart, estimateItemMemoryMb, ITEM_BASE_MB, memoryBudgetMb, probeDurationSeconds } from './memory.js';
import { BATCH_LOCK_FILE, BATCH_REPORT_FILE, batchWorkerScript, capsyncVersion } from './paths.js';
import {
  hashItem,
  isUpToDate,
  itemOptions,
  readFingerprintCache,
  readItemMarker,
  removeItemMarker,
  removeStaleTemps,
  writeFingerprintCache,
  writeItemMarker,
  type ItemMarker,
} from './resume.js';
import { describeWorkerExit, runItemInWorker, type ItemRun, type ItemRunResult } from './runItem.js';
import type { BatchEvent, BatchItem, BatchItemOptions, BatchItemResult, BatchItemStatus, BatchReport } from './types.js';
import { isOtherLiveProcess } from '../../util/process.js';

export { BATCH_REPORT_FILE };
const LOCK_FILE = BATCH_LOCK_FILE;
/** How long a worker asked to stop may take before it is killed. */
const DEFAULT_KILL_GRACE_MS = 2000;

export interface RunBatchOptions {
  /** A folder of media + texts, or a manifest (.json / .csv). */
  input: string;
  /** Output folder (default: the manifest's `out`, else `<folder>/capsync-out` / `<manifest dir>/capsync-out`). */
  out?: string;
  /** Most items at once (default: the number of cores); the memory budget may allow fewer. */
  jobs?: number;
  /** Redo items that are up to date. */
  force?: boolean;
  /** Stop at the first failed item. */
  failFast?: boolean;
  /**
   * Options for every item (the CLI's caption, language, chapter and timing flags): they replace
   * a manifest's `defaults`; what a manifest item sets for itself still wins.
   */
  defaults?: BatchItemOptions;
  /** Abort = Ctrl-C: stop starting items, stop running ones, write the report. */
  signal?: AbortSignal;
  onEvent?: (event: BatchEvent) => void;
  /** Memory the running items' estimates may take, MB (default: 70% of what is available). */
  memoryBudgetMb?: number;
  killGraceMs?: number;
  /** Worker script (default: the compiled dist/src/pipeline/batch/worker.js). */
  workerScript?: string;
}

export interface BatchRunResult {
  report: BatchReport;
  reportPath: string;
  /** 0 when every item succeeded (up-to-date skips count), 130 when interrupted, else 1. */
  exitCode: number;
}

interface Running {
  index: number;
  estimateMb: number;
  run: ItemRun;
  settled: Promise<void>;
}

export async function runBatch(options: RunBatchOptions): Promise<BatchRunResult> {
  const started = Date.now();
  const requestedJobs = options.jobs ?? os.availableParallelism();
  if (!Number.isInteger(requestedJobs) || requestedJobs < 1) throw new CapsyncError('BAD_OPTION', `--jobs must be a whole number ≥ 1 (got ${requestedJobs})`);
  const defaults = options.defaults ?? {};
  const loaded = await loadBatchSource(options.input, { language: defaults.language, timingFrom: defaults.timingFrom === null ? null : undefined });
  const source = { ...loaded, items: loaded.items.map((item) => applyDefaults(item, defaults)) };
  if (source.items.length === 0) {
    throw new CapsyncError(
      'BATCH_EMPTY',
      source.kind === 'folder'
        ? `no media files in ${options.input} (looked for ${BATCH_MEDIA_EXTENSIONS.join(' ')})`
        : `the manifest ${options.input} lists no items`,
    );
  }
  const out = path.resolve(options.out ?? source.out ?? source.defaultOut);
  const workerScript = options.workerScript ?? batchWorkerScript();
  const budgetMb = options.memoryBudgetMb ?? memoryBudgetMb();
  // More workers than cores only compete for them, and each holds its own heap: at most one per
  // core, and no more than the memory budget holds at the smallest estimate.
  const jobs = Math.max(1, Math.min(requestedJobs, os.availableParallelism(), Math.floor(budgetMb / ITEM_BASE_MB)));
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const emit = (event: BatchEvent): void => options.onEvent?.(event);

  // A folder that cannot be written (read-only, no space or inodes) is the user's to fix: one line.
  let releaseLock: () => Promise<void>;
  try {
    await fs.mkdir(out, { recursive: true });
    releaseLock = await lockOutput(out);
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    throw outputFolderError(out, error);
  }
  try {
    const background = await batchBackgroundTexts(source.items);
    emit({ type: 'plan', items: source.items.length, jobs, memoryBudgetMb: budgetMb, out });
    if (jobs < requestedJobs && options.jobs !== undefined) {
      emit({ type: 'warning', message: `--jobs ${requestedJobs} capped at ${jobs} (${os.availableParallelism()} cores, ${budgetMb} MB of memory for items)` });
    }

    const results: BatchItemResult[] = source.items.map((item) => emptyResult(item, out));
    const running = new Map<number, Running>();
    let peakConcurrent = 0;
    let stopping: 'interrupt' | 'failure' | null = null;
    let failedFirst: string | null = null;
    let wake: () => void = () => {};
    let woken = new Promise<void>((r) => (wake = r));
    const stop = (why: 'interrupt' | 'failure'): void => {
      if (stopping) return;
      stopping = why;
      emit({ type: 'stopping', why });
      for (const r of running.values()) r.run.stop(grace);
      wake();
    };
    const stopState = (): 'interrupt' | 'failure' | null => stopping;
    const onAbort = (): void => stop('interrupt');
    if (options.signal?.aborted) stopping = 'interrupt';
    options.signal?.addEventListener('abort', onAbort);

    const finish = (index: number, result: BatchItemResult): void => {
      results[index] = result;
      emit({ type: 'finish', index, result });
      if (result.status === 'failed' && options.failFast) {
        failedFirst ??= result.name;
        stop('failure');
      }
    };

    try {
      for (let index = 0; index < source.items.length && !stopping; index++) {
        const item = source.items[index];
        const base = results[index];
        if (item.problem) {
          finish(index, { ...base, status: 'failed', code: item.problem.code, reason: item.problem.message });
          continue;
        }

        // Resume check: hash what the item reads; an unreadable input is left for generate to name.
        const t0 = Date.now();
        const marker = await readItemMarker(base.outDir);
        let hashed: Awaited<ReturnType<typeof hashItem>> | null = null;
        try {
          // Fingerprints of the last attempt, failed ones too: an unchanged 8 GB file is not read again.
          hashed = await hashItem(item, marker, await readFingerprintCache(base.outDir));
          await writeFingerprintCache(base.outDir, hashed.inputs);
        } catch {
          hashed = null;
        }
        if (hashed && !options.force && (await isUpToDate(marker, hashed.hash))) {
          finish(index, {
            ...base,
            status: 'skipped',
            reason: 'up to date',
            hash: hashed.hash,
            hashedBytes: hashed.bytesRead,
            seconds: (Date.now() - t0) / 1000,
            outcome: marker!.outcome,
            generatedAt: marker!.generatedAt,
          });
          continue;
        }

        const audioSeconds = item.media ? await probeDurationSeconds(item.media) : null;
        const estimateMb = estimateItemMemoryMb(audioSeconds);
        while (!stopping && !canStart([...running.values()].map((r) => r.estimateMb), estimateMb, jobs, budgetMb)) {
          await Promise.race([woken, ...[...running.values()].map((r) => r.settled)]);
        }
        if (stopping) break;

        try {
          await removeItemMarker(base.outDir);
          await removeStaleTemps(base.outDir);
        } catch (error) {
          // The item's folder cannot be written (a file in its place, no permission, no inodes).
          const problem = outputFolderError(base.outDir, error);
          finish(index, { ...base, status: 'failed', code: problem.code, reason: problem.message, hash: hashed?.hash ?? null });
          continue;
        }
        const itemStart = Date.now();
        emit({ type: 'start', index, name: item.name, estimateMb });
        const run = runItemInWorker({
          workerScript,
          options: generateOptionsFor(item, base.outDir, background[index]),
          onProgress: (stage, fraction) => emit({ type: 'progress', index, name: item.name, stage, fraction }),
        });
        const entry: Running = {
          index,
          estimateMb,
          run,
          settled: run.result.then(async (r) => {
            const started = { ...base, estimate: { audioSeconds, memoryMb: estimateMb }, hash: hashed?.hash ?? null, hashedBytes: hashed?.bytesRead };
            let result: BatchItemResult;
            try {
              result = await settleItem(item, r, {
                base: started,
                seconds: (Date.now() - itemStart) / 1000,
                stopping,
                failedFirst,
                previous: marker,
                inputs: hashed?.inputs ?? null,
              });
            } catch (error) {
              // Recording the result failed (disk full?): this item is not done, the batch goes on.
              result = { ...started, status: 'failed', code: 'BATCH_RECORD_FAILED', reason: `could not record the item's result: ${(error as Error).message}` };
            }
            running.delete(index);
            finish(index, result);
          }),
        };
        running.set(index, entry);
        peakConcurrent = Math.max(peakConcurrent, running.size);
        woken = new Promise<void>((r) => (wake = r));
        if (stopping) run.stop(grace);
      }
      while (running.size > 0) await Promise.race([...running.values()].map((r) => r.settled));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      // Only on an unexpected error are workers still running here: do not leave them behind.
      for (const r of running.values()) r.run.stop(0);
    }

    // Read through a call: the narrowing TypeScript keeps from the loop misses the closures' assignments.
    const why = stopState();
    // Items the batch never reached.
    for (const r of results) {
      if (r.status === 'not-run' && r.reason === null) {
        r.reason = why === 'failure' ? `not started: --fail-fast stopped the batch after "${failedFirst}" failed` : 'not started: the batch was interrupted';
      }
    }
    const report = buildBatchReport(results, {
      input: options.input,
      out,
      started,
      requestedJobs,
      jobs,
      budgetMb,
      peakConcurrent,
      interrupted: why === 'interrupt',
      stoppedByFailure: why === 'failure',
    });
    const reportPath = path.join(out, BATCH_REPORT_FILE);
    try {
      await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      throw outputFolderError(out, error);
    }
    return { report, reportPath, exitCode: batchExitCode(report) };
  } finally {
    await releaseLock();
  }
}

export function batchExitCode(report: BatchReport): number {
  if (report.interrupted) return 130;
  return report.items.every((i) => i.status === 'ok' || i.status === 'skipped') ? 0 : 1;
}

/** An item's options: its own, else the batch's. */
export function applyDefaults(item: BatchItem, defaults: BatchItemOptions): BatchItem {
  const merged: BatchItem = { ...item };
  if (merged.language === undefined && defaults.language !== undefined) merged.language = defaults.language;
  if (defaults.captions) merged.captions = { ...defaults.captions, ...item.captions };
  if (merged.minChapter === undefined && defaults.minChapter !== undefined) merged.minChapter = defaults.minChapter;
  if (merged.maxChapters === undefined && defaults.maxChapters !== undefined) merged.maxChapters = defaults.maxChapters;
  if (merged.chapters === undefined && defaults.chapters !== undefined) merged.chapters = defaults.chapters;
  if (defaults.timingFrom === null && merged.timingFrom === undefined) merged.timingFrom = null;
  return merged;
}

function emptyResult(item: BatchItem, out: string): BatchItemResult {
  return {
    name: item.name,
    status: 'not-run',
    reason: null,
    code: null,
    media: item.media ?? null,
    transcript: item.transcript ?? null,
    description: item.description ?? null,
    outDir: path.join(out, item.name),
    seconds: 0,
    estimate: null,
    peakRssMb: null,
    cpuSeconds: null,
    hash: null,
    outcome: null,
    generatedAt: null,
  };
}

function generateOptionsFor(item: BatchItem, outDir: string, background: string[]): Omit<GenerateOptions, 'onProgress' | 'onWarning'> {
  const options: Omit<GenerateOptions, 'onProgress' | 'onWarning'> = {
    media: item.media,
    transcript: item.transcript,
    description: item.description,
    timingFrom: item.timingFrom,
    infoJson: item.infoJson,
    chaptersFile: item.chaptersFile,
    // Discovery already paired the item's files (and hashed them for resuming): look for no others.
    siblings: false,
    outDir,
    language: item.language,
    engine: item.engine,
    captions: item.captions,
    minChapter: item.minChapter,
    maxChapters: item.maxChapters,
    chapters: item.chapters,
    background,
  };
  for (const key of Object.keys(options) as Array<keyof typeof options>) if (options[key] === undefined) delete options[key];
  return options;
}

/** Turn what the worker did into the item's result; on success record the marker. */
async function settleItem(
  item: BatchItem,
  r: ItemRunResult,
  ctx: {
    base: BatchItemResult;
    seconds: number;
    stopping: 'interrupt' | 'failure' | null;
    failedFirst: string | null;
    previous: ItemMarker | null;
    inputs: ItemMarker['inputs'] | null;
  },
): Promise<BatchItemResult> {
  const result: BatchItemResult = {
    ...ctx.base,
    seconds: Math.round(ctx.seconds * 1000) / 1000,
    peakRssMb: 'peakRssMb' in r ? r.peakRssMb : null,
    cpuSeconds: 'cpuSeconds' in r ? r.cpuSeconds : null,
  };
  if (r.kind === 'done') {
    const generatedAt = new Date().toISOString();
    if (ctx.base.hash && ctx.inputs) {
      await writeItemMarker(ctx.base.outDir, {
        version: 1,
        hash: ctx.base.hash,
        capsync: capsyncVersion(),
        inputs: ctx.inputs,
        options: itemOptions(item),
        generatedAt,
        outcome: r.outcome,
      });
    }
    await removeObsoleteOutputs(ctx.base.outDir, ctx.previous, r.outcome.files);
    return { ...result, status: 'ok', outcome: r.outcome, generatedAt };
  }
  // Whatever the worker was writing when it stopped is a temp file; its outputs were never renamed into place.
  await removeStaleTemps(ctx.base.outDir);
  // An item that reported its own failure failed, unless Ctrl-C (which reaches the whole process group, ffmpeg included) caused it.
  if (r.kind === 'failed' && ctx.stopping !== 'interrupt') return { ...result, status: 'failed', code: r.code, reason: r.message };
  // A worker that ended while the batch was stopping was stopped by it.
  if (ctx.stopping !== null) {
    return { ...result, status: 'interrupted', code: 'INTERRUPTED', reason: stopReason(ctx) };
  }
  if (r.kind === 'failed') return { ...result, status: 'failed', code: r.code, reason: r.message };
  // Stopped from outside the batch (someone signalled the worker): the item did not fail, it was cut short.
  if (r.exitCode === 130 || r.signal === 'SIGINT' || r.signal === 'SIGTERM') {
    return { ...result, status: 'interrupted', code: 'INTERRUPTED', reason: `the worker was stopped by a signal (${r.signal ?? `exit code ${r.exitCode}`}); the next run redoes it` };
  }
  return { ...result, status: 'failed', code: 'WORKER_CRASHED', reason: describeWorkerExit(r) };
}

function stopReason(ctx: { stopping: 'interrupt' | 'failure' | null; failedFirst: string | null }): string {
  return ctx.stopping === 'failure'
    ? `stopped: --fail-fast after "${ctx.failedFirst}" failed`
    : 'interrupted while running (its outputs were not marked done; the next run redoes it)';
}

/** Files the previous run wrote that this one did not (a description since removed): stale, so removed. */
async function removeObsoleteOutputs(dir: string, previous: ItemMarker | null, files: readonly string[]): Promise<void> {
  if (!previous) return;
  const now = new Set(files.map((f) => path.resolve(f)));
  for (const f of previous.outcome.files) {
    const abs = path.resolve(f);
    if (!now.has(abs) && path.dirname(abs) === path.resolve(dir)) await fs.rm(abs, { force: true });
  }
}

/**
 * Each item's background for chapter titles: the transcript texts of the other items (a
 * description's excerpt when it has no transcript file). Unreadable texts are left out here;
 * the item itself reports them.
 */
export async function batchBackgroundTexts(items: readonly BatchItem[]): Promise<string[][]> {
  const texts = await Promise.all(
    items.map(async (item) => {
      try {
        if (item.transcript) return await readTranscriptFile(item.transcript);
        if (item.description) return extractTranscriptFromDescription(await readDescriptionFile(item.description))?.text ?? '';
      } catch {
        // Reported by the item.
      }
      return '';
    }),
  );
  return items.map((_, i) => texts.filter((t, j) => j !== i && t.trim() !== ''));
}

/** One batch per output folder at a time: two would redo and overwrite each other's items. */
async function lockOutput(out: string): Promise<() => Promise<void>> {
  const lock = path.join(out, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await fs.readFile(lock, 'utf8').catch(() => '')).trim());
      if (isOtherLiveProcess(pid)) {
        throw new CapsyncError('BATCH_LOCKED', `another capsync batch (pid ${pid}) is writing to ${out}; wait for it or pass another --out`);
      }
      // Left by a batch that was killed: take it over.
      await fs.rm(lock, { force: true });
    }
  }
  throw new CapsyncError('BATCH_LOCKED', `cannot lock ${out} (${LOCK_FILE})`);
}

export function buildBatchReport(
  items: BatchItemResult[],
  run: {
    input: string;
    out: string;
    started: number;
    /** Concurrency asked for, and what the cores and memory allowed. */
    requestedJobs: number;
    jobs: number;
    budgetMb: number;
    peakConcurrent: number;
    interrupted: boolean;
    stoppedByFailure: boolean;
  },
): BatchReport {
  const counts: Record<BatchItemStatus, number> = { ok: 0, skipped: 0, failed: 0, interrupted: 0, 'not-run': 0 };
  for (const i of items) counts[i.status]++;
  const finished = Date.now();
  return {
    version: 1,
    input: run.input,
    out: run.out,
    startedAt: new Date(run.started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    seconds: (finished - run.started) / 1000,
    jobs: { requested: run.requestedJobs, effective: run.jobs, cores: os.availableParallelism(), memoryBudgetMb: run.budgetMb, peakConcurrent: run.peakConcurrent },
    interrupted: run.interrupted,
    stoppedByFailure: run.stoppedByFailure,
    counts,
    items,
  };
}
