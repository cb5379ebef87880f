/**
 * Viterbi searches over a StateNetwork, in the "normalized" domain: a state's score at frame t is
 * its senone's log-likelihood minus the best CI senone's at t (the frame's background, an
 * unconstrained phone loop), so a path's total is a log-likelihood ratio against "any speech sound
 * at all": near 0 where the text is spoken, far below where it is not. Garbage states score a
 * flat `garbageLog` per frame. The loops run in WebAssembly (kernels.ts).
 */
import type { FrameScores, SubsequenceResult } from './kernels.js';
import type { StateNetwork } from './network.js';

export type { FrameScores } from './kernels.js';

/**
 * The best way through the whole network ending at each frame of [from, to), starting anywhere
 * (subsequence search), with the emission score and frame count of its word states.
 */
export function subsequenceScores(net: StateNetwork, fs: FrameScores, from: number, to: number, garbageLog: number): SubsequenceResult {
  return fs.kernels.subsequence(net, fs, from, to, garbageLog);
}

/** subsequenceScores of several networks over the same window (on two threads where there are two). */
export function subsequenceScoresOfEach(nets: readonly StateNetwork[], fs: FrameScores, from: number, to: number, garbageLog: number): SubsequenceResult[] {
  return fs.kernels.subsequenceEach(nets, fs, from, to, garbageLog);
}

/**
 * The best path through the whole network from frame `from` to frame `to − 1` (from an initial
 * state to a final one): the state of each frame, or null when the window is too short. No word
 * state is held more than `maxStateFrames` frames in a row (0: no limit).
 */
export function forcedAlignment(net: StateNetwork, fs: FrameScores, from: number, to: number, garbageLog: number, maxStateFrames = 0): { path: Int32Array; score: number } | null {
  return fs.kernels.forced(net, fs, from, to, garbageLog, maxStateFrames);
}
