/**
 * A word's confidence: the probability that it is placed within 250 ms of where it was spoken,
 * from what the alignment saw of it (logistic; weights fitted on the benchmark's tuning set by
 * bench/acousticTune.ts --fit-confidence, never on the held-out set).
 */
import type { AcousticTuning } from './tuning.js';

export interface WordEvidence {
  /** The word's mean log-likelihood ratio per frame against the phone loop. */
  llr: number;
  /** The same over the words around it (two either side, in its block). */
  neighbourhoodLlr: number;
  /**
   * Its block's log-likelihood ratio per frame less the median word's of the recording's verified
   * blocks. A room or a voice the model handles badly scores low everywhere; a block far below the
   * rest of its own recording is more likely laid on other sound.
   */
  relativeBlockLlr: number;
  /** How far its block's text beat shuffled impostors where it was timed (capped). */
  blockZ: number;
  /** log(frames / (phones × typical frames per phone)): squeezed or stretched words are suspect. */
  logStretch: number;
  /** Its unit was found inside a gap between placed neighbours, not on its own. */
  bounded: boolean;
  /** Its unit was found by no search, only laid in the gap its timed neighbours leave. */
  fallback: boolean;
}

/** Typical frames per phone at a normal speaking pace. */
export const FRAMES_PER_PHONE = 8;
/** Impostor margins above this carry no more information. */
export const BLOCK_Z_CAP = 15;

export function confidenceFeatures(e: WordEvidence): number[] {
  return [e.llr, e.neighbourhoodLlr, e.relativeBlockLlr, Math.min(e.blockZ, BLOCK_Z_CAP) / BLOCK_Z_CAP, Math.abs(e.logStretch), e.bounded ? 1 : 0, e.fallback ? 1 : 0];
}

export function wordConfidence(e: WordEvidence, tuning: AcousticTuning): number {
  const x = confidenceFeatures(e);
  const w = tuning.confidenceWeights;
  let logit = w[0];
  for (let i = 0; i < x.length; i++) logit += w[i + 1] * x[i];
  return 1 / (1 + Math.exp(-logit));
}
