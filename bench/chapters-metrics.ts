/**
 * Segmentation metrics: boundary precision/recall/F1 within a time tolerance (one-to-one
 * matching, nearest first), and Pk (Beeferman et al. 1999) / WindowDiff (Pevzner & Hearst
 * 2002) over word positions.
 */

export interface BoundaryScore {
  truePositives: number;
  hypotheses: number;
  references: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Match hypothesis to reference boundary times one-to-one, closest pairs first, within `tolerance` seconds. */
export function boundaryScore(reference: readonly number[], hypothesis: readonly number[], tolerance: number): BoundaryScore {
  const pairs: Array<[number, number, number]> = [];
  reference.forEach((r, i) => hypothesis.forEach((h, j) => {
    const d = Math.abs(r - h);
    if (d <= tolerance) pairs.push([d, i, j]);
  }));
  pairs.sort((a, b) => a[0] - b[0]);
  const usedR = new Set<number>();
  const usedH = new Set<number>();
  for (const [, i, j] of pairs) {
    if (usedR.has(i) || usedH.has(j)) continue;
    usedR.add(i);
    usedH.add(j);
  }
  const tp = usedR.size;
  const precision = hypothesis.length ? tp / hypothesis.length : 1;
  const recall = reference.length ? tp / reference.length : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePositives: tp, hypotheses: hypothesis.length, references: reference.length, precision, recall, f1 };
}

/** Segment id of each of `n` units given the sorted start positions of segments after the first. */
export function segmentIds(n: number, boundaries: readonly number[]): number[] {
  const sorted = [...boundaries].sort((a, b) => a - b);
  const ids = new Array<number>(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    while (s < sorted.length && sorted[s]! <= i) s++;
    ids[i] = s;
  }
  return ids;
}

/** Half the mean reference segment length, the usual window for Pk and WindowDiff. */
export function defaultWindow(n: number, referenceBoundaries: readonly number[]): number {
  return Math.max(2, Math.round(n / (referenceBoundaries.length + 1) / 2));
}

export function pk(n: number, reference: readonly number[], hypothesis: readonly number[], k = defaultWindow(n, reference)): number {
  const r = segmentIds(n, reference);
  const h = segmentIds(n, hypothesis);
  let errors = 0;
  for (let i = 0; i + k < n; i++) if ((r[i] === r[i + k]) !== (h[i] === h[i + k])) errors++;
  return n > k ? errors / (n - k) : 0;
}

export function windowDiff(n: number, reference: readonly number[], hypothesis: readonly number[], k = defaultWindow(n, reference)): number {
  const r = segmentIds(n, reference);
  const h = segmentIds(n, hypothesis);
  let errors = 0;
  for (let i = 0; i + k < n; i++) if (r[i + k]! - r[i]! !== h[i + k]! - h[i]!) errors++;
  return n > k ? errors / (n - k) : 0;
}
