import type { TimedWord, TimeSpan, Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { alignInBand, type VoicingGuide, type WarpPath } from './dtw.js';
import { computeMfcc, normalizeFeatures, poolFeatures, type Features } from './features.js';
import type { Reference } from './reference.js';
import { applyWordAnchors, locateBlocks, planSearchBlocks, spanWholeClip, type LocatedBlock, type WordAnchor } from './locate.js';
import { applyAffineMap, fitAffineMap } from './adapt.js';
import { framePeriodicity } from './periodicity.js';
import { silentRuns, snapEdgesToPauses, speechMask, trimToSpeech, type SpeechMask } from './speech.js';
import { wordConfidences, type WordEvidence } from './confidence.js';
import { forget as forgetKernelCopy, resetKernelMemory } from './kernels.js';

import type { AlignmentResult, AlignProgress, Passage } from './result.js';

export interface AlignOptions {
  onProgress?: (progress: AlignProgress) => void;
  /** Words whose times a caption track already gives: they pin their blocks in the recording. */
  anchors?: readonly WordAnchor[];
  /** The reference, already being synthesized (started before the recording was decoded). */
  reference?: Promise<Reference>;
}

/** The DTW engine's result: the shared one, plus what its confidence was fitted on. */
export interface DtwAlignmentResult extends AlignmentResult {
  blocks: LocatedBlock[];
  /** Per word, what its confidence was computed from (null for unplaced words). */
  evidence: Array<WordEvidence | null>;
}

/** Clips up to this long fall back to spanning the whole clip when no block could be located. */
const SHORT_CLIP_SECONDS = 120;
/** Coarse grid for locating: 4 × 10 ms. */
const COARSE_FACTOR = 4;
/** Fine-pass cost of reference speech on a silent recording frame (frame distances run 0..~2). */
const SPEECH_ON_SILENCE = 0.3;
/** Fine-pass cost of a reference pause over recorded sound. */
const SILENCE_ON_SPEECH = 0.1;
/** Fine-pass cost per frame of a pause the speaker made where the reference has none. */
const PAUSE_INSERT = 0.2;
/** The same, waited out at the end of a word: a little cheaper, so the pause goes between words. */
const PAUSE_INSERT_AT_WORD_END = 0.1;
/** Fine-pass cost per frame of recorded speech laid on a reference pause (speech with no text). */
const TEXTLESS = 0.6;
/**
 * Speech with no text as one event: a run of it on a pause between sentences may instead cost this
 * once, plus TEXTLESS_EXTEND per frame (cheaper than TEXTLESS from about half a second on). With a
 * price per frame only, a sentence missing from the transcript cost more than skipping the speech
 * before a run's first words and laying them on the missing sentence's end. (Cheaper openings fix
 * that too, but then a run also swallows the first words after a pause in voices unlike eSpeak's.)
 */
const TEXTLESS_OPEN = 20;
const TEXTLESS_EXTEND = 0.15;
/**
 * Reference pauses at least this long (the 250 ms after a sentence; a clause gets 120 ms) are
 * where a textless run may be: a sentence missing from the text sits between sentences, while a
 * run at a comma mostly swallowed the next words of a voice unlike eSpeak's.
 */
const SENTENCE_PAUSE_SECONDS = 0.2;
/**
 * Fine-pass cost of each recorded speech frame skipped before a run's first word: speech with no
 * text, priced as TEXTLESS is elsewhere (at half, skipping the opening phrase and laying it on a
 * later sentence was a bargain).
 */
const SKIP_SPEECH = 0.6;
/** Pass 1 runs on frames this many times the 10 ms hop. */
const PASS1_FACTOR = 2;
/** Half-width of the fine band around the line through the located anchors, in 10 ms frames. */
const FINE_BAND = 250;
/** The same for runs whose places are only estimates (no block of them stood out in the search). */
const ESTIMATED_BAND = 150;
/** How far past a located block's edges the fine pass always looks. */
const EDGE_SLACK_SECONDS = 0.5;
/**
 * How far towards a located neighbour the fine pass may widen a block's region: a located end can
 * come out a couple of seconds early (a number's spoken form matching its neighbour's), and the
 * open end then finds the real one; not much further, or a run's last words reach into applause.
 */
const REGION_REACH_SECONDS = 3;

/**
 * Align transcript words to the recording. Two stages:
 *  1. locate: each block of sentences of the synthetic reference is searched for in the recording
 *     (coarse 40 ms grid, subsequence DTW), moving forward through the audio, so text and audio need
 *     not start or end together, and passages missing on either side are skipped, not forced;
 *  2. refine: inside each located block, a banded 10 ms DTW with open ends places every word, and
 *     word edges are trimmed to where the recording actually has sound.
 */
export function alignWithReference(
  recording: RecordingAnalysis,
  transcript: Transcript,
  reference: Reference,
  options: AlignOptions = {},
): DtwAlignmentResult {
  const timings: Record<string, number> = { features: recording.seconds };
  resetKernelMemory();
  const progress = options.onProgress ?? (() => undefined);
  let t = performance.now();
  const { fine: audioFine, mask, duration } = recording;
  const refFine = prepareForMatching(reference.features ?? computeMfcc(reference.samples, reference.sampleRate));
  const refVoiced = speechMask(refFine.energyDb).speech;
  const voicing: VoicingGuide = {
    ref: refVoiced,
    audio: mask.speech,
    speechOnSilence: SPEECH_ON_SILENCE,
    silenceOnSpeech: SILENCE_ON_SPEECH,
    skipSpeech: SKIP_SPEECH,
    textless: TEXTLESS,
    pauseInsert: PAUSE_INSERT,
    wordEnds: wordEndRows(reference, refFine.frames, refFine.hop),
    pauseInsertAtWordEnd: PAUSE_INSERT_AT_WORD_END,
    textlessOpen: TEXTLESS_OPEN,
    textlessExtend: TEXTLESS_EXTEND,
    textlessRows: longPauseRows(refVoiced, Math.round(SENTENCE_PAUSE_SECONDS / refFine.hop)),
    endPauseFrames: RUN_PAUSE_FRAMES,
  };
  const audioCoarse = poolFeatures(audioFine, COARSE_FACTOR);
  const refCoarse = poolFeatures(refFine, COARSE_FACTOR);
  timings.features += (performance.now() - t) / 1000;
  progress({ stage: 'features', fraction: 1 });

  t = performance.now();
  const blocks = planSearchBlocks(reference);
  const located = locateBlocks(blocks, refCoarse, audioCoarse, (fraction) => progress({ stage: 'locate', fraction }), mask);
  if (options.anchors?.length) applyWordAnchors(located, options.anchors, (w) => reference.wordSpans[w]?.start ?? null);
  if (duration <= SHORT_CLIP_SECONDS) {
    const first = mask.speech.indexOf(1);
    const last = mask.speech.lastIndexOf(1);
    if (first >= 0) spanWholeClip(located, Math.max(0, first * mask.hop - 0.3), (last + 1) * mask.hop + 0.3);
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
  const runs = planRuns(located);
  const pace = typicalRate(located);
  // Pass 1 follows the located anchors with a wide band, on a 20 ms grid (it only has to find
  // the path's neighbourhood); pass 2, after speaker adaptation, looks a little either side of
  // pass 1's path at 10 ms and places the words. Together several times cheaper than one wide
  // 10 ms pass.
  const refCoarse2 = poolFeatures(refFine, PASS1_FACTOR);
  const audioCoarse2 = poolFeatures(audioFine, PASS1_FACTOR);
  // A run ending at a block that claims the speech after its match pays, at its open end, for the
  // speech it leaves up to the next break rather than the next pause. (Each guide is pooled for
  // pass 1 once, not per run: the masks span the whole recording.)
  const claiming: VoicingGuide = { ...voicing, endPauseFrames: Math.round(BREAK_SECONDS / hop) };
  const coarseVoicing = new Map([voicing, claiming].map((guide) => [guide, poolVoicing(guide, PASS1_FACTOR)]));
  const runVoicing = runs.map(([, last]): VoicingGuide => (claimsSpeechAfter(located[last]) ? claiming : voicing));
  const firstPass = (): Array<WarpPath | null> =>
    runs.map(([first, last], r) => {
      progress({ stage: 'refine', fraction: (0.6 * r) / runs.length });
      const refStart = Math.max(0, Math.floor(located[first].refStart / refCoarse2.hop));
      const refEnd = Math.min(refCoarse2.frames, Math.ceil(located[last].refEnd / refCoarse2.hop));
      if (refEnd - refStart < 2) return null;
      const coarseHop = audioCoarse2.hop;
      const regionStart = afterLastPause(mask, refineRegion(located, first, duration)[0], located[first].audioStart + LATE_START_SECONDS);
      const [, regionEnd] = refineRegion(located, last, duration, mask);
      const anchors = runAnchors(located, first, last, refCoarse2.hop, coarseHop, regionStart / coarseHop, regionEnd / coarseHop, mask);
      // A run no search could locate (its places are shares of a gap or of the clip) matched the
      // recording poorly; a narrower band keeps it closer to those estimates.
      const estimated = located.slice(first, last + 1).every((block) => block.distinctness <= 1);
      const open = openStretches(located, first, last, refCoarse2.hop, coarseHop, regionStart / coarseHop, regionEnd / coarseHop);
      const band = (estimated ? ESTIMATED_BAND : FINE_BAND) / PASS1_FACTOR;
      const coarsePath = alignRun(refCoarse2, refStart, refEnd, audioCoarse2, anchors, band, coarseVoicing.get(runVoicing[r])!, open, pace);
      return upsamplePath(coarsePath, PASS1_FACTOR, refFine.frames, audioFine.frames);
    });
  const secondPass = (guides: ReadonlyArray<WarpPath | null>): void =>
    runs.forEach(([first, last], r) => {
      progress({ stage: 'refine', fraction: 0.6 + (0.4 * r) / runs.length });
      const guide = guides[r];
      if (!guide) return;
      const path = alignAroundPath(refFine, audioFine, guide, GUIDED_BAND, runVoicing[r]);
      for (let b = first; b <= last; b++) {
        const block = located[b];
        placeWords(words, reference, block, path, hop, refFine.hop, mask, Number.isFinite(block.distinctness) ? block.distinctness : 5, evidence);
      }
    });
  const evidence: Array<WordEvidence | null> = words.map(() => null);
  const guides = firstPass();
  const map = fitAffineMap(refFine, audioFine, guides.filter((p): p is WarpPath => p !== null));
  if (map) {
    applyAffineMap(refFine, map);
    prepareForMatching(refFine);
    // Changed in place: a copy the kernels may hold is stale.
    forgetKernelCopy(refFine.data);
  }
  secondPass(guides);
  enforceMonotonicTimes(words, mask);
  snapEdgesToPauses(words, mask);
  const confidences = wordConfidences(evidence);
  words.forEach((word, w) => {
    word.confidence = round3(confidences[w] ?? 0);
  });
  for (const word of words) {
    if (word.start !== null) word.start = round3(word.start);
    if (word.end !== null) word.end = round3(word.end);
  }
  timings.refine = (performance.now() - t) / 1000;
  progress({ stage: 'refine', fraction: 1 });

  return {
    engine: 'dtw',
    words,
    coveredSpans: coveredSpans(located),
    notFound: notFoundPassages(located, transcript),
    speechWithoutText: speechWithoutText(words, mask, mask.hop, duration),
    passages: located.map(passageOf),
    blocks: located,
    evidence,
    timings,
  };
}

/** The recording's side of the alignment, computed while the reference is being synthesized. */
export interface RecordingAnalysis {
  /** Normalized 10 ms features, ready for matching. */
  fine: Features;
  mask: SpeechMask;
  duration: number;
  /** Seconds it took. */
  seconds: number;
}

export function analyseRecording(samples: Int16Array, sampleRate: number): RecordingAnalysis {
  const started = performance.now();
  const raw = computeMfcc(samples, sampleRate);
  if (raw.frames < 10) throw new CapsyncError('AUDIO_TOO_SHORT', 'the recording is too short to align');
  const mask = speechMask(raw.energyDb, raw.hop, framePeriodicity(samples, sampleRate, raw.frames, raw.hop));
  const fine = prepareForMatching(raw);
  return { fine, mask, duration: samples.length / sampleRate, seconds: (performance.now() - started) / 1000 };
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
export function refineRegion(blocks: readonly LocatedBlock[], b: number, duration: number, mask?: SpeechMask): [number, number] {
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
  // A place shared out of a gap is an estimate: its end may be seconds early, so it may reach on
  // to the next located block (as its rows may inside a run; see openStretches).
  const endReach = block.distinctness <= 1 && next ? Math.max(reach, next.audioStart - block.audioEnd) : reach;
  let end = Math.min(duration, Math.max(block.audioEnd + EDGE_SLACK_SECONDS, Math.min(next ? next.audioStart + EDGE_SLACK_SECONDS : duration, block.audioEnd + endReach)));
  // A block only the gap pass found may have matched squeezed over speech that is not its own (a
  // sentence missing from the text): its end may then lie anywhere in the speech that runs on
  // after it, up to the next real break, and the fine pass's textless runs skip what is not its.
  if (mask && claimsSpeechAfter(block)) {
    const limit = Math.min(next ? next.audioStart : duration, block.audioEnd + (block.refEnd - block.refStart));
    end = Math.max(end, Math.min(limit, speechRunEnd(mask, block.audioEnd)));
  }
  return [start, end];
}

/**
 * Whether a block only the gap pass found may end anywhere in the speech that runs on after its
 * match (see refineRegion): the run it ends then claims that speech, and its open end pays for
 * what it leaves of it (up to the next break, not the next pause).
 */
function claimsSpeechAfter(block: LocatedBlock): boolean {
  return block.foundBy === 'gap';
}

/** Non-speech this long (seconds) ends a stretch of speech: a pause between topics, applause, music's edge. */
const BREAK_SECONDS = 1;

/** Where the speech that runs on from `from` (seconds) stops: the start of the first break after it. */
function speechRunEnd(mask: SpeechMask, from: number): number {
  const { speech, hop } = mask;
  const breakFrames = Math.round(BREAK_SECONDS / hop);
  let quiet = 0;
  for (let f = Math.max(0, Math.floor(from / hop)); f < speech.length; f++) {
    if (speech[f]) quiet = 0;
    else if (++quiet >= breakFrames) return (f - quiet + 1) * hop;
  }
  return speech.length * hop;
}

/** Longest stretch of reference aligned in one fine pass (bounds the pass's memory). */
const MAX_RUN_SECONDS = 300;
/** Located blocks further apart than this (beyond what the speaking pace explains) are refined apart. */
const RUN_GAP_SECONDS = 3;

/**
 * Group located blocks that follow each other closely in both text and time into runs refined in
 * one pass, so that a block's first words are aligned with the speech before them in view instead
 * of from an open start. A run breaks at an unlocated block, at a gap in the recording that the
 * reference does not have (a sentence missing from the text, a long silence, applause), and after
 * MAX_RUN_SECONDS.
 */
function planRuns(blocks: readonly LocatedBlock[]): Array<[number, number]> {
  const rate = typicalRate(blocks);
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let b = 0; b < blocks.length; b++) {
    if (!blocks[b].found) {
      if (start >= 0) runs.push([start, b - 1]);
      start = -1;
      continue;
    }
    if (start >= 0) {
      // Block ends are what the coarse search pins down best (a start can come out late when the
      // first words are compressed), so compare end to end against the usual speaking rate.
      const prev = blocks[b - 1];
      const extra = blocks[b].audioEnd - prev.audioEnd - (blocks[b].refEnd - prev.refEnd) * rate;
      const tooLong = blocks[b].refEnd - blocks[start].refStart > MAX_RUN_SECONDS;
      if (extra > RUN_GAP_SECONDS || blocks[b].audioEnd <= prev.audioEnd || tooLong) {
        runs.push([start, b - 1]);
        start = b;
      }
    } else start = b;
  }
  if (start >= 0) runs.push([start, blocks.length - 1]);
  return runs;
}

/** Median ratio of recording time to reference time over located blocks (the speaker's pace). */
function typicalRate(blocks: readonly LocatedBlock[]): number {
  const ratios = blocks
    .filter((b) => b.found && b.refEnd > b.refStart)
    .map((b) => (b.audioEnd - b.audioStart) / (b.refEnd - b.refStart))
    .sort((x, y) => x - y);
  if (ratios.length === 0) return 1;
  return Math.min(2, Math.max(0.7, ratios[ratios.length >> 1]));
}

/**
 * Reference frame → audio frame, and whether the point is a floor: a block start that follows a
 * real pause, before which none of the block's words may be placed.
 */
type RunAnchor = [refFrame: number, audioFrame: number, floor: boolean];

/**
 * Anchor points (reference frame → audio frame) for a run: where the run starts, then each
 * block's located end; the run's region edges stretch the first and last points.
 */
function runAnchors(
  blocks: readonly LocatedBlock[],
  first: number,
  last: number,
  refHop: number,
  hop: number,
  regionStart: number,
  regionEnd: number,
  mask: SpeechMask,
): RunAnchor[] {
  const points: RunAnchor[] = [[blocks[first].refStart / refHop, Math.min(blocks[first].audioStart / hop, regionStart), false]];
  for (let b = first; b <= last; b++) {
    // A block's located start is kept only when the recording is silent between it and the
    // previous block (a real pause); speech there means the start came out late.
    // (Not for blocks placed by sharing out a gap: their starts are estimates, not matches.)
    const searched = !(blocks[b].distinctness <= 1);
    if (b > first && searched && silentShare(mask, blocks[b - 1].audioEnd, blocks[b].audioStart) >= 0.7) {
      points.push([blocks[b].refStart / refHop, blocks[b].audioStart / hop, true]);
    }
    points.push([blocks[b].refEnd / refHop, blocks[b].audioEnd / hop, false]);
  }
  points[points.length - 1][1] = Math.max(points[points.length - 1][1], regionEnd);
  return points;
}

/** Most a segment's spare audio may widen its band (frames of the pass's grid): 20 s at 20 ms. */
const MAX_BAND_WIDENING = 1000;

/** How much further than the band (10 ms frames) an open stretch may reach either way. */
const OPEN_REACH = 1000;

/** Reference rows [refFrom, refTo) whose band spans the audio frames [audioLo, audioHi]. */
type OpenStretch = [refFrom: number, refTo: number, audioLo: number, audioHi: number];

/**
 * Blocks inside a run that were placed by sharing out a gap (no search found them) have only a
 * guessed place: their rows may go anywhere between the searched blocks around them, so that a
 * sentence spoken but missing from the text, at either end of the gap, does not push them off.
 */
function openStretches(
  blocks: readonly LocatedBlock[],
  first: number,
  last: number,
  refHop: number,
  hop: number,
  regionStart: number,
  regionEnd: number,
): OpenStretch[] {
  const stretches: OpenStretch[] = [];
  let b = first;
  while (b <= last) {
    if (!(blocks[b].distinctness <= 1)) {
      b++;
      continue;
    }
    let e = b;
    while (e + 1 <= last && blocks[e + 1].distinctness <= 1) e++;
    const lo = b > first ? blocks[b - 1].audioEnd / hop - EDGE_SLACK_SECONDS / hop : regionStart;
    const hi = e < last ? blocks[e + 1].audioStart / hop + EDGE_SLACK_SECONDS / hop : regionEnd;
    stretches.push([blocks[b].refStart / refHop, blocks[e].refEnd / refHop, lo, hi]);
    b = e + 1;
  }
  return stretches;
}

/** Voicing on a grid `factor` times coarser: a coarse frame has sound if any of its frames has. */
function poolVoicing(voicing: VoicingGuide, factor: number): VoicingGuide {
  const pool = (mask: Uint8Array): Uint8Array => {
    const out = new Uint8Array(Math.floor(mask.length / factor));
    for (let f = 0; f < out.length; f++) for (let k = 0; k < factor; k++) out[f] |= mask[f * factor + k];
    return out;
  };
  return {
    ...voicing,
    ref: pool(voicing.ref),
    audio: pool(voicing.audio),
    wordEnds: voicing.wordEnds && pool(voicing.wordEnds),
    textlessRows: voicing.textlessRows && pool(voicing.textlessRows),
    endPauseFrames: voicing.endPauseFrames && Math.max(1, Math.round(voicing.endPauseFrames / factor)),
  };
}

/** Rows inside silent runs of at least `minFrames` frames. */
function longPauseRows(voiced: Uint8Array, minFrames: number): Uint8Array {
  const rows = new Uint8Array(voiced.length);
  for (const [first, end] of silentRuns(voiced, minFrames)) rows.fill(1, first, end);
  return rows;
}

/** Reference rows where a word ends (its last two frames): where a speaker's pause belongs. */
function wordEndRows(reference: Reference, frames: number, hop: number): Uint8Array {
  const rows = new Uint8Array(frames);
  for (const span of reference.wordSpans) {
    if (!span) continue;
    const end = Math.min(frames, Math.round(span.end / hop));
    for (let r = Math.max(0, end - 2); r < end; r++) rows[r] = 1;
  }
  return rows;
}

/** A path on a grid `factor` times coarser, back on the 10 ms grid (each coarse cell covers factor × factor). */
function upsamplePath(path: WarpPath, factor: number, refFrames: number, audioFrames: number): WarpPath {
  const refStart = path.refStart * factor;
  const n = Math.min(refFrames - refStart, path.audioFirst.length * factor);
  const audioFirst = new Int32Array(n);
  const audioLast = new Int32Array(n);
  const localCost = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / factor);
    audioFirst[i] = Math.min(audioFrames - 1, path.audioFirst[c] * factor);
    audioLast[i] = Math.min(audioFrames - 1, path.audioLast[c] * factor + factor - 1);
    localCost[i] = path.localCost[c];
  }
  return { refStart, audioFirst, audioLast, localCost };
}

/** How late a located block start may be and still be trusted to follow its pause. */
const LATE_START_SECONDS = 0.3;
/** A silence at least this long (frames) before a run is the pause its first words follow. */
const RUN_PAUSE_FRAMES = 25;

/**
 * A run's region reaches back before its located start, in case the start came out late; but
 * when a real pause lies in that reach, the run starts at the pause (it may start anywhere in it):
 * the speech before it is the end of something else, which the free start would otherwise pay to
 * skip and so glue onto the first word.
 */
function afterLastPause(mask: SpeechMask, regionStart: number, latestStart: number): number {
  const { speech, hop } = mask;
  const from = Math.max(0, Math.floor(regionStart / hop));
  let f = Math.min(speech.length, Math.ceil(latestStart / hop)) - 1;
  while (f >= from) {
    if (speech[f]) {
      f--;
      continue;
    }
    let g = f;
    while (g >= from && !speech[g]) g--;
    if (f - g >= RUN_PAUSE_FRAMES) return (g + 1) * hop;
    f = g;
  }
  return regionStart;
}

/** Share of the frames in [start, end) seconds that are not speech (any length; 1 for an empty span). */
function silentFraction(mask: SpeechMask, start: number, end: number): number {
  const a = Math.max(0, Math.floor(start / mask.hop));
  const b = Math.min(mask.speech.length, Math.ceil(end / mask.hop));
  if (b <= a) return 1;
  let silent = 0;
  for (let f = a; f < b; f++) if (!mask.speech[f]) silent++;
  return silent / (b - a);
}

/** Share of the frames in [start, end) seconds that are silent; 0 for a span under 300 ms (too short to judge). */
function silentShare(mask: SpeechMask, start: number, end: number): number {
  const frames = Math.min(mask.speech.length, Math.ceil(end / mask.hop)) - Math.max(0, Math.floor(start / mask.hop));
  return frames < 30 ? 0 : silentFraction(mask, start, end);
}

/** Half-width of the band around the first pass's path in the adapted pass, in 10 ms frames. */
const GUIDED_BAND = 50;

/** Fine DTW in a band around an earlier path (the same reference rows, open ends kept). */
function alignAroundPath(ref: Features, audio: Features, guide: WarpPath, margin: number, voicing: VoicingGuide): WarpPath {
  const n = guide.audioFirst.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(0, guide.audioFirst[i] - margin);
    hi[i] = Math.min(audio.frames - 1, guide.audioLast[i] + margin);
    if (i > 0) lo[i] = Math.max(lo[i], lo[i - 1]);
  }
  for (let i = n - 2; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i], lo[i]), hi[i + 1]);
  for (let i = 1; i < n; i++) if (lo[i] > hi[i - 1] + 1) hi[i - 1] = lo[i] - 1;
  return alignInBand(ref, guide.refStart, guide.refStart + n, audio, lo, hi, voicing);
}

/**
 * Banded fine DTW of a run: the band follows the piecewise-linear line through the located
 * anchors, wide enough for pauses the reference does not have and for anchors a little off.
 */
function alignRun(
  ref: Features,
  refStart: number,
  refEnd: number,
  audio: Features,
  anchors: readonly RunAnchor[],
  band: number,
  voicing: VoicingGuide,
  open: readonly OpenStretch[] = [],
  pace = 1,
): WarpPath {
  const n = refEnd - refStart;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const regionStart = Math.max(0, Math.round(anchors[0][1]));
  const last = Math.min(audio.frames - 1, Math.round(anchors[anchors.length - 1][1]));
  let segment = 0;
  for (let i = 0; i < n; i++) {
    const row = refStart + i;
    while (segment < anchors.length - 2 && anchors[segment + 1][0] <= row) segment++;
    const [r0, a0] = anchors[segment];
    const [r1, a1] = anchors[Math.min(segment + 1, anchors.length - 1)];
    const centre = r1 > r0 ? a0 + ((a1 - a0) * (row - r0)) / (r1 - r0) : a0;
    // A segment with more audio than its text takes at the speaker's pace holds speech with no
    // text (a region stretched to the speech after a squeezed match): it may sit anywhere in the
    // segment, and the path strays from the straight line by up to its length.
    const excess = Math.min(MAX_BAND_WIDENING, a1 - a0 - pace * (r1 - r0));
    const width = Math.max(band, excess);
    lo[i] = Math.max(regionStart, Math.floor(centre - width));
    hi[i] = Math.min(last, Math.ceil(centre + width));
    if (i > 0) lo[i] = Math.max(lo[i], lo[i - 1]);
  }
  for (const [refFrom, refTo, audioLo, audioHi] of open) {
    for (let i = Math.max(0, Math.floor(refFrom) - refStart); i < Math.min(n, Math.ceil(refTo) - refStart); i++) {
      lo[i] = Math.max(regionStart, lo[i] - OPEN_REACH, Math.min(lo[i], Math.floor(audioLo)));
      hi[i] = Math.min(last, hi[i] + OPEN_REACH, Math.max(hi[i], Math.ceil(audioHi)));
    }
  }
  for (let i = 1; i < n; i++) lo[i] = Math.max(lo[i], lo[i - 1]);
  lo[0] = regionStart;
  hi[n - 1] = last;
  for (const [refFrame, audioFrame, floor] of anchors) {
    const row = Math.round(refFrame) - refStart;
    if (!floor || row <= 0 || row >= n) continue;
    const bound = Math.round(audioFrame - EDGE_SLACK_SECONDS / audio.hop);
    for (let i = row; i < n && lo[i] < bound; i++) lo[i] = Math.min(bound, hi[i]);
  }
  for (let i = n - 2; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i], lo[i]), hi[i + 1]);
  // Where the anchor line jumps (a pause the reference does not have), widen the row before the
  // jump so the band stays connected: the path crosses the pause on that row.
  for (let i = 1; i < n; i++) if (lo[i] > hi[i - 1] + 1) hi[i - 1] = lo[i] - 1;
  return alignInBand(ref, refStart, refEnd, audio, lo, hi, voicing);
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
  evidence: Array<WordEvidence | null>,
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
    words[w].source = 'audio';
    evidence[w] = {
      pathCost: cost,
      distinctness,
      speechShare: 1 - silentFraction(mask, start, end),
      stretch: Math.log(Math.max(hop, end - start) / Math.max(refHop, span.end - span.start)),
    };
  }
}

/**
 * Blocks refined independently may overlap by a frame or two at their seams: keep times ordered.
 * A start moved up to the previous word's end may now sit at the start of a pause (the overlap was
 * a sliver of that word's sound): it is trimmed to speech again.
 */
export function enforceMonotonicTimes(words: TimedWord[], mask: SpeechMask): void {
  let lastEnd = 0;
  for (const word of words) {
    if (word.start === null || word.end === null) continue;
    if (word.start < lastEnd) {
      word.start = round3(lastEnd);
      if (word.end > word.start) [word.start, word.end] = trimToSpeech(word.start, word.end, mask).map(round3) as [number, number];
    }
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

function passageOf(block: LocatedBlock): Passage {
  const placement: Passage['placement'] = !block.found ? 'not-found' : block.foundBy === 'track' ? 'track' : block.foundBy === 'gap' ? 'bounded' : 'anchored';
  return {
    firstWord: block.firstWord,
    lastWord: block.lastWord,
    placement,
    start: block.found ? block.audioStart : null,
    end: block.found ? block.audioEnd : null,
    score: block.found ? block.cost : null,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

