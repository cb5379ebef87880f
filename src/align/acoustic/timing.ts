/**
 * Word times inside each located unit: Viterbi forced alignment of its words (optional pauses
 * between words, optional garbage between sentences and at both edges) over its located stretch
 * plus a margin, so the first and last words find their own edges. The same pass scores each word
 * against the phone loop; a block whose words score too low is not what is spoken there.
 */
import type { AcousticModel } from './model.js';
import type { AcousticTuning } from './tuning.js';
import type { TextBlock } from './blocks.js';
import { impostorZ, unitWords, type LocateResult, type LocatedUnit } from './locate.js';
import { buildNetwork, contextColumns, tunedNetworkOptions } from './network.js';
import { forcedAlignment, type FrameScores } from './viterbi.js';
import type { AlignedFrame } from './adapt.js';

const FRAMES_PER_SECOND = 100;

export interface WordTiming {
  word: number;
  /** Frames [start, end). */
  start: number;
  end: number;
  /** Mean log-likelihood ratio per frame against the phone loop. */
  llr: number;
}

/** What timing found for a block. */
export type BlockTiming =
  | { kind: 'timed'; unit: LocatedUnit; words: WordTiming[]; llr: number; impostorZ: number; frames: AlignedFrame[] }
  /** Located, but its words do not match what is spoken there. */
  | { kind: 'rejected'; unit: LocatedUnit; llr: number | null }
  | { kind: 'unplaced'; bestLlr: number | null };

export function timeBlocks(model: AcousticModel, blocks: readonly TextBlock[], located: LocateResult, scores: FrameScores, tuning: AcousticTuning): BlockTiming[] {
  const out: BlockTiming[] = blocks.map((b) => ({ kind: 'unplaced', bestLlr: located.bestLlr[b.index] }));
  const pad = Math.round(tuning.timingPadSeconds * FRAMES_PER_SECOND);
  const reach = Math.round(tuning.timingReachSeconds * FRAMES_PER_SECOND);
  let previousEnd = 0;
  located.units.forEach((unit, u) => {
    const next = located.units[u + 1]?.start ?? scores.frames;
    const length = unit.end - unit.start;
    // A located start can be late (a match may squeeze a poorly heard first word); the window
    // reaches back as far as the unit is long (at least a few seconds), not past the previous
    // unit's last word.
    const from = Math.max(previousEnd, unit.start - Math.max(reach, Math.round(tuning.timingReachOnShare * length)));
    // A match may also have squeezed its last words (a mean score per frame favours fewer frames of
    // poorly heard speech): the window reaches on as far, not past the next unit.
    const reachOn = Math.max(pad, Math.round(tuning.timingReachOnShare * length));
    const to = Math.min(scores.frames, Math.max(unit.end + reachOn, from + 1), Math.max(next + pad / 2, unit.end));
    for (const [b, timing] of timeUnit(model, blocks, unit, from, to, located.chanceLlr, scores, tuning, verifiedBar(tuning))) {
      out[b] = timing;
      if (timing.kind === 'timed') previousEnd = timing.words[timing.words.length - 1].end;
    }
  });
  return out;
}

/**
 * What garbage ("not these words") scores per frame in a unit's timing: halfway between what the
 * unit's words score here and what other text scores in this recording, judged against how well
 * the words fit this room and voice and against what any other speech would give.
 */
function garbagePrice(unit: LocatedUnit, chanceLlr: number, tuning: AcousticTuning): number {
  return Math.min(tuning.garbageLlrPerFrame, (unit.llr + chanceLlr) / 2);
}

/** What a timed block must score to be kept: a mean floor per frame, and a margin over its impostors. */
export interface KeepBar {
  floorLlrPerFrame: number;
  impostorZ: number;
}

/** The bar for a block some search found: it must be verified where it was timed. */
export function verifiedBar(tuning: AcousticTuning): KeepBar {
  return { floorLlrPerFrame: tuning.floorLlrPerFrame, impostorZ: tuning.verifyImpostorZ };
}

/** The bar for text laid in a gap that no search vouches for (fallbackUnplaced). */
export function fallbackBar(tuning: AcousticTuning): KeepBar {
  return { floorLlrPerFrame: tuning.floorLlrPerFrame, impostorZ: tuning.fallbackImpostorZ };
}

/**
 * Time one unit's words by forced alignment over frames [from, to) and check each of its blocks
 * against `bar`. Returns each block's outcome.
 */
export function timeUnit(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  unit: LocatedUnit,
  from: number,
  to: number,
  chanceLlr: number,
  scores: FrameScores,
  tuning: AcousticTuning,
  bar: KeepBar,
): Array<[number, BlockTiming]> {
  const garbage = garbagePrice(unit, chanceLlr, tuning);
  const net = buildNetwork(model, unitWords(blocks, unit.firstBlock, unit.lastBlock).words, tunedNetworkOptions(tuning, 'timing'));
  const maxStateFrames = Math.round(tuning.maxStateSeconds * FRAMES_PER_SECOND);
  const aligned = forcedAlignment(net, scores, from, to, garbage, maxStateFrames);
  const out: Array<[number, BlockTiming]> = [];
  if (!aligned) {
    for (let b = unit.firstBlock; b <= unit.lastBlock; b++) out.push([b, { kind: 'rejected', unit, llr: null }]);
    return out;
  }
  const timings = wordTimings(net.word, aligned.path, from, scores, net.senone, maxStateFrames);
  const byWord = new Map(timings.map((w) => [w.word, w]));
  const normalized = scores.normalized();
  for (let b = unit.firstBlock; b <= unit.lastBlock; b++) {
    const words = blocks[b].words.map((w) => byWord.get(w.index)).filter((w): w is WordTiming => w !== undefined);
    // The block's score is over every frame the path gave its words, the ones the word times
    // leave out as absorbed included: its shuffled impostors are scored over their whole paths too.
    const own = new Set(blocks[b].words.map((w) => w.index));
    let emitted = 0;
    let frames = 0;
    for (let i = 0; i < aligned.path.length; i++) {
      const state = aligned.path[i];
      if (!own.has(net.word[state])) continue;
      emitted += normalized[(from + i) * scores.senones + net.senone[state]];
      frames++;
    }
    const llr = words.length && frames ? emitted / frames : null;
    // Is this block's text what is spoken where it was timed? It must beat its own shuffles
    // there (see impostorZ), a test that means the same in any room and for any voice.
    const verdict =
      llr === null || llr < bar.floorLlrPerFrame
        ? -Infinity
        : impostorZ(model, blocks[b].words, blocks[b].phones, { start: words[0].start, end: words[words.length - 1].end, llr }, scores, tuning);
    if (llr === null || verdict < bar.impostorZ) {
      out.push([b, { kind: 'rejected', unit, llr }]);
      continue;
    }
    // The senone each of the block's word frames was aligned to (what adaptation learns from).
    const alignedFrames: AlignedFrame[] = [];
    for (const w of words) {
      for (let f = w.start; f < w.end; f++) alignedFrames.push({ frame: f, senone: net.senone[aligned.path[f - from]] });
    }
    out.push([b, { kind: 'timed', unit, words, llr, impostorZ: verdict, frames: alignedFrames }]);
  }
  return out;
}

/**
 * A block rejected inside a unit it was searched with (a unit grows while its first block is too
 * weak alone, and the block may then have been laid where it does not belong) gets one more
 * chance on its own: searched in the gap between the timed blocks around it, and timed there.
 */
export function retryRejected(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  timed: BlockTiming[],
  chanceLlr: number,
  scores: FrameScores,
  tuning: AcousticTuning,
  search: (block: number, from: number, to: number) => LocatedUnit | null,
): void {
  for (let b = 0; b < blocks.length; b++) {
    const current = timed[b];
    if (current.kind !== 'rejected' || current.unit.firstBlock === current.unit.lastBlock) continue;
    const before = previousTimed(timed, b);
    const after = nextTimed(timed, b);
    const from = before ? before.words[before.words.length - 1].end : 0;
    const to = after ? after.words[0].start : scores.frames;
    const unit = search(b, from, to);
    if (!unit) continue;
    const [[, outcome]] = timeUnit(model, blocks, unit, from, to, chanceLlr, scores, tuning, verifiedBar(tuning));
    if (outcome.kind === 'timed') timed[b] = outcome;
  }
}

/**
 * Blocks no search could place (a hard room, a voice the model hears badly) are not left without
 * times when their timed neighbours leave a gap that can hold them: the gap is where they were
 * spoken, if they were spoken at all. Each run of such blocks is forced-aligned in that gap, with
 * garbage allowed at its edges, and kept unless its text fails to beat its own shuffles there
 * (`fallbackImpostorZ`): it is not verified, its unit says `fallback`, and its words' confidence
 * carries that. A gap much shorter than the text can hold it only at an impossible pace; a gap much
 * longer (beyond the pauses around it) holds other speech or sound that the text would be laid on
 * by guesswork. Blocks judged not spoken where they were timed (`rejected`) stay so, but for one
 * too short to be distinctive (under `minBlockPhones`, a "Thank you."): its few shuffles are too
 * alike to verify it, so it is decided here by the gap like a block no search found.
 */
export function fallbackUnplaced(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  timed: BlockTiming[],
  chanceLlr: number,
  scores: FrameScores,
  tuning: AcousticTuning,
): void {
  // A block too short to be distinctive cannot be verified by its few, alike shuffles: rejected
  // where it was timed, it too is decided by the gap its neighbours leave.
  const candidate = (k: number) => timed[k].kind === 'unplaced' || (timed[k].kind === 'rejected' && blocks[k].phones < tuning.minBlockPhones);
  let b = 0;
  while (b < blocks.length) {
    if (!candidate(b)) {
      b++;
      continue;
    }
    let last = b;
    while (last + 1 < blocks.length && candidate(last + 1)) last++;
    const before = previousTimed(timed, b);
    const after = nextTimed(timed, last);
    const first = b;
    b = last + 1;
    if (!before || !after) continue;
    const from = before.words[before.words.length - 1].end;
    const to = after.words[0].start;
    let phones = 0;
    for (let k = first; k <= last; k++) phones += blocks[k].phones;
    const expected = (phones / tuning.phonesPerSecond) * FRAMES_PER_SECOND;
    const gap = to - from;
    if (gap < tuning.fallbackMinGapShare * expected || gap > tuning.fallbackMaxGapShare * expected + tuning.fallbackSlackSeconds * FRAMES_PER_SECOND) continue;
    // No match of its own to score it by: the unit's score is what other text scores here, so
    // garbage at the gap's edges is priced at chance and the text is laid where it fits best.
    const unit: LocatedUnit = { firstBlock: first, lastBlock: last, kind: 'fallback', start: from, end: to, llr: chanceLlr };
    // No search vouches for it, so it must at least score like text (the floor every match must
    // clear) and not below its own shuffles there.
    for (const [k, outcome] of timeUnit(model, blocks, unit, from, to, chanceLlr, scores, tuning, fallbackBar(tuning))) {
      if (outcome.kind === 'timed') timed[k] = outcome;
    }
  }
}

/** Scores of chosen senones over frames [from, to) as a window of their own (AcousticKernels.contextScores). */
export type WindowScorer = (from: number, to: number, senoneIds: Int32Array) => FrameScores;

/**
 * The timed blocks' word times taken again from the model's triphones. Every decision before this
 * (where a block is, whether it is spoken) was made on context-independent phones, which every
 * frame's scores hold; a phone's sound depends on its neighbours, most of all at its edges, so
 * the word boundaries come from each phone's triphone between its neighbours. Each timed block is
 * forced-aligned again over its words' span plus `timingPadSeconds` either side (as far as timing
 * looked past a located block; never past the block before, as just re-timed, nor into the block
 * after), with the same pauses and garbage as timing. The words keep their scores (what
 * confidence and verification were calibrated on); only their times change, and a block whose
 * re-alignment finds no path keeps the times it had.
 */
export function retimeWithTriphones(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  timed: readonly BlockTiming[],
  chanceLlr: number,
  frames: number,
  tuning: AcousticTuning,
  scoreWindow: WindowScorer,
  onProgress?: (fraction: number) => void,
): BlockTiming[] {
  const pad = Math.round(tuning.timingPadSeconds * FRAMES_PER_SECOND);
  const maxStateFrames = Math.round(tuning.maxStateSeconds * FRAMES_PER_SECOND);
  const options = { ...tunedNetworkOptions(tuning, 'timing'), context: 'triphone' as const };
  const out: BlockTiming[] = [];
  let previousEnd = 0;
  timed.forEach((timing, b) => {
    if (timing.kind !== 'timed') {
      out.push(timing);
      return;
    }
    const next = nextTimed(timed, b);
    const from = Math.max(previousEnd, timing.words[0].start - pad);
    const to = Math.min(next ? next.words[0].start : frames, timing.words[timing.words.length - 1].end + pad);
    const retimed = to > from ? retimeBlock(model, blocks[b], timing, from, to, chanceLlr, tuning, options, maxStateFrames, scoreWindow) : null;
    const kept = retimed ?? timing;
    out.push(kept);
    previousEnd = kept.words[kept.words.length - 1].end;
    onProgress?.((b + 1) / timed.length);
  });
  return out;
}

function retimeBlock(
  model: AcousticModel,
  block: TextBlock,
  timing: Extract<BlockTiming, { kind: 'timed' }>,
  from: number,
  to: number,
  chanceLlr: number,
  tuning: AcousticTuning,
  options: ReturnType<typeof tunedNetworkOptions>,
  maxStateFrames: number,
  scoreWindow: WindowScorer,
): Extract<BlockTiming, { kind: 'timed' }> | null {
  const { senoneIds, network } = contextColumns(model, buildNetwork(model, block.words, options));
  const window = scoreWindow(from, to, senoneIds);
  const garbage = garbagePrice(timing.unit, chanceLlr, tuning);
  const aligned = forcedAlignment(network, window, 0, to - from, garbage, maxStateFrames);
  if (!aligned) return null;
  const words = wordTimings(network.word, aligned.path, 0, window, network.senone, maxStateFrames);
  if (words.length !== timing.words.length || words.some((w, k) => w.word !== timing.words[k].word)) return null;
  return { ...timing, words: words.map((w, k) => ({ word: w.word, start: from + w.start, end: from + w.end, llr: timing.words[k].llr })) };
}

function previousTimed(timed: readonly BlockTiming[], b: number): Extract<BlockTiming, { kind: 'timed' }> | null {
  for (let k = b - 1; k >= 0; k--) {
    const t = timed[k];
    if (t.kind === 'timed') return t;
  }
  return null;
}

function nextTimed(timed: readonly BlockTiming[], b: number): Extract<BlockTiming, { kind: 'timed' }> | null {
  for (let k = b + 1; k < timed.length; k++) {
    const t = timed[k];
    if (t.kind === 'timed') return t;
  }
  return null;
}

/**
 * Each word's frames and mean score along an aligned state path. No third of a spoken phone lasts
 * `maxStateFrames`: a state of a word held longer has absorbed other sound (applause, a hiss, a
 * pause no filler model fits better), and the states on the far side of it are then rushed through
 * at a frame each. So a word is where its states were spoken at a plausible pace: its longest
 * stretch (in frames) between such runs, with at most `maxStateFrames` of each long run beside it.
 * A long run at the word's first or last state is the simple case: that edge moves in.
 */
export function wordTimings(stateWord: Int32Array, path: Int32Array, from: number, scores: FrameScores, senone: Int32Array, maxStateFrames: number): WordTiming[] {
  const segments: Array<{ word: number; start: number; end: number }> = [];
  for (let i = 0; i < path.length; i++) {
    const w = stateWord[path[i]];
    if (w < 0) continue;
    const last = segments[segments.length - 1];
    if (last && last.word === w) last.end = i + 1;
    else segments.push({ word: w, start: i, end: i + 1 });
  }
  const normalized = scores.normalized();
  return segments.map(({ word, start, end }) => {
    const { start: trimmedStart, end: trimmedEnd } = plausiblyPaced(path, start, end, maxStateFrames);
    let sum = 0;
    for (let i = trimmedStart; i < trimmedEnd; i++) sum += normalized[(from + i) * scores.senones + senone[path[i]]];
    return { word, start: from + trimmedStart, end: from + trimmedEnd, llr: sum / (trimmedEnd - trimmedStart) };
  });
}

/** Path frames [start, end) of one word: the part of it spoken at a plausible pace (see wordTimings). */
export function plausiblyPaced(path: Int32Array, start: number, end: number, maxStateFrames: number): { start: number; end: number } {
  const runs: Array<{ start: number; end: number; long: boolean }> = [];
  for (let i = start; i < end; ) {
    let j = i + 1;
    while (j < end && path[j] === path[i]) j++;
    runs.push({ start: i, end: j, long: j - i > maxStateFrames });
    i = j;
  }
  // Stretches of plausibly held states between long runs; the longest is the word.
  let best: { first: number; last: number; frames: number } | null = null;
  for (let r = 0; r < runs.length; ) {
    if (runs[r].long) {
      r++;
      continue;
    }
    let k = r;
    while (k + 1 < runs.length && !runs[k + 1].long) k++;
    const frames = runs[k].end - runs[r].start;
    if (!best || frames > best.frames) best = { first: r, last: k, frames };
    r = k + 1;
  }
  if (!best) {
    // Every state held long: the word's place is all there is to go on; only its edges move in.
    const first = runs[0];
    const last = runs[runs.length - 1];
    const trimmedStart = first.end - maxStateFrames;
    const trimmedEnd = last.start + maxStateFrames;
    return trimmedEnd > trimmedStart ? { start: trimmedStart, end: trimmedEnd } : { start, end };
  }
  const before = runs[best.first - 1];
  const after = runs[best.last + 1];
  return {
    start: before ? runs[best.first].start - maxStateFrames : runs[best.first].start,
    end: after ? runs[best.last].end + maxStateFrames : runs[best.last].end,
  };
}
