/**
 * What the batch and its item workers say to each other over IPC, and how a `generate` result
 * is boiled down to the per-item outcome the batch report keeps.
 */
import type { GenerateOptions, GenerateResult, GenerateStage } from '../generate.js';
import type { BatchItemOutcome } from './types.js';

/** Set in a worker's environment; the worker module does nothing without it. */
export const WORKER_ENV = 'CAPSYNC_BATCH_WORKER';

export type WorkerRequest = { type: 'run'; options: Omit<GenerateOptions, 'onProgress' | 'onWarning'> };
export type WorkerMessage =
  | { type: 'progress'; stage: GenerateStage; fraction: number }
  | { type: 'done'; outcome: BatchItemOutcome; peakRssMb: number; cpuSeconds: number }
  | { type: 'failed'; code: string; message: string; peakRssMb: number; cpuSeconds: number };

export function outcomeOf(result: GenerateResult): BatchItemOutcome {
  const s = result.summary;
  return {
    audioSeconds: s.duration,
    generateSeconds: s.seconds,
    timings: s.timings,
    timingFrom: s.timingFrom,
    coverage: s.coverage,
    words: { total: s.words.total, spoken: s.words.spoken, placed: s.words.placed, unplaced: s.words.unplaced },
    lowConfidence: { stretches: s.lowConfidence.length, words: s.lowConfidence.reduce((a, l) => a + l.words, 0) },
    notFoundPassages: s.notFound.length,
    cues: s.cues,
    chapters: s.chapters,
    warnings: s.warnings,
    files: s.files,
  };
}
