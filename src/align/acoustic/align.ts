/**
 * The acoustic alignment engine: the order of its passes, in one place.
 *
 *   1. score   — the recording's frames against the acoustic model's CI senones (frames.ts);
 *   2. plan    — the transcript as blocks of sentences with their phones (blocks.ts);
 *   3. locate  — where each block is spoken, by subsequence search (locate.ts);
 *   4. time    — word times by forced alignment inside each placed block, and each block
 *                verified against the phone loop; a rejected block of a joined unit searched
 *                again alone; blocks no search placed laid in the gap their timed neighbours
 *                leave, unverified (timing.ts);
 *   5. adapt   — the verified words' frames estimate a map of the features to this room and these
 *                voices (adapt.ts); 1, 3 and 4 run again on the adapted scores (up to two
 *                rounds: a second map that barely moves from the first is not worth a pass), and
 *                a block the pass before verified keeps that place where it still verifies under
 *                the new scores (carry.ts, before the fallback);
 *   6. retime  — the last pass's timed blocks forced-aligned again with the model's triphones, on
 *                that pass's own Gaussian choices: word boundaries from context-dependent phones
 *                (timing.ts retimeWithTriphones);
 *   7. report  — words, confidence, what was not found (here).
 */
import type { TimedWord, TimeSpan, Transcript } from '../../types.js';
import { CapsyncError } from '../../util/errors.js';
import { soundEvidence, spectralChange, speechWithoutText, type SoundEvidence } from '../untexted.js';
import { planBlocks, type TextBlock } from './blocks.js';
import { recordingObservations, scoreObservations, scoringKernels } from './frames.js';
import { adaptInRounds, type AlignedFrame, type FeatureTransform } from './adapt.js';
import { locateBlocks, searchAlone, type SearchObservation, type SpeechLikeFrames, type TrackHint } from './locate.js';
import { loadAcousticModel, type AcousticModel, type ModelLanguage } from './model.js';
import type { FrameScores } from './kernels.js';
import { fallbackUnplaced, retimeWithTriphones, retryRejected, timeBlocks, type BlockTiming, type WindowScorer } from './timing.js';
import { carryVerified } from './carry.js';
import { FRAMES_PER_PHONE, wordConfidence, type EarlierPassEvidence, type WordEvidence } from './confidence.js';
import { ACOUSTIC_TUNING, type AcousticTuning } from './tuning.js';
import type { AlignmentResult, AlignProgress, Passage } from '../result.js';

const FRAME_SECONDS = 0.01;
/** Covered spans closer than this merge into one. */
const SPAN_JOIN_SECONDS = 2;

/** The acoustic engine's result: the shared one, plus what each word's confidence came from. */
export interface AcousticAlignmentResult extends AlignmentResult {
  evidence: Array<WordEvidence | null>;
  /** The word frames of the verified blocks with the senones they were aligned to (for adaptation). */
  alignedFrames: AlignedFrame[];
  /** What timing found for each block (the next adaptation pass carries its verified places). */
  blockTimings: BlockTiming[];
  /** The transcript's blocks, the chance score of this recording, and the pass before's timings: what a re-timing needs to report again. */
  plan: readonly TextBlock[];
  chanceLlr: number;
  earlier: readonly BlockTiming[] | undefined;
}

/** The optional parts of one pass. */
export interface ScoredPassOptions {
  progress?: (progress: AlignProgress) => void;
  observe?: (o: SearchObservation) => void;
  trackHints?: readonly TrackHint[];
  /** The blocks an earlier pass timed: its verified places are carried where they still verify (carry.ts). */
  earlier?: readonly BlockTiming[];
}

export interface AcousticAlignOptions {
  language: ModelLanguage;
  /** Words a caption track puts at a time: where to look first (the audio still decides). */
  trackHints?: readonly TrackHint[];
  onProgress?: (progress: AlignProgress) => void;
  tuning?: AcousticTuning;
}

export async function alignAcoustic(samples: Int16Array, sampleRate: number, transcript: Transcript, options: AcousticAlignOptions): Promise<AlignmentResult> {
  if (sampleRate !== 16000) throw new CapsyncError('INTERNAL', `the acoustic engine needs 16 kHz audio, got ${sampleRate} Hz`);
  const started = performance.now();
  const model = await loadAcousticModel(options.language);
  // Everything the passes need of the samples is taken here, at once; the passes run in a function
  // that never sees them, so once the caller lets go of them (generate does), the recording's PCM
  // (115 MB an hour) is not held through the scoring (not awaited here for the same reason: an
  // async function holds its arguments until it returns).
  return alignRecording(model, prepareRecording(model, samples, sampleRate), transcript, options, started);
}

/** What the passes need of a recording's samples: its observation vectors and the audio's own evidence of sound. */
export interface PreparedRecording {
  frames: number;
  observations: Float32Array;
  sound: SoundEvidence;
}

export function prepareRecording(model: AcousticModel, samples: Int16Array, sampleRate: number): PreparedRecording {
  const { frames, observations } = recordingObservations(model, samples);
  return { frames, observations, sound: soundEvidence(samples, sampleRate, spectralChange(observations, frames)) };
}

async function alignRecording(model: AcousticModel, recording: PreparedRecording, transcript: Transcript, options: AcousticAlignOptions, started: number): Promise<AlignmentResult> {
  const tuning = options.tuning ?? ACOUSTIC_TUNING;
  const progress = options.onProgress ?? (() => undefined);
  const { frames, observations } = recording;
  // Pass one with the model as it is; its verified words then adapt the features to this room and
  // these voices, and the next pass aligns on the adapted scores (adapt.ts). Each round's map is
  // estimated afresh from the original features with the latest pass's alignment.
  const share = 1 / (tuning.adaptRounds + 1);
  // One pass: score the features, align on the scores. Every pass holds its scores in the same
  // kernels (the largest thing held), each replacing the last pass's.
  const kernels = scoringKernels(model);
  // The long searches split between this thread and a helper (kernels.ts splitSearch).
  kernels.startSearchHelper();
  // The last pass's map and scores: its word times are taken again from triphones.
  let lastPass: { map: FeatureTransform | null; scores: FrameScores; fullEvery: number } | null = null;
  // A pass's features are the observations under its map (none in the first pass), applied as each
  // batch of frames is scored: no adapted copy of the recording's features is held.
  const pass = async (map: FeatureTransform | null, round: number, last: boolean, previous?: AcousticAlignmentResult): Promise<AcousticAlignmentResult> => {
    const fullEvery = round === 0 ? tuning.firstPassFullSearchEveryFrames : tuning.adaptedPassFullSearchEveryFrames;
    const scores = await scoreObservations(model, observations, frames, {
      kernels,
      fullSearchEveryFrames: fullEvery,
      map,
      onProgress: (f) => progress({ stage: 'features', fraction: share * (round + 0.8 * f) }),
    });
    lastPass = { map, scores, fullEvery };
    return alignScored(model, scores, recording.sound.talk, transcript, tuning, { progress: last ? progress : undefined, trackHints: options.trackHints, earlier: previous?.blockTimings });
  };
  let firstPass = 0;
  let t1 = 0;
  let result: AcousticAlignmentResult;
  try {
    const first = await pass(null, 0, tuning.adaptRounds === 0);
    firstPass = (performance.now() - started) / 1000;
    t1 = performance.now();
    ({ result } = await adaptInRounds(model.gaussians, observations, first, tuning, (transform, round, previous) => pass(transform, round, round === tuning.adaptRounds, previous)));
    const { map, scores, fullEvery } = lastPass!;
    const t = performance.now();
    const scoreWindow: WindowScorer = (from, to, senoneIds) => kernels.contextScores(observations, from, to, senoneIds, scores, fullEvery, map);
    result = withTriphoneTimes(model, result, transcript, tuning, frames, scoreWindow, (f) => progress({ stage: 'retime', fraction: f }));
    result.timings.triphones = (performance.now() - t) / 1000;
  } finally {
    kernels.stopSearchHelper();
  }
  const adaptedPasses = (performance.now() - t1) / 1000;
  // The aligned frames and block timings served the adaptation; nothing downstream reads them.
  result.alignedFrames = [];
  result.blockTimings = [];
  result.plan = [];
  result.earlier = undefined;
  const t2 = performance.now();
  result.speechWithoutText = speechWithoutText(recording.sound, result.words);
  // Seconds: the first pass (with the front end and the sound evidence, scoring and alignment),
  // the adapted passes, then the last pass's own locate and refine (inside those), and finding
  // speech with no text.
  result.timings = { firstPass, adaptedPasses, ...result.timings, untexted: (performance.now() - t2) / 1000 };
  return result;
}

/** Passes 2–5 on a recording already scored (the benchmark's tuning runs reuse the scores). */
export function alignScored(
  model: AcousticModel,
  scores: FrameScores,
  speechLike: SpeechLikeFrames,
  transcript: Transcript,
  tuning: AcousticTuning = ACOUSTIC_TUNING,
  options: ScoredPassOptions = {},
): AcousticAlignmentResult {
  const progress = options.progress ?? (() => undefined);
  const { observe } = options;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const plan = planBlocks(transcript, model.lexicon, tuning.minBlockPhones);
  const located = locateBlocks(model, plan.blocks, scores, speechLike, tuning, (f) => progress({ stage: 'locate', fraction: f }), observe, options.trackHints);
  timings.locate = (performance.now() - t) / 1000;

  t = performance.now();
  let timed = timeBlocks(model, plan.blocks, located, scores, tuning);
  retryRejected(model, plan.blocks, timed, located.chanceLlr, scores, tuning, (block, from, to) =>
    searchAlone(model, plan.blocks, block, from, to, scores, speechLike, tuning, located.chanceLlr, observe),
  );
  if (options.earlier) timed = carryVerified(model, plan.blocks, options.earlier, timed, located.chanceLlr, scores, tuning);
  fallbackUnplaced(model, plan.blocks, timed, located.chanceLlr, scores, tuning);
  timings.refine = (performance.now() - t) / 1000;
  progress({ stage: 'refine', fraction: 1 });
  return reportTimings(transcript, plan.blocks, timed, located.chanceLlr, tuning, options.earlier, timings);
}

/**
 * A pass's result with its word times taken again from the model's triphones (timing.ts
 * retimeWithTriphones), on the scores and features that pass was aligned on; the report (words,
 * confidence, passages) redone on the new times.
 */
export function withTriphoneTimes(
  model: AcousticModel,
  result: AcousticAlignmentResult,
  transcript: Transcript,
  tuning: AcousticTuning,
  frames: number,
  scoreWindow: WindowScorer,
  onProgress?: (fraction: number) => void,
): AcousticAlignmentResult {
  const timed = retimeWithTriphones(model, result.plan, result.blockTimings, result.chanceLlr, frames, tuning, scoreWindow, onProgress);
  return reportTimings(transcript, result.plan, timed, result.chanceLlr, tuning, result.earlier, result.timings);
}

/** Words, confidence and passages from what timing found for each block. */
function reportTimings(
  transcript: Transcript,
  blocks: readonly TextBlock[],
  timed: BlockTiming[],
  chanceLlr: number,
  tuning: AcousticTuning,
  earlier: readonly BlockTiming[] | undefined,
  timings: Record<string, number>,
): AcousticAlignmentResult {
  const evidence: Array<WordEvidence | null> = transcript.words.map(() => null);
  const words = timedWords(transcript, blocks, timed, tuning, evidence, earlier);
  const passages = blocks.map((block, i) => passageOf(block, timed[i]));
  const alignedFrames = timed.flatMap((t) => (t.kind === 'timed' && t.unit.kind !== 'fallback' ? t.frames : []));
  return {
    engine: 'acoustic',
    evidence,
    alignedFrames,
    blockTimings: timed,
    plan: blocks,
    chanceLlr,
    earlier,
    words,
    coveredSpans: coveredSpans(words),
    notFound: notFound(words, transcript),
    speechWithoutText: [],
    passages,
    timings,
  };
}

function passageOf(block: TextBlock, timing: BlockTiming): Passage {
  const base = { firstWord: block.firstWord, lastWord: block.lastWord };
  switch (timing.kind) {
    case 'timed':
      return { ...base, placement: timing.unit.kind, start: timing.words[0].start * FRAME_SECONDS, end: timing.words[timing.words.length - 1].end * FRAME_SECONDS, score: timing.llr };
    case 'rejected':
      return { ...base, placement: 'not-spoken', start: null, end: null, score: timing.llr };
    case 'unplaced':
      return { ...base, placement: 'not-found', start: null, end: null, score: timing.bestLlr };
  }
}

function timedWords(
  transcript: Transcript,
  blocks: readonly TextBlock[],
  timed: readonly BlockTiming[],
  tuning: AcousticTuning,
  evidenceOut: Array<WordEvidence | null>,
  earlier: readonly BlockTiming[] | undefined,
): TimedWord[] {
  const words: TimedWord[] = transcript.words.map((w) => ({
    index: w.index,
    text: w.text,
    start: null,
    end: null,
    confidence: 0,
    sentence: w.sentence,
    paragraph: w.paragraph,
    turn: w.turn,
    source: null,
  }));
  const typicalLlr = medianWordLlr(timed);
  // Where the pass before timed each word (its start frame).
  const earlierStart = new Map((earlier ?? []).flatMap((t) => (t.kind === 'timed' ? t.words.map((w) => [w.word, w.start] as const) : [])));
  const earlierPass = (word: number, start: number): EarlierPassEvidence => {
    if (!earlier) return { kind: 'none' };
    const before = earlierStart.get(word);
    return before === undefined ? { kind: 'untimed' } : { kind: 'timed', movedSeconds: Math.abs(start - before) * FRAME_SECONDS };
  };
  // Every timed word in time order, for the silence either side of each.
  const sequence = timed.flatMap((t) => (t.kind === 'timed' ? t.words : [])).sort((a, b) => a.start - b.start);
  const around = new Map(sequence.map((w, k) => [w.word, { before: sequence[k - 1], after: sequence[k + 1] }]));
  blocks.forEach((block, i) => {
    const timing = timed[i];
    if (timing.kind !== 'timed') return;
    const phonesOf = new Map(block.words.map((w) => [w.index, w.phones.length]));
    timing.words.forEach((w, k) => {
      const word = words[w.word];
      word.start = round3(w.start * FRAME_SECONDS);
      word.end = round3(w.end * FRAME_SECONDS);
      word.source = 'audio';
      const nearby = timing.words.slice(Math.max(0, k - 2), k + 3);
      const neighbours = around.get(w.word);
      const evidence: WordEvidence = {
        llr: w.llr,
        neighbourhoodLlr: nearby.reduce((sum, x) => sum + x.llr, 0) / nearby.length,
        relativeBlockLlr: timing.llr - typicalLlr,
        blockZ: timing.impostorZ,
        logStretch: Math.log((w.end - w.start) / ((phonesOf.get(w.word) ?? 1) * FRAMES_PER_PHONE)),
        bounded: timing.unit.kind === 'bounded',
        fallback: timing.unit.kind === 'fallback',
        gapBeforeSeconds: neighbours?.before ? Math.max(0, w.start - neighbours.before.end) * FRAME_SECONDS : null,
        gapAfterSeconds: neighbours?.after ? Math.max(0, neighbours.after.start - w.end) * FRAME_SECONDS : null,
        earlierPass: earlierPass(w.word, w.start),
      };
      word.confidence = round3(wordConfidence(evidence, tuning));
      evidenceOut[w.word] = evidence;
    });
    // Words with nothing to align (a lone dash, a symbol) sit at the boundary between their neighbours.
    for (let w = block.firstWord; w <= block.lastWord; w++) {
      const word = words[w];
      if (word.start !== null) continue;
      const before = words.slice(block.firstWord, w).reverse().find((x) => x.end !== null);
      const after = words.slice(w + 1, block.lastWord + 1).find((x) => x.start !== null);
      const at = before?.end ?? after?.start ?? null;
      if (at === null) continue;
      word.start = at;
      word.end = after?.start !== undefined && after.start !== null && before ? Math.max(at, after.start) : at;
      word.source = 'interpolated';
      word.confidence = Math.min(before?.confidence ?? 1, after?.confidence ?? 1);
    }
  });
  return words;
}

/** The median word score of the blocks a search placed and verification kept (0 when there are none). */
function medianWordLlr(timed: readonly BlockTiming[]): number {
  const llrs = timed.flatMap((t) => (t.kind === 'timed' && t.unit.kind !== 'fallback' ? t.words.map((w) => w.llr) : [])).sort((a, b) => a - b);
  return llrs.length ? llrs[Math.floor(llrs.length / 2)] : 0;
}

function coveredSpans(words: readonly TimedWord[]): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const w of words) {
    if (w.start === null || w.end === null) continue;
    const last = spans[spans.length - 1];
    if (last && w.start - last.end <= SPAN_JOIN_SECONDS) last.end = Math.max(last.end, w.end);
    else spans.push({ start: w.start, end: w.end });
  }
  return spans;
}

function notFound(words: readonly TimedWord[], transcript: Transcript): AlignmentResult['notFound'] {
  const out: AlignmentResult['notFound'] = [];
  let first = -1;
  const close = (last: number) => {
    const spoken = transcript.words.slice(first, last + 1).some((w) => w.spoken);
    if (spoken) out.push({ firstWord: first, lastWord: last, text: transcript.words.slice(first, last + 1).map((w) => w.text).join(' ') });
    first = -1;
  };
  words.forEach((w, i) => {
    if (w.start === null) {
      if (first < 0) first = i;
    } else if (first >= 0) close(i - 1);
  });
  if (first >= 0) close(words.length - 1);
  return out;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
