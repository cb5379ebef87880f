/**
 * Per-recording and per-set figures for the randomized benchmark (bench/sets.ts): how many
 * words an engine placed and how far off, whether it collapsed, where its captions sit
 * (over non-speech, over speech with no text, outside the transcript's span) and whether its
 * confidence gives the wrong words away. Pure functions over plain data.
 */
import {
  type CaptionCue,
  type CaseTruth,
  type TokenPlacement,
  type TruthSpan,
  overlapSeconds,
  quantile,
  wordsAsCaptionSpans,
} from './metrics.js';

/** A recording collapses when fewer than this share of its spoken transcript words land within COLLAPSE_SECONDS. */
export const COLLAPSE_SHARE = 0.95;
export const COLLAPSE_SECONDS = 0.5;
/** A placed word this far from its truth (or never spoken) is wrong, for the confidence figures. */
export const WRONG_SECONDS = 0.25;
/** Confidence at or above this reads as "trust me". */
export const CONFIDENT = 0.5;
/** A caption may overlap a non-speech span or untranscribed speech by this much at each edge (cue padding, lingering). */
export const CAPTION_EDGE_GRACE_SECONDS = 1.0;
export const UNTRANSCRIBED_EDGE_GRACE_SECONDS = 0.3;
/** Pauses shorter than this inside speech are not "non-speech" for captions (a cue stays up across them). */
export const LONG_SILENCE_SECONDS = 3;

export interface RecordingMetrics {
  transcriptTokens: number;
  spokenTokens: number;
  /** Spoken transcript tokens the engine placed (gave times). */
  placedSpoken: number;
  /** Transcript tokens never spoken that the engine placed anyway. */
  placedUnspoken: number;
  /** Start errors over spoken tokens (s); unplaced count as Infinity. */
  startMedian: number;
  startP90: number;
  startMax: number;
  within100: number;
  within500: number;
  collapsed: boolean;
  /** Caption seconds over music, applause, room tone and silences ≥ LONG_SILENCE_SECONDS (each span shrunk by the grace). */
  captionOverNonSpeech: number;
  /** Caption seconds over speech with no text (chatter, left-out questions, missing sentences, a partial text's tail). */
  captionOverUntranscribed: number;
  /** Cues that reach outside [first spoken word − grace, last spoken word + grace], and their seconds out there. */
  cuesOutsideSpan: number;
  captionSecondsOutsideSpan: number;
  /** Placed words that are wrong (> WRONG_SECONDS off, or never spoken). */
  wrongWords: number;
  /** Their mean confidence and the share at or above CONFIDENT; null when the engine gives no confidence. */
  wrongMeanConfidence: number | null;
  wrongConfident: number | null;
  /** Unspoken paragraphs: tokens, how many the engine left null. */
  unspokenTokens: number;
  unspokenNull: number;
  /** Words whose truth comes from a reference aligner (real speech): count and share within 100 ms / 500 ms. */
  referenceWords: number;
  referenceWithin100: number | null;
  referenceWithin500: number | null;
}

/** Per placed word: its confidence and whether it is wrong, for AUCs pooled over a set. */
export interface ConfidencePoint {
  confidence: number;
  wrong: boolean;
}

function shrink(spans: TruthSpan[], by: number): TruthSpan[] {
  return spans.map((s) => ({ start: s.start + by, end: s.end - by })).filter((s) => s.end > s.start);
}

export function recordingMetrics(
  truth: CaseTruth,
  placements: TokenPlacement[],
  cues: CaptionCue[] | null,
): { metrics: RecordingMetrics; errors: number[]; confidence: ConfidencePoint[] } {
  const tokens = truth.transcriptTokens;
  const referenceVoices = new Set(Object.keys(truth.referenceTruth ?? {}));
  const referenceTokens = new Set(truth.words.filter((w) => w.transcriptIndex != null && referenceVoices.has(w.voice)).map((w) => w.transcriptIndex!));
  const errors: number[] = [];
  const referenceErrors: number[] = [];
  const confidence: ConfidencePoint[] = [];
  let placedSpoken = 0;
  let placedUnspoken = 0;
  let wrong = 0;
  const wrongConf: number[] = [];
  tokens.forEach((t, i) => {
    const p = placements[i];
    const placed = p?.status === 'placed';
    const spoken = t.start != null;
    if (spoken) {
      const e = placed ? Math.abs(p.start! - t.start!) : Infinity;
      errors.push(e);
      if (referenceTokens.has(i)) referenceErrors.push(e);
      if (placed) placedSpoken++;
    } else if (placed) placedUnspoken++;
    if (placed) {
      const isWrong = !spoken || Math.abs(p.start! - t.start!) > WRONG_SECONDS;
      if (isWrong) wrong++;
      if (p.confidence != null) {
        confidence.push({ confidence: p.confidence, wrong: isWrong });
        if (isWrong) wrongConf.push(p.confidence);
      }
    }
  });
  const sorted = [...errors].sort((a, b) => a - b);
  const share = (xs: number[], limit: number) => (xs.length ? xs.filter((e) => e <= limit).length / xs.length : NaN);
  const within500 = share(errors, COLLAPSE_SECONDS);

  const captions: TruthSpan[] = cues ? cues.map((c) => ({ start: c.start, end: c.end })) : wordsAsCaptionSpans(placements);
  const nonSpeech = truth.nonSpeech.filter((s) => /music|applause|roomtone/.test(s.kind) || (s.kind === 'silence' && s.end - s.start >= LONG_SILENCE_SECONDS));
  const spokenTimes = tokens.filter((t) => t.start != null);
  const first = spokenTimes.length ? Math.min(...spokenTimes.map((t) => t.start!)) : 0;
  const last = spokenTimes.length ? Math.max(...spokenTimes.map((t) => t.end!)) : 0;
  const outside: TruthSpan[] = [
    { start: -Infinity, end: first - CAPTION_EDGE_GRACE_SECONDS },
    { start: last + CAPTION_EDGE_GRACE_SECONDS, end: Infinity },
  ];
  const cuesOutside = captions.filter((c) => c.start < outside[0].end || c.end > outside[1].start).length;

  let unspokenTokens = 0;
  let unspokenNull = 0;
  for (const p of truth.unspokenParagraphs) {
    for (let i = p.firstToken; i <= p.lastToken; i++) {
      unspokenTokens++;
      if (placements[i]?.status !== 'placed') unspokenNull++;
    }
  }

  return {
    metrics: {
      transcriptTokens: tokens.length,
      spokenTokens: errors.length,
      placedSpoken,
      placedUnspoken,
      startMedian: quantile(sorted, 0.5),
      startP90: quantile(sorted, 0.9),
      startMax: sorted.length ? sorted[sorted.length - 1] : NaN,
      within100: share(errors, 0.1),
      within500,
      collapsed: !(within500 >= COLLAPSE_SHARE),
      captionOverNonSpeech: overlapSeconds(captions, shrink(nonSpeech, CAPTION_EDGE_GRACE_SECONDS)),
      captionOverUntranscribed: overlapSeconds(captions, shrink(truth.untranscribedSpeech, UNTRANSCRIBED_EDGE_GRACE_SECONDS)),
      cuesOutsideSpan: cuesOutside,
      captionSecondsOutsideSpan: overlapSeconds(captions, outside),
      wrongWords: wrong,
      wrongMeanConfidence: wrongConf.length ? wrongConf.reduce((a, b) => a + b, 0) / wrongConf.length : null,
      wrongConfident: wrongConf.length ? wrongConf.filter((c) => c >= CONFIDENT).length / wrongConf.length : null,
      unspokenTokens,
      unspokenNull,
      referenceWords: referenceErrors.length,
      referenceWithin100: referenceErrors.length ? share(referenceErrors, 0.1) : null,
      referenceWithin500: referenceErrors.length ? share(referenceErrors, 0.5) : null,
    },
    errors,
    confidence,
  };
}

/**
 * Area under the ROC curve of "low confidence ⇒ wrong": the probability that a random wrong
 * word scores lower than a random right one (ties count half). NaN without both kinds.
 */
export function confidenceAuc(points: ConfidencePoint[]): number {
  const pos = points.filter((p) => p.wrong).map((p) => p.confidence);
  const neg = points.filter((p) => !p.wrong).map((p) => p.confidence);
  if (!pos.length || !neg.length) return NaN;
  // Rank-sum (Mann–Whitney U) with midranks for ties.
  const all = [...pos.map((c) => ({ c, wrong: true })), ...neg.map((c) => ({ c, wrong: false }))].sort((a, b) => a.c - b.c);
  let rankSumNeg = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].c === all[i].c) j++;
    const mid = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (!all[k].wrong) rankSumNeg += mid;
    i = j;
  }
  const u = rankSumNeg - (neg.length * (neg.length + 1)) / 2;
  return u / (pos.length * neg.length);
}

/** Median, p90 and share within 100 ms of pooled errors. */
export function pooled(errors: number[]): { n: number; median: number; p90: number; within100: number } {
  const s = [...errors].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p90: quantile(s, 0.9), within100: s.length ? s.filter((e) => e <= 0.1).length / s.length : NaN };
}
