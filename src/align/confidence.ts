/**
 * A word's confidence from the alignment itself, as a probability that the word is placed within
 * 250 ms of where it was spoken. Logistic in what the alignment saw: how closely the reference
 * matched the recording along the word's path and along its neighbours' (a misplaced word sits in
 * a misplaced stretch), how clearly its block stood out when it was located, how much of the
 * word's time has speech in it, and how far the warp squeezed or stretched it. The weights are
 * fitted by `bench/confidence.ts` on the bench recordings (festival voices, not eSpeak's).
 */
export interface WordEvidence {
  /** Mean local distance along the word's path (~0.3 clean match, ~1 unrelated sound). */
  pathCost: number;
  /** Robust z-score of its block's dip when located (≤ 1: placed by sharing out a gap). */
  distinctness: number;
  /** Share of the word's span the speech mask calls speech. */
  speechShare: number;
  /** log(recorded duration / reference duration). */
  stretch: number;
}

/** Words either side whose path cost is averaged into the neighbourhood cost. */
const NEIGHBOURS = 3;

/** Features in the order of CONFIDENCE_WEIGHTS (after the intercept). */
export function confidenceFeatures(evidence: ReadonlyArray<WordEvidence | null>, w: number): number[] | null {
  const e = evidence[w];
  if (!e) return null;
  let sum = 0;
  let count = 0;
  for (let k = Math.max(0, w - NEIGHBOURS); k <= Math.min(evidence.length - 1, w + NEIGHBOURS); k++) {
    const n = evidence[k];
    if (n) {
      sum += n.pathCost;
      count++;
    }
  }
  const z = Number.isFinite(e.distinctness) ? Math.max(0, Math.min(10, e.distinctness)) : 5;
  return [e.pathCost, sum / count, z / 10, e.distinctness <= 1 ? 1 : 0, e.speechShare, Math.abs(e.stretch)];
}

/** Intercept, then one weight per feature of confidenceFeatures. */
export const CONFIDENCE_WEIGHTS = [5.462, -0.796, -0.706, 0.292, 0.234, 0.794, -2.428];

/** Calibrated confidence per word (null where the word was not placed). */
export function wordConfidences(evidence: ReadonlyArray<WordEvidence | null>, weights: readonly number[] = CONFIDENCE_WEIGHTS): Array<number | null> {
  return evidence.map((_, w) => {
    const x = confidenceFeatures(evidence, w);
    if (!x) return null;
    let logit = weights[0];
    for (let i = 0; i < x.length; i++) logit += weights[i + 1] * x[i];
    return 1 / (1 + Math.exp(-logit));
  });
}
