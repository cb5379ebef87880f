/**
 * A word's confidence: how strongly what the alignment saw of it says that it is placed within
 * 250 ms of where it was spoken, as the probability it would be right if right and wrong words
 * were equally common beforehand (logistic; weights fitted on the benchmark's tuning set by
 * bench/acousticTune.ts --fit-confidence with the two classes weighted equally, never on the
 * held-out set). Below 0.5 the evidence favours "wrong".
 *
 * Why not the plain probability: how common wrong words are differs by orders of magnitude
 * between recordings (a clean room has almost none, a partial transcript in a noisy hall many),
 * so the tuning set's base rate (under 1%) would hold nearly every misplaced word above 0.5 on
 * the recordings where they matter. The review finds doubtful words by this score, and a missed
 * misplaced caption costs more than a glance at a right one.
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
  /** Seconds from the end of the timed word before it (any block) to its start; null when it is the first. */
  gapBeforeSeconds: number | null;
  /** Seconds from its end to the start of the timed word after it; null when it is the last. */
  gapAfterSeconds: number | null;
  /**
   * What the pass before this one (on scores not yet adapted to the room) made of it: none ran; it
   * did not time the word; or it timed it, this far (seconds) from where this pass starts it.
   */
  earlierPass: EarlierPassEvidence;
}

export type EarlierPassEvidence = { kind: 'none' } | { kind: 'untimed' } | { kind: 'timed'; movedSeconds: number };

/** Start moves up to about this size are the jitter of a word edge between passes, not a different place. */
export const JITTER_SECONDS = 0.05;

/** Typical frames per phone at a normal speaking pace. */
export const FRAMES_PER_PHONE = 8;
/** Impostor margins above this carry no more information. */
export const BLOCK_Z_CAP = 15;

export function confidenceFeatures(e: WordEvidence): number[] {
  return [
    e.llr,
    e.neighbourhoodLlr,
    e.relativeBlockLlr,
    Math.min(e.blockZ, BLOCK_Z_CAP) / BLOCK_Z_CAP,
    // Stretched and squeezed are different failures (a word that took in a pause or other sound;
    // a block laid on less speech than it holds), so each way has its own weight.
    Math.max(0, e.logStretch),
    Math.max(0, -e.logStretch),
    e.bounded ? 1 : 0,
    e.fallback ? 1 : 0,
    // A word against a pause has an edge that only silence or noise bounds: where words slip.
    Math.log1p(e.gapBeforeSeconds ?? 0),
    Math.log1p(e.gapAfterSeconds ?? 0),
    // Two passes that agree on where a word is say more than either; a word the adapted scores
    // moved, or the first pass did not find, is less settled (a single pass gives no evidence).
    // The move runs to the word's final (triphone) start, so it also carries how far the triphones
    // moved it: that move as a feature of its own was measured and added nothing (BENCHMARKS.md).
    e.earlierPass.kind === 'timed' ? Math.log1p(e.earlierPass.movedSeconds / JITTER_SECONDS) : 0,
    e.earlierPass.kind === 'untimed' ? 1 : 0,
  ];
}

export function wordConfidence(e: WordEvidence, tuning: AcousticTuning): number {
  const x = confidenceFeatures(e);
  const w = tuning.confidenceWeights;
  let logit = w[0];
  for (let i = 0; i < x.length; i++) logit += w[i + 1] * x[i];
  return 1 / (1 + Math.exp(-logit));
}
