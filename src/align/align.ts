import type { TimedWord, TimeSpan, Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { alignInBand, type WarpPath } from './dtw.js';
import { computeMfcc, normalizeFeatures, poolFeatures, type Features } from './features.js';
import type { Reference } from './reference.js';
import { locateBlocks, planSearchBlocks, spanWholeClip, type LocatedBlock } from './locate.js';
import { speechMask, trimToSpeech, type SpeechMask } from './speech.js';
import { wordConfidence } from './confidence.js';

export interface AlignProgress {
  stage: 'synthesize' | 'features' | 'locate' | 'refine';
  fraction: number;
}

export interface AlignOptions {
  onProgress?: (progress: AlignProgress) => void;
}

/** What the alignment found, beyond the word times: the QA report's raw material. */
export interface AlignmentResult {
  words: TimedWord[];
  /** Time spans of the recording the transcript covers (merged located blocks). */
  coveredSpans: TimeSpan[];
  /** Transcript passages not found in the audio. */
  notFound: Array<{ firstWord: number; lastWord: number; text: string }>;
  /** Speech-like audio (≥ 2 s) where no transcript word was placed. */
  speechWithoutText: TimeSpan[];
  blocks: LocatedBlock[];
  /** Seconds spent per stage. */
  timings: Record<string, number>;
}

/** Clips up to this long fall back to spanning the whole clip when no block could be located. */
const SHORT_CLIP_SECONDS = 120;
/** Coarse grid for locating: 4 × 10 ms. */
const COARSE_FACTOR = 4;
/** Half-width of the fine band around the coarse match's diagonal, in 10 ms frames. */
const FINE_BAND = 150;
/** How far past a located block's edges the fine pass always looks. */
const EDGE_SLACK_SECONDS = 0.5;
/** How far towards a located neighbour the fine pass may widen a block's region. */
const REGION_REACH_SECONDS = 1;

/**
 * Align transcript words to the recording. Two stages:
 *  1. locate: each block of sentences of the synthetic reference is searched for in the recording
 *     (coarse 40 ms grid, subsequence DTW), moving forward through the audio, so text and audio need
 *     not start or end together, and passages missing on either side are skipped, not forced;
 *  2. refine: inside each located block, a banded 10 ms DTW with open ends places every word, and
 *     word edges are trimmed to where the recording actually has sound.
 */
export function alignWithReference(
  samples: Int16Array,
  sampleRate: number,
  transcript: Transcript,
  reference: Reference,
  options: AlignOptions = {},
): AlignmentResult {
  const timings: Record<string, number> = {};
  const progress = options.onProgress ?? (() => undefined);
  let t = performance.now();

  progress({ stage: 'features', fraction: 0 });
  const audioRaw = computeMfcc(samples, sampleRate);
  const refRaw = computeMfcc(reference.samples, reference.sampleRate);
  if (audioRaw.frames < 10) throw new CapsyncError('AUDIO_TOO_SHORT', 'the recording is too short to align');
  const mask = speechMask(audioRaw.energyDb);
  const audioFine = prepareForMatching(audioRaw);
  const refFine = prepareForMatching(refRaw);
  const audioCoarse = poolFeatures(audioFine, COARSE_FACTOR);
  const refCoarse = poolFeatures(refFine, COARSE_FACTOR);
  timings.features = (performance.now() - t) / 1000;
  progress({ stage: 'features', fraction: 1 });

  t = performance.now();
  const blocks = planSearchBlocks(reference);
  const located = locateBlocks(blocks, refCoarse, audioCoarse, (fraction) => progress({ stage: 'locate', fraction }));
  if (samples.length / sampleRate <= SHORT_CLIP_SECONDS) {
    const first = mask.speech.indexOf(1);
    const last = mask.speech.lastIndexOf(1);
    if (first >= 0) spanWholeClip(located, Math.max(0, first * audioRaw.hop - 0.3), (last + 1) * audioRaw.hop + 0.3);
  }
  timings.locate = (performance.now() - t) / 1000;

  t = performance.now();
  const words: TimedWord[] = transcript.words.map((word) => ({
    index: word.index,
    text: word.text,
    start: null,
    end: null,
    confidence: 0,
    sentence: word.sentence,
    paragraph: word.paragraph,
    turn: word.turn,
    source: null,
  }));
  const hop = audioFine.hop;
  located.forEach((block, b) => {
    progress({ stage: 'refine', fraction: b / located.length });
    if (!block.found) return;
    const refStart = Math.max(0, Math.floor(block.refStart / refFine.hop));
    const refEnd = Math.min(refFine.frames, Math.ceil(block.refEnd / refFine.hop));
    if (refEnd - refStart < 2) return;
    const [regionStart, regionEnd] = refineRegion(located, b, audioFine.frames * hop);
    const path = alignBlock(refFine, refStart, refEnd, audioFine, Math.round(regionStart / hop), Math.round(regionEnd / hop));
    placeWords(words, reference, block, path, hop, refFine.hop, mask, Number.isFinite(block.distinctness) ? block.distinctness : 5);
  });
  enforceMonotonicTimes(words);
  timings.refine = (performance.now() - t) / 1000;
  progress({ stage: 'refine', fraction: 1 });

  const duration = samples.length / sampleRate;
  return {
    words,
    coveredSpans: coveredSpans(located),
    notFound: notFoundPassages(located, transcript),
    speechWithoutText: speechWithoutText(words, mask, audioRaw.hop, duration),
    blocks: located,
    timings,
  };
}

/**
 * CMVN, then scaled by 1/√dims so that 1 − dot product is ~0 for matching frames, ~1 for unrelated
 * ones. Unlike cosine, quiet frames (small vectors) stay near-neutral instead of pointing anywhere.
 */
function prepareForMatching(features: Features): Features {
  normalizeFeatures(features);
  const scale = 1 / Math.sqrt(features.dims);
  for (let i = 0; i < features.data.length; i++) features.data[i] *= scale;
  return features;
}

/**
 * Where the fine pass may look for a located block: its located span widened towards its located
 * neighbours (by at most a few seconds), since the coarse search pins a block's middle better than
 * its edges; the fine pass's open ends then find the edges.
 */
function refineRegion(blocks: readonly LocatedBlock[], b: number, duration: number): [number, number] {
  const block = blocks[b];
  const prev = b > 0 && blocks[b - 1].found ? blocks[b - 1] : null;
  const next = b + 1 < blocks.length && blocks[b + 1].found ? blocks[b + 1] : null;
  const reach = REGION_REACH_SECONDS;
  // A block only found in the gap pass (weak dip) but pinned on both sides by a gap that it alone
  // can fill: trust the neighbours and give it the whole gap.
  if (prev && next && block.foundBy === 'gap') {
    const gap = next.audioStart - prev.audioEnd;
    const refLength = block.refEnd - block.refStart;
    if (gap > 0 && gap <= 1.6 * refLength + 2) {
      return [Math.max(0, prev.audioEnd - EDGE_SLACK_SECONDS), Math.min(duration, next.audioStart + EDGE_SLACK_SECONDS)];
    }
  }
  const start = Math.max(0, Math.min(block.audioStart - EDGE_SLACK_SECONDS, Math.max(prev ? prev.audioEnd - EDGE_SLACK_SECONDS : 0, block.audioStart - reach)));
  const end = Math.min(duration, Math.max(block.audioEnd + EDGE_SLACK_SECONDS, Math.min(next ? next.audioStart + EDGE_SLACK_SECONDS : duration, block.audioEnd + reach)));
  return [start, end];
}

/**
 * Banded fine DTW of one block over audio frames [regionStart, regionEnd]: the band follows the
 * region's diagonal (the coarse match), wide enough for pauses the reference does not have.
 */
function alignBlock(ref: Features, refStart: number, refEnd: number, audio: Features, regionStart: number, regionEnd: number): WarpPath {
  const n = refEnd - refStart;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const last = Math.min(audio.frames - 1, regionEnd);
  for (let i = 0; i < n; i++) {
    const centre = regionStart + ((last - regionStart) * i) / Math.max(1, n - 1);
    lo[i] = Math.max(regionStart, Math.floor(centre - FINE_BAND));
    hi[i] = Math.min(last, Math.ceil(centre + FINE_BAND));
    if (i > 0) lo[i] = Math.max(lo[i], lo[i - 1]);
  }
  lo[0] = regionStart;
  hi[n - 1] = last;
  for (let i = n - 2; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i], lo[i]), hi[i + 1]);
  return alignInBand(ref, refStart, refEnd, audio, lo, hi);
}

function placeWords(
  words: TimedWord[],
  reference: Reference,
  block: LocatedBlock,
  path: WarpPath,
  hop: number,
  refHop: number,
  mask: SpeechMask,
  distinctness: number,
): void {
  const rows = path.audioFirst.length;
  const audioAtRef = (refSeconds: number, edge: 'first' | 'last'): number => {
    const row = Math.min(rows - 1, Math.max(0, Math.round(refSeconds / refHop) - path.refStart));
    return (edge === 'first' ? path.audioFirst[row] : path.audioLast[row] + 1) * hop;
  };
  for (let w = block.firstWord; w <= block.lastWord; w++) {
    const span = reference.wordSpans[w];
    if (!span) continue;
    let start = audioAtRef(span.start, 'first');
    const endRow = Math.round(span.end / refHop) - path.refStart;
    let end = endRow < rows ? audioAtRef(span.end, 'first') : audioAtRef(span.end - refHop, 'last');
    if (end <= start) end = start + hop;
    [start, end] = trimToSpeech(start, end, mask);
    const firstRow = Math.max(0, Math.round(span.start / refHop) - path.refStart);
    const lastRow = Math.min(rows, Math.max(firstRow + 1, endRow));
    let cost = 0;
    for (let r = firstRow; r < lastRow; r++) cost += path.localCost[r];
    cost /= Math.max(1, lastRow - firstRow);
    words[w].start = round3(start);
    words[w].end = round3(end);
    words[w].confidence = round3(wordConfidence(cost, distinctness));
    words[w].source = 'audio';
  }
}

/** Blocks refined independently may overlap by a frame or two at their seams: keep times ordered. */
function enforceMonotonicTimes(words: TimedWord[]): void {
  let lastEnd = 0;
  for (const word of words) {
    if (word.start === null || word.end === null) continue;
    if (word.start < lastEnd) word.start = round3(lastEnd);
    if (word.end <= word.start) word.end = round3(word.start + 0.01);
    lastEnd = word.end;
  }
}

function coveredSpans(blocks: readonly LocatedBlock[]): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const block of blocks) {
    if (!block.found) continue;
    const last = spans[spans.length - 1];
    if (last && block.audioStart - last.end < 30) last.end = Math.max(last.end, block.audioEnd);
    else spans.push({ start: block.audioStart, end: block.audioEnd });
  }
  return spans.map((s) => ({ start: round3(s.start), end: round3(s.end) }));
}

function notFoundPassages(blocks: readonly LocatedBlock[], transcript: Transcript): AlignmentResult['notFound'] {
  const passages: AlignmentResult['notFound'] = [];
  for (const block of blocks) {
    if (block.found) continue;
    const last = passages[passages.length - 1];
    if (last && last.lastWord + 1 === block.firstWord) last.lastWord = block.lastWord;
    else passages.push({ firstWord: block.firstWord, lastWord: block.lastWord, text: '' });
  }
  for (const passage of passages) {
    passage.text = transcript.words
      .slice(passage.firstWord, passage.lastWord + 1)
      .map((w) => w.text)
      .join(' ');
  }
  return passages;
}

function speechWithoutText(words: readonly TimedWord[], mask: SpeechMask, hop: number, duration: number): TimeSpan[] {
  const placed = words.filter((w) => w.start !== null && w.end !== null) as Array<TimedWord & { start: number; end: number }>;
  const covered = new Uint8Array(mask.speech.length);
  for (const word of placed) {
    const a = Math.max(0, Math.floor(word.start / hop) - 50);
    const b = Math.min(covered.length, Math.ceil(word.end / hop) + 50);
    covered.fill(1, a, b);
  }
  const spans: TimeSpan[] = [];
  let runStart = -1;
  let speechFrames = 0;
  for (let f = 0; f <= covered.length; f++) {
    const open = f < covered.length && !covered[f];
    if (open && runStart < 0) {
      runStart = f;
      speechFrames = 0;
    }
    if (open && mask.speech[f]) speechFrames++;
    if (!open && runStart >= 0) {
      if (speechFrames * hop >= 2) spans.push({ start: round3(runStart * hop), end: round3(Math.min(duration, f * hop)) });
      runStart = -1;
    }
  }
  return spans;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

