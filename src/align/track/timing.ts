/**
 * Transcript word times from the text alignment: matched words take their track words'
 * times; unmatched runs between two matched neighbours are spread by character length over
 * the gap, but only when the gap is plausibly their speech (not a long pause, not a stretch
 * of untranscribed talk); otherwise they stay unplaced.
 */
import type { TimedWord, TranscriptWord } from '../../types.js';
import type { TrackPrecision, TrackWord } from './types.js';

export interface TimingInput {
  words: TranscriptWord[];
  track: TrackWord[];
  /** Per word: matched track word indices (sorted), empty when unmatched. */
  wordTrack: number[][];
  wordSimilarity: number[];
  /** Per word: its matching tokens (empty for unspoken tokens such as a lone dash). */
  wordTokens: string[][];
  /** Per track word: true when some transcript word matched it. */
  trackMatched: boolean[];
  /** Per track word: its matching tokens. */
  trackTokens: string[][];
  /** How much a matching token says about identity (frequent words less). */
  tokenWeight: (token: string) => number;
  /** Similarity of two tokens. */
  similarity: (a: string, b: string) => number;
  precision: TrackPrecision;
  defaultCharsPerSecond: number;
  maxGapFactor: number;
  maxGapSlack: number;
  maxSqueezedRun: number;
}

export interface TimingOutput {
  timed: TimedWord[];
  sharedTrack: boolean[];
  charsPerSecond: number;
}

/** Word overlap above which unmatched track words in a gap are taken as a garbled version of the run. */
const MIN_GARBLED_OVERLAP = 0.3;
const MAX_GARBLED_RUN = 40;

/** Length weight of a word for spreading time: its spoken characters plus one for the gap after it. */
function weight(tokens: string[]): number {
  return tokens.reduce((n, t) => n + t.length, 0) + tokens.length;
}

export function timeWords(input: TimingInput): TimingOutput {
  const { words, track, wordTrack, wordSimilarity, wordTokens, precision } = input;
  const n = words.length;
  const start: Array<number | null> = new Array(n).fill(null);
  const end: Array<number | null> = new Array(n).fill(null);
  const conf = new Array<number>(n).fill(0);
  const source: Array<TimedWord['source']> = new Array(n).fill(null);
  const shared = new Array<boolean>(n).fill(false);
  const precisionFactor = precision === 'word' ? 1 : 0.7;

  // 1. Matched words. Consecutive words that share a track word ("2%" read by the ASR as one
  //    token against "two" "percent" written as two words) split the shared time by length.
  for (let w = 0; w < n; ) {
    if (!wordTrack[w].length) {
      w++;
      continue;
    }
    let last = w;
    let maxTrack = wordTrack[w][wordTrack[w].length - 1];
    while (last + 1 < n && wordTrack[last + 1].length && wordTrack[last + 1][0] <= maxTrack) {
      last++;
      maxTrack = Math.max(maxTrack, wordTrack[last][wordTrack[last].length - 1]);
    }
    const first = wordTrack[w][0];
    const spanStart = track[first].start;
    const spanEnd = Math.max(spanStart, track[maxTrack].end);
    if (last === w) {
      start[w] = spanStart;
      end[w] = spanEnd;
    } else {
      const weights = [];
      for (let k = w; k <= last; k++) weights.push(Math.max(1, weight(wordTokens[k])));
      const total = weights.reduce((a, b) => a + b, 0);
      let t = spanStart;
      for (let k = w; k <= last; k++) {
        const d = ((spanEnd - spanStart) * weights[k - w]) / total;
        start[k] = t;
        end[k] = t + d;
        t += d;
        shared[k] = true;
      }
    }
    for (let k = w; k <= last; k++) {
      source[k] = 'track';
      conf[k] = Math.max(0.05, Math.min(1, wordSimilarity[k])) * precisionFactor * (shared[k] ? 0.9 : 1);
    }
    w = last + 1;
  }

  const cps = measureRate(words, wordTokens, start, source) ?? input.defaultCharsPerSecond;

  // 2. Unmatched runs of spoken words.
  const spoken = (w: number): boolean => wordTokens[w].length > 0;
  for (let w = 0; w < n; ) {
    if (source[w] === 'track' || !spoken(w)) {
      w++;
      continue;
    }
    let last = w;
    while (last + 1 < n && source[last + 1] !== 'track') last++;
    const run: number[] = [];
    for (let k = w; k <= last; k++) if (spoken(k)) run.push(k);
    placeRun(run, w - 1, last + 1);
    w = last + 1;
  }

  function placeRun(run: number[], prev: number, next: number): void {
    if (!run.length) return;
    const weights = run.map((k) => Math.max(1, weight(wordTokens[k])));
    const total = weights.reduce((a, b) => a + b, 0);
    const expected = total / cps;
    const hasPrev = prev >= 0 && start[prev] !== null;
    const hasNext = next < n && start[next] !== null;
    const breakBefore = run.map((k, idx) => (idx === 0 ? k === 0 || words[k - 1].sentence !== words[k].sentence : words[run[idx - 1]].sentence !== words[k].sentence));
    const lastWord = run[run.length - 1];
    const breakAfter = lastWord === n - 1 || words[lastWord + 1].sentence !== words[lastWord].sentence;
    const slots = breakBefore.filter(Boolean).length + (breakAfter ? 1 : 0);
    const spread = (from: number, to: number, confidence: number): void => {
      // Words take their length at the measured rate; time beyond that is pause, and pauses
      // go to sentence breaks (before the run, inside it, after it) when there are any.
      const span = to - from;
      const slack = span - expected;
      const perSlot = slack > 0 && slots > 0 ? slack / slots : 0;
      const scale = perSlot > 0 ? 1 / cps : span / total;
      let t = from;
      run.forEach((k, idx) => {
        if (breakBefore[idx]) t += perSlot;
        const d = weights[idx] * scale;
        start[k] = t;
        end[k] = t + d;
        t += d;
        source[k] = 'interpolated';
        conf[k] = confidence;
      });
    };
    const gapTrack = (): { from: number; to: number; chars: number; words: number; lo: number; hi: number } | null => {
      // Unmatched track words inside the gap: what the track heard where the run should be.
      const lo = hasPrev ? wordTrack[prev][wordTrack[prev].length - 1] + 1 : 0;
      const hi = hasNext ? wordTrack[next][0] - 1 : track.length - 1;
      let from = Infinity;
      let to = -Infinity;
      let chars = 0;
      let count = 0;
      for (let t = lo; t <= hi; t++) {
        if (input.trackMatched[t]) continue;
        from = Math.min(from, track[t].start);
        to = Math.max(to, track[t].end);
        chars += track[t].text.length + 1;
        count++;
      }
      return count ? { from, to, chars, words: count, lo, hi } : null;
    };
    // Share of the run's words (weighted by informativeness) that the track's unmatched words
    // in the gap contain: high for a garbled transcription of the run, low for other talk.
    const overlap = (lo: number, hi: number): number => {
      const bag: string[] = [];
      for (let t = lo; t <= hi; t++) if (!input.trackMatched[t]) bag.push(...input.trackTokens[t]);
      const exact = new Set(bag);
      let found = 0;
      let all = 0;
      for (const k of run) {
        for (const tok of wordTokens[k]) {
          const w = input.tokenWeight(tok);
          all += w;
          if (exact.has(tok) || (tok.length >= 5 && bag.some((b) => input.similarity(tok, b) >= 0.8))) found += w;
        }
      }
      return all > 0 ? found / all : 0;
    };
    const plausible = (gap: number): boolean => gap <= input.maxGapFactor * expected + input.maxGapSlack;

    if (hasPrev && hasNext) {
      const from = end[prev]!;
      const to = start[next]!;
      const gap = to - from;
      const evidence = gapTrack();
      // The track heard a stretch of other words here (untranscribed talk in place of text that
      // was not said): do not guess. A garbled transcription of the run shares enough words.
      // (An ASR does not garble dozens of words in a row on speech it hears.)
      if (evidence && evidence.words >= Math.max(4, 0.5 * run.length) && (run.length > MAX_GARBLED_RUN || overlap(evidence.lo, evidence.hi) < MIN_GARBLED_OVERLAP)) return;
      if (gap >= 0.5 * expected && plausible(gap)) {
        spread(from, to, interpolationConfidence(gap, expected));
        return;
      }
      if (evidence && evidence.chars >= 0.5 * total && evidence.chars <= 2 * total) {
        const span = evidence.to - evidence.from;
        if (span >= 0.3 * expected && plausible(span)) {
          spread(Math.max(from, evidence.from), Math.min(to, evidence.to), interpolationConfidence(span, expected));
          return;
        }
      }
      // A long pause with a single sentence break at one edge of the run: the pause is that
      // break, and the run sits against its other neighbour.
      if (gap > expected && slots === 1 && (breakBefore[0] || breakAfter)) {
        spread(from, to, 0.2);
        return;
      }
      if (gap < 0.5 * expected && run.length <= input.maxSqueezedRun) {
        // An ASR deletion: the track ran its neighbours together. Take a share of the previous
        // word's time (its end is the least reliable boundary of a track word).
        const prevWeight = Math.max(1, weight(wordTokens[prev]));
        const region = to - start[prev]!;
        const prevEnd = start[prev]! + (region * prevWeight) / (prevWeight + total);
        end[prev] = Math.min(end[prev]!, prevEnd);
        spread(end[prev]!, to, 0.2);
      }
      return;
    }
    // A run at either end of the matched material: place it only when it is short and the
    // track has unmatched speech right there.
    if (run.length > input.maxSqueezedRun || (!hasPrev && !hasNext)) return;
    const evidence = gapTrack();
    if (!evidence) return;
    if (hasNext) {
      const to = start[next]!;
      const from = Math.max(evidence.from, to - input.maxGapFactor * expected);
      if (to - from >= 0.3 * expected) spread(from, to, 0.2);
    } else {
      const from = end[prev]!;
      const to = Math.min(evidence.to, from + input.maxGapFactor * expected);
      if (to - from >= 0.3 * expected) spread(from, to, 0.2);
    }
  }

  // 3. Unspoken tokens (a lone dash) sit at the end of the word before them.
  for (let w = 0; w < n; w++) {
    if (spoken(w) || source[w] !== null) continue;
    const prev = w - 1;
    if (prev >= 0 && end[prev] !== null) {
      start[w] = end[prev];
      end[w] = end[prev];
      source[w] = 'interpolated';
      conf[w] = conf[prev];
    }
  }

  // Starts never decrease and ends never precede starts, whatever the track did.
  let lastStart = -Infinity;
  for (let w = 0; w < n; w++) {
    if (start[w] === null) continue;
    if (start[w]! < lastStart) start[w] = lastStart;
    if (end[w]! < start[w]!) end[w] = start[w];
    lastStart = start[w]!;
  }

  const timed: TimedWord[] = words.map((word, w) => ({
    index: word.index,
    text: word.text,
    start: start[w],
    end: end[w],
    confidence: start[w] === null ? 0 : round3(conf[w]),
    sentence: word.sentence,
    paragraph: word.paragraph,
    turn: word.turn,
    source: start[w] === null ? null : source[w],
  }));
  return { timed, sharedTrack: shared, charsPerSecond: cps };
}

function interpolationConfidence(gap: number, expected: number): number {
  const ratio = gap > 0 && expected > 0 ? Math.min(gap / expected, expected / gap) : 0;
  return 0.2 + 0.3 * ratio;
}

/**
 * Speaking rate inside sentences: characters per second between consecutive matched words of
 * the same sentence (pauses between sentences excluded; they are placed separately).
 */
function measureRate(
  words: TranscriptWord[], tokens: string[][],
  start: Array<number | null>, source: Array<TimedWord['source']>,
): number | null {
  let chars = 0;
  let seconds = 0;
  for (let w = 0; w + 1 < words.length; w++) {
    if (source[w] !== 'track' || source[w + 1] !== 'track' || words[w].sentence !== words[w + 1].sentence) continue;
    const dt = start[w + 1]! - start[w]!;
    if (dt <= 0 || dt > 1.5) continue;
    chars += weight(tokens[w]);
    seconds += dt;
  }
  if (chars < 200 || seconds <= 0) return null;
  return Math.min(30, Math.max(6, chars / seconds));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
