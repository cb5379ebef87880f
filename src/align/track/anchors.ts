/**
 * Anchors for the acoustic aligner: transcript words whose track timing is trustworthy enough
 * to constrain the audio search. A single fuzzy match can be a coincidence; a run of several
 * consecutive near-exact matches cannot, so only words inside such runs qualify.
 */
import type { TrackAlignment, TrackAnchor } from './types.js';

export interface TrackAnchorOptions {
  /** Lowest word similarity for an anchor (default 0.85). */
  minSimilarity?: number;
  /** Shortest run of consecutive qualifying words (default 3). */
  minRun?: number;
}

export function anchorsFromTrack(result: TrackAlignment, options: TrackAnchorOptions = {}): TrackAnchor[] {
  const minSimilarity = options.minSimilarity ?? 0.85;
  const minRun = options.minRun ?? 3;
  const { timed, detail, precision } = result;
  const good = (w: number): boolean =>
    timed[w].source === 'track' && timed[w].start !== null && detail.wordSimilarity[w] >= minSimilarity;
  const anchors: TrackAnchor[] = [];
  for (let w = 0; w < timed.length; ) {
    if (!good(w)) {
      w++;
      continue;
    }
    // Unspoken tokens (a dash) inside a run neither count nor break it.
    const run: number[] = [];
    let k = w;
    while (k < timed.length && (good(k) || (detail.unspoken[k] && run.length))) {
      if (good(k)) run.push(k);
      k++;
    }
    if (run.length >= minRun) {
      for (const r of run) {
        let weight = detail.wordSimilarity[r];
        // Time split between words sharing one track word is only an estimate.
        if (detail.sharedTrack[r]) weight *= 0.6;
        if (precision === 'cue') {
          // Cue-level tracks time cues, not words: only a cue's first word has a real start.
          const firstTrack = detail.wordTrack[r][0];
          if (!detail.trackCueStart[firstTrack] || detail.sharedTrack[r]) continue;
          weight *= 0.5;
        }
        anchors.push({ wordIndex: timed[r].index, start: timed[r].start!, end: timed[r].end!, weight: Math.round(weight * 1000) / 1000 });
      }
    }
    w = k;
  }
  return anchors;
}
