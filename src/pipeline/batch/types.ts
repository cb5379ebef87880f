/**
 * Data shapes of a batch run: the items found in a folder or manifest, what happened to each,
 * and the report written to `<out>/batch-report.json`.
 */
import type { CaptionOptions } from '../../captions/index.js';
import type { GenerateStage } from '../generate.js';
import type { TimeSpan } from '../../types.js';
import type { ChaptersMode } from '../chapterPlan.js';
import type { AlignEngine } from '../../align/index.js';

/** The per-item `generate` options a manifest may set (paths already resolved). */
export interface BatchItemOptions {
  language?: string;
  /** Alignment engine (default: the acoustic model where the language has one). */
  engine?: AlignEngine;
  captions?: Partial<CaptionOptions>;
  minChapter?: number;
  maxChapters?: number;
  /** `null`: use no caption track, not even one found beside the media. */
  timingFrom?: string | null;
  /** Whose chapters: see ChaptersMode. */
  chapters?: ChaptersMode;
}

/** One unit of work: a media file (or a timing track) with its texts, written to `<out>/<name>/`. */
export interface BatchItem extends BatchItemOptions {
  /** Output sub-directory name (the media's stem unless a manifest names it). */
  name: string;
  media?: string;
  transcript?: string;
  description?: string;
  /** yt-dlp's `<stem>.info.json`. */
  infoJson?: string;
  chaptersFile?: string;
  /** Set when discovery already knows the item cannot run (no transcript, a clashing stem): it is reported failed. */
  problem?: { code: string; message: string };
}

export type BatchItemStatus =
  /** Generated in this run. */
  | 'ok'
  /** Inputs and options unchanged since its last successful run (counts as success). */
  | 'skipped'
  | 'failed'
  /** Was running when the batch was interrupted (Ctrl-C) or stopped by --fail-fast; its outputs are not marked done. */
  | 'interrupted'
  /** Never started: the batch stopped first. */
  | 'not-run';

/** What `generate` reported, kept per item (also stored in the item's marker so a skipped item reports it again). */
export interface BatchItemOutcome {
  /** Audio length, seconds. */
  audioSeconds: number;
  /** `generate`'s own wall time, seconds. */
  generateSeconds: number;
  /** Seconds per generate stage. */
  timings: Record<string, number>;
  timingFrom: 'audio' | 'track' | 'audio+track';
  coverage: { spans: TimeSpan[]; coveredSeconds: number; note: string };
  words: { total: number; spoken: number; placed: number; unplaced: number };
  /** Runs of low-confidence words (`report.lowConfidence`) and the words in them. */
  lowConfidence: { stretches: number; words: number };
  notFoundPassages: number;
  cues: number;
  chapters: number;
  warnings: string[];
  /** Output files `generate` wrote. */
  files: string[];
}

export interface BatchItemResult {
  name: string;
  status: BatchItemStatus;
  /** Why it failed / was not run; null when it succeeded. */
  reason: string | null;
  /** CapsyncError code (`CORRUPT_MEDIA`, `NO_TRANSCRIPT`, …), `WORKER_CRASHED`, or null. */
  code: string | null;
  media: string | null;
  transcript: string | null;
  description: string | null;
  outDir: string;
  /** Wall time of the item in this run (worker start to finish; hashing for a skipped item), seconds. */
  seconds: number;
  /** Estimated audio length (header read) and the peak-memory estimate the pool admitted it with. */
  estimate: { audioSeconds: number | null; memoryMb: number } | null;
  /** Peak resident memory of the item's worker process, MB (null when no worker ran or it did not report). */
  peakRssMb: number | null;
  /** CPU time (user + system) of the item's worker process, seconds (null likewise). */
  cpuSeconds: number | null;
  /** Content hash of inputs + options (null when the inputs could not be read). */
  hash: string | null;
  /** Bytes read to hash the inputs in this run (0 when every fingerprint was reused: unchanged size and mtime). */
  hashedBytes?: number;
  /** From `generate` (this run, or the run a skipped item was last generated in). */
  outcome: BatchItemOutcome | null;
  /** When `outcome` was produced (ISO time). */
  generatedAt: string | null;
}

export interface BatchReport {
  version: 1;
  /** The folder or manifest the batch was read from. */
  input: string;
  out: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  jobs: {
    /** Concurrency asked for (--jobs, else the number of cores). */
    requested: number;
    /** What ran at most: --jobs capped by the cores and by the memory budget. */
    effective: number;
    cores: number;
    /** 70% of the memory available when the batch started, MB: running items' estimates stay under it. */
    memoryBudgetMb: number;
    /** Most items that ran at the same time. */
    peakConcurrent: number;
  };
  /** Ctrl-C stopped the batch. */
  interrupted: boolean;
  /** --fail-fast stopped the batch. */
  stoppedByFailure: boolean;
  counts: Record<BatchItemStatus, number>;
  items: BatchItemResult[];
}

/** What the batch tells its display (CLI progress) as it goes. */
export type BatchEvent =
  | { type: 'plan'; items: number; jobs: number; memoryBudgetMb: number; out: string }
  | { type: 'start'; index: number; name: string; estimateMb: number }
  | { type: 'progress'; index: number; name: string; stage: GenerateStage; fraction: number }
  | { type: 'finish'; index: number; result: BatchItemResult }
  | { type: 'warning'; message: string }
  | { type: 'stopping'; why: 'interrupt' | 'failure' };
