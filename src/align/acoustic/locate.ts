/**
 * Where the transcript is spoken, before any word is timed. Blocks (sentences) are searched in
 * transcript order, each over a window ahead of the previous match: a subsequence search, the
 * block's HMM starting and ending anywhere in the window. A match counts when it stands out from
 * what chance gives in that window (see isConvincing). When a block alone does not, it is searched
 * again joined with the blocks after it: a longer unit carries more evidence, and in a noisy,
 * reverberant room a sentence alone can be too weak while a paragraph is not. When several blocks
 * in a row are not found, the search is lost and widens to the rest of the recording. A block found
 * after skipped ones is weighed against the blocks after it over the same speech (lookAhead): text
 * never said is found, if at all, over what follows it. Blocks left over are then searched in the
 * gap between their placed neighbours, the same way.
 */
import type { AcousticModel } from './model.js';
import { chainWeight, heaviestChain } from './chain.js';
import type { AcousticTuning } from './tuning.js';
import type { TextBlock } from './blocks.js';
import { buildNetwork, tunedNetworkOptions, type NetworkWord } from './network.js';
import { subsequenceScores, subsequenceScoresOfEach, type FrameScores } from './viterbi.js';
import { COARSE_FACTOR, type SubsequenceResult } from './kernels.js';
import { mulberry32 } from '../../util/random.js';

const FRAMES_PER_SECOND = 100;

/** Consecutive blocks searched (and then timed) as one piece. */
export interface LocatedUnit {
  firstBlock: number;
  /** Inclusive. */
  lastBlock: number;
  /**
   * How it was found: ahead of the previous match, or inside a gap between placed neighbours; or
   * not found by any search and laid, unverified, in the gap its timed neighbours leave
   * (`fallback`, see fallbackUnplaced in timing.ts).
   */
  kind: 'anchored' | 'bounded' | 'fallback';
  /** Frames [start, end). */
  start: number;
  end: number;
  llr: number;
}

export interface Match {
  /** Frames [start, end). */
  start: number;
  end: number;
  /** Mean log-likelihood ratio per frame of word speech. */
  llr: number;
  /** Frames the match's path spent in its words' states (its pauses and garbage left out). */
  wordFrames: number;
  /** How far the match stands out from chance matches (robust z-score; see ChanceScores). */
  z: number;
  /** Independent places the window offers a match this long (window length / match length). */
  trials: number;
  /** The window's own chance scores: median and spread, and how many end frames they came from. */
  ownMedian: number;
  ownSpread: number;
  ownCount: number;
  phones: number;
  /** How far the text beats its shuffled impostors at this match (only for matches that stand out). */
  impostorZ?: number;
}

/** What each search saw, for diagnostics and the benchmark's tuning tools. */
export interface SearchObservation {
  pass: 'anchor' | 'track' | 'forward' | 'lookahead' | 'lost' | 'gap' | 'displace';
  firstBlock: number;
  lastBlock: number;
  from: number;
  to: number;
  match: Match | null;
  accepted: boolean;
}

export type Observer = (o: SearchObservation) => void;

/**
 * Per 10 ms frame, 1 where the audio is speech-like sound (untexted.ts SoundEvidence.talk: above
 * the noise floor, voiced every few syllables, not music). Text is spoken over speech, so a match
 * laid mostly on anything else (applause, room tone, music) is not where the text is, however its
 * scores compare: the acoustic model knows only speech, and on sound that is not speech every
 * text can score alike, the right one by chance a little better than its shuffles.
 */
export type SpeechLikeFrames = Uint8Array;

/** How many of frames [start, end) are speech-like (frames past the evidence's end count as not). */
export function speechLikeCount(speechLike: SpeechLikeFrames, start: number, end: number): number {
  let count = 0;
  for (let f = Math.max(0, start); f < Math.min(end, speechLike.length); f++) count += speechLike[f];
  return count;
}

/**
 * Does a match lie on speech? Of the frames its path gave its words, at least `minSpeechLikeShare`
 * must be matched by as many speech-like frames inside the match. Counted against the words' own
 * frames, not the match's length, so that pauses inside it (a slow, dramatic delivery) do not
 * count against it.
 */
export function liesOnSpeech(m: Pick<Match, 'start' | 'end' | 'wordFrames'>, speechLike: SpeechLikeFrames, tuning: AcousticTuning): boolean {
  return speechLikeCount(speechLike, m.start, m.end) >= tuning.minSpeechLikeShare * m.wordFrames;
}

/**
 * Does the match stand out in its window? Among `trials` independent places, the best of pure
 * chance sits about √(2 ln trials) standard deviations above the typical score. A match that does
 * not clear that is not examined further.
 */
export function standsOut(m: Match, tuning: AcousticTuning): boolean {
  return m.llr >= tuning.floorLlrPerFrame && m.z >= Math.sqrt(2 * Math.log(Math.max(2, m.trials))) + tuning.standOutMarginZ;
}


/** The unit's words with all its phones shuffled among them: same sounds, same lengths, no order. */
function shuffledWords(words: readonly NetworkWord[], seed: number): NetworkWord[] {
  const phones = words.flatMap((w) => w.phones);
  const next = mulberry32(seed);
  for (let i = phones.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [phones[i], phones[j]] = [phones[j], phones[i]];
  }
  let at = 0;
  return words.map((w) => {
    const { alternates: _unshuffled, ...rest } = w;
    const out = { ...rest, phones: phones.slice(at, at + w.phones.length) };
    at += w.phones.length;
    return out;
  });
}

/**
 * Is this text spoken at the match, rather than other speech or sound? The same stretch is searched
 * for impostors: the unit's own phones in shuffled orders (the same sounds, the same length, the
 * same room and voice). The text must beat them by `impostorZ` of their spread. Noise, reverberation
 * and an unusual voice lower every score alike, so the comparison stays fair where absolute scores
 * do not; chatter or a different sentence matches the text about as badly as its shuffles.
 */
export function impostorZ(
  model: AcousticModel,
  words: readonly NetworkWord[],
  phones: number,
  m: Pick<Match, 'start' | 'end' | 'llr'>,
  scores: FrameScores,
  tuning: AcousticTuning,
): number {
  const length = m.end - m.start;
  const pad = Math.round(length * 0.25) + 50;
  const from = Math.max(0, m.start - pad);
  const to = Math.min(scores.frames, m.end + pad);
  const minWordFrames = phones * model.emittingStates;
  const values: number[] = [];
  const nets = Array.from({ length: tuning.impostors }, (_, k) => buildNetwork(model, shuffledWords(words, 7919 * (k + 1) + phones), tunedNetworkOptions(tuning, 'search')));
  for (const r of subsequenceScoresOfEach(nets, scores, from, to, tuning.garbageLlrPerFrame)) {
    let best = -Infinity;
    for (let i = 0; i < r.total.length; i++) {
      if (r.start[i] < 0 || r.wordFrames[i] < minWordFrames) continue;
      best = Math.max(best, r.emission[i] / r.wordFrames[i]);
    }
    if (Number.isFinite(best)) values.push(best);
  }
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return (m.llr - mean) / Math.max(sd, tuning.minImpostorSpreadLlrPerFrame);
}

/**
 * What chance matches score in this recording: the median and spread of the scores of end frames
 * away from the chosen match, pooled over the searches so far. The spread of a mean over a unit's
 * frames shrinks with its length, so it is pooled per √phone and scaled back for each unit. Once a
 * few searches are pooled, every decision uses the pool: a single window can be too small to judge
 * by, or full of music whose scores are nothing like speech's.
 */
export class ChanceScores {
  // A prior from the tuning recordings (its weight: PRIOR_SEARCHES searches), so a short recording
  // of small windows still has a chance model; the recording's own searches soon outweigh it.
  private medians: number[] = Array(PRIOR_SEARCHES).fill(PRIOR_CHANCE_MEDIAN);
  private unitSpreads: number[] = Array(PRIOR_SEARCHES).fill(PRIOR_CHANCE_SPREAD_PER_ROOT_PHONE);

  add(median: number, spread: number, phones: number): void {
    this.medians.push(median);
    this.unitSpreads.push(spread * Math.sqrt(phones));
  }

  /** The typical median and spread for `phones`. */
  typical(phones: number): { median: number; spread: number } {
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    return { median: mid(this.medians), spread: mid(this.unitSpreads) / Math.sqrt(phones) };
  }
}

/** Fewest end frames of its own a window needs to be pooled. */
const MIN_OWN_CHANCE_FRAMES = 200;
/** The prior chance model (tuning set: chance medians −7.4 to −5.5, spread × √phones 6–7.4). */
const PRIOR_SEARCHES = 3;
const PRIOR_CHANCE_MEDIAN = -6.5;
const PRIOR_CHANCE_SPREAD_PER_ROOT_PHONE = 6.5;

/** The words of consecutive blocks as one network's words, garbage allowed between blocks. */
export function unitWords(blocks: readonly TextBlock[], first: number, last: number): { words: NetworkWord[]; phones: number } {
  const words: NetworkWord[] = [];
  let phones = 0;
  for (let b = first; b <= last; b++) {
    if (words.length) words[words.length - 1] = { ...words[words.length - 1], garbageAfter: true };
    words.push(...blocks[b].words);
    phones += blocks[b].phones;
  }
  return { words, phones };
}

export function expectedFrames(phones: number, tuning: AcousticTuning): number {
  return Math.round((phones / tuning.phonesPerSecond) * FRAMES_PER_SECOND);
}

/**
 * The unit's best match in frames [from, to): the highest mean score per word frame; among
 * matches nearly as good, the earliest (a later repeat of a set phrase must not pull the search
 * ahead of the speech). Null when the window cannot hold the unit.
 */
export function bestMatch(
  model: AcousticModel,
  words: readonly NetworkWord[],
  phones: number,
  scores: FrameScores,
  from: number,
  to: number,
  tuning: AcousticTuning,
  chance: ChanceScores,
): Match | null {
  from = Math.max(0, from);
  to = Math.min(scores.frames, to);
  const minWordFrames = phones * model.emittingStates;
  if (to - from < minWordFrames) return null;
  const net = buildNetwork(model, words, tunedNetworkOptions(tuning, 'search'));
  const r = subsequenceScores(net, scores, from, to, tuning.garbageLlrPerFrame);
  const candidates = localBestMatches(r, minWordFrames, from);
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => (b.llr > a.llr ? b : a));
  const chosen = candidates.find((c) => c.llr >= best.llr - tuning.earlierTieLlrPerFrame) ?? best;
  // The chance distribution: every end frame's score outside the chosen match.
  const others: number[] = [];
  for (let i = 0; i < r.total.length; i++) {
    const end = from + i + 1;
    if (r.start[i] < 0 || r.wordFrames[i] < minWordFrames || (end > chosen.start && r.start[i] < chosen.end)) continue;
    others.push(r.emission[i] / r.wordFrames[i]);
  }
  others.sort((a, b) => a - b);
  const median = others.length ? others[others.length >> 1] : chosen.llr;
  const deviations = others.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  const spread = deviations.length ? 1.4826 * deviations[deviations.length >> 1] : 0;
  if (others.length >= MIN_OWN_CHANCE_FRAMES) chance.add(median, spread, phones);
  const reference = chance.typical(phones);
  const z = (chosen.llr - reference.median) / Math.max(reference.spread, tuning.minSpreadLlrPerFrame);
  return { ...chosen, z, trials: (to - from) / Math.max(1, chosen.end - chosen.start), ownMedian: median, ownSpread: spread, ownCount: others.length, phones };
}

/** One end of a subsequence search: frames [start, end), its mean word-frame score, its word frames. */
export type LocalMatch = Pick<Match, 'start' | 'end' | 'llr' | 'wordFrames'>;

/** What localBestMatches reads of a subsequence search. */
export type SubsequenceEnds = Pick<SubsequenceResult, 'start' | 'emission' | 'wordFrames'>;

/**
 * The local maxima of a subsequence search's mean word-frame score over end frames, one per
 * stretch of overlapping matches, in time order (`from`: the search's first frame). The stretch
 * being built is held in plain variables: an object per end frame, over a whole recording's end
 * frames for every anchor search, was most of what an alignment allocated.
 */
export function localBestMatches(r: SubsequenceEnds, minWordFrames: number, from: number): LocalMatch[] {
  const runs: LocalMatch[] = [];
  let open = false;
  let start = 0;
  let end = 0;
  let llr = 0;
  let wordFrames = 0;
  for (let i = 0; i < r.start.length; i++) {
    if (r.start[i] < 0 || r.wordFrames[i] < minWordFrames) continue;
    const score = r.emission[i] / r.wordFrames[i];
    if (open && r.start[i] < end) {
      if (score <= llr) continue;
    } else if (open) {
      runs.push({ start, end, llr, wordFrames });
    }
    open = true;
    start = r.start[i];
    end = from + i + 1;
    llr = score;
    wordFrames = r.wordFrames[i];
  }
  if (open) runs.push({ start, end, llr, wordFrames });
  return runs;
}

/** The best-scoring matches of a subsequence search that do not overlap each other, best first (see localBestMatches). */
function separatedMatches(r: SubsequenceEnds, minWordFrames: number, from: number): LocalMatch[] {
  return localBestMatches(r, minWordFrames, from).sort((a, b) => b.llr - a.llr);
}

/** 1.4826 × the median absolute deviation: a standard deviation that outliers do not move. */
function robustSpread(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const deviations = sorted.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return 1.4826 * deviations[deviations.length >> 1];
}

interface Search {
  model: AcousticModel;
  blocks: readonly TextBlock[];
  scores: FrameScores;
  tuning: AcousticTuning;
  chance: ChanceScores;
  observe: Observer;
  speechLike: SpeechLikeFrames;
}

/**
 * Sets the match's impostor margin (impostorZ), which every acceptance asks for, if it lies on
 * speech; a match off speech is left without one, refused without searching its impostors.
 */
function weighAgainstImpostors(s: Search, words: readonly NetworkWord[], phones: number, m: Match): void {
  if (liesOnSpeech(m, s.speechLike, s.tuning)) m.impostorZ = impostorZ(s.model, words, phones, m, s.scores, s.tuning);
}

/**
 * Search block `first` in [from, to) (each window of `windows` in turn, as a lost search widens),
 * joined with the blocks after it (up to `lastAllowed`) while it is not convincing alone.
 */
function searchGrowing(
  s: Search,
  pass: SearchObservation['pass'],
  first: number,
  lastAllowed: number,
  from: number,
  windows: readonly number[],
  limit: number,
): { unit: Omit<LocatedUnit, 'kind'> | null; bestLlr: number | null; impostorZ: number } {
  let bestLlr: number | null = null;
  let searchedTo = from;
  for (const windowEnd of windows) {
    if (searchedTo >= limit) break;
    let last = first;
    let { words, phones } = unitWords(s.blocks, first, first);
    for (;;) {
      // The window reaches past where the unit would end at a normal pace, for longer units too.
      const to = Math.min(limit, Math.max(windowEnd, from + 3 * expectedFrames(phones, s.tuning)));
      const m = bestMatch(s.model, words, phones, s.scores, from, to, s.tuning, s.chance);
      if (m && standsOut(m, s.tuning)) weighAgainstImpostors(s, words, phones, m);
      const accepted = m !== null && m.impostorZ !== undefined && m.impostorZ >= s.tuning.impostorMarginZ;
      s.observe({ pass, firstBlock: first, lastBlock: last, from, to, match: m, accepted });
      if (m && last === first) bestLlr = bestLlr === null ? m.llr : Math.max(bestLlr, m.llr);
      if (m && accepted) return { unit: { firstBlock: first, lastBlock: last, start: m.start, end: m.end, llr: m.llr }, bestLlr, impostorZ: m.impostorZ! };
      searchedTo = Math.max(searchedTo, to);
      if (last >= lastAllowed || phones >= s.tuning.maxUnitPhones) break;
      last++;
      ({ words, phones } = unitWords(s.blocks, first, last));
    }
  }
  return { unit: null, bestLlr, impostorZ: 0 };
}

export interface LocateResult {
  units: LocatedUnit[];
  /** What other text scores per frame in this recording (the chance model's median). */
  chanceLlr: number;
  /** Per block: its unit's index in `units`, or −1. */
  unitOf: Int32Array;
  /** Per block never placed: the best score any search gave it alone (for the report), else null. */
  bestLlr: Array<number | null>;
}

/** A block found by a search of the whole recording, strongly enough to fix the order of the rest. */
interface Anchor {
  block: number;
  match: Match;
}

/**
 * Anchors: every so often in the transcript, a long block is searched over the whole recording on
 * the coarse grid, its best place refined at 10 ms and tested against impostors. Of the blocks that
 * pass, the heaviest chain in transcript order and in time is kept (a block found out of order is a
 * repeated phrase or chance). The rest of the search then runs between anchors, so one mistake
 * cannot carry past the next anchor.
 */
function findAnchors(s: Search): Anchor[] {
  const coarse = s.scores.coarse;
  if (!coarse) return [];
  const { tuning } = s;
  const found: Anchor[] = [];
  // Each anchor search scans the whole recording, so their number is capped: on a long recording
  // anchors are spaced further apart, and the cost stays linear in its length.
  const expectedTotal = s.blocks.reduce((sum, block) => sum + expectedFrames(block.phones, tuning), 0);
  const spacing = Math.max(tuning.anchorSpacingSeconds * FRAMES_PER_SECOND, expectedTotal / tuning.maxAnchors);
  // A failed attempt costs a whole search too: the next one waits this much of the spacing.
  const retryAfter = (1 - tuning.anchorRetryShare) * spacing;
  let sinceLast = Infinity;
  for (const block of s.blocks) {
    sinceLast += expectedFrames(block.phones, tuning);
    if (block.phones < tuning.anchorMinPhones || sinceLast < spacing) continue;
    const net = buildNetwork(s.model, block.words, tunedNetworkOptions(tuning, 'search', 'coarse'));
    const r = subsequenceScores(net, coarse, 0, coarse.frames, tuning.garbageLlrPerFrame);
    const ranked = separatedMatches(r, block.phones, 0);
    if (!ranked.length) continue;
    const [first, second] = ranked;
    const chanceScores = ranked.slice(1).map((c) => c.llr);
    const spread = Math.max(robustSpread(chanceScores), tuning.minSpreadLlrPerFrame);
    const median = chanceScores.length ? chanceScores[chanceScores.length >> 1] : first.llr;
    // An anchor must be the only good place for its text: a sentence said twice (a set phrase,
    // a question repeated in the answer) cannot fix the order of the rest.
    const zFirst = (first.llr - median) / spread;
    const zSecond = second ? (second.llr - median) / spread : -Infinity;
    const trials = coarse.frames / Math.max(1, first.end - first.start);
    if (zFirst < Math.sqrt(2 * Math.log(Math.max(2, trials))) || zFirst - zSecond < tuning.anchorUniquenessZ) {
      s.observe({ pass: 'anchor', firstBlock: block.index, lastBlock: block.index, from: 0, to: s.scores.frames, match: null, accepted: false });
      sinceLast = Math.min(sinceLast, retryAfter);
      continue;
    }
    const pad = tuning.anchorRefineSeconds * FRAMES_PER_SECOND;
    const m = bestMatch(s.model, block.words, block.phones, s.scores, first.start * COARSE_FACTOR - pad, first.end * COARSE_FACTOR + pad, tuning, s.chance);
    if (!m) {
      sinceLast = Math.min(sinceLast, retryAfter);
      continue;
    }
    m.z = zFirst;
    m.trials = trials;
    weighAgainstImpostors(s, block.words, block.phones, m);
    const accepted = m.impostorZ !== undefined && m.llr >= tuning.floorLlrPerFrame && m.impostorZ >= tuning.anchorImpostorZ;
    s.observe({ pass: 'anchor', firstBlock: block.index, lastBlock: block.index, from: 0, to: s.scores.frames, match: m, accepted });
    if (!accepted) {
      sinceLast = Math.min(sinceLast, retryAfter);
      continue;
    }
    found.push({ block: block.index, match: m });
    sinceLast = 0;
  }
  return found;
}

/** A transcript word that a caption track puts at a time (seconds), as `anchorsFromTrack` gives them. */
export interface TrackHint {
  wordIndex: number;
  start: number;
  end: number;
}

/**
 * Blocks a caption track puts somewhere: each is searched only near the track's times for its
 * words, and kept, like any match, only if it beats its shuffled impostors there. The track says
 * where to look; the audio still decides, so a track cannot place a block against the audio.
 */
function trackAnchors(s: Search, hints: readonly TrackHint[]): Anchor[] {
  if (!hints.length) return [];
  const { tuning } = s;
  const byWord = new Map(hints.map((h) => [h.wordIndex, h]));
  const reach = tuning.trackReachSeconds * FRAMES_PER_SECOND;
  const found: Anchor[] = [];
  for (const block of s.blocks) {
    const timed: TrackHint[] = [];
    for (let w = block.firstWord; w <= block.lastWord; w++) {
      const h = byWord.get(w);
      if (h) timed.push(h);
    }
    if (timed.length < tuning.trackMinWords) continue;
    const from = Math.max(0, Math.floor(Math.min(...timed.map((h) => h.start)) * FRAMES_PER_SECOND - reach));
    const to = Math.min(s.scores.frames, Math.ceil(Math.max(...timed.map((h) => h.end)) * FRAMES_PER_SECOND + reach));
    const m = bestMatch(s.model, block.words, block.phones, s.scores, from, to, tuning, s.chance);
    if (!m) continue;
    weighAgainstImpostors(s, block.words, block.phones, m);
    const accepted = m.impostorZ !== undefined && m.llr >= tuning.floorLlrPerFrame && m.impostorZ >= tuning.impostorMarginZ;
    s.observe({ pass: 'track', firstBlock: block.index, lastBlock: block.index, from, to, match: m, accepted });
    if (accepted) found.push({ block: block.index, match: m });
  }
  return found;
}

/** Both kinds of anchor in block order, one per block (the one that beats its impostors by more). */
function mergeAnchors(a: readonly Anchor[], b: readonly Anchor[]): Anchor[] {
  const best = new Map<number, Anchor>();
  for (const anchor of [...a, ...b]) {
    const held = best.get(anchor.block);
    if (!held || (anchor.match.impostorZ ?? 0) > (held.match.impostorZ ?? 0)) best.set(anchor.block, anchor);
  }
  return [...best.values()].sort((x, y) => x.block - y.block);
}

/**
 * Blocks [first, last] in transcript order over frames [from, limit): each searched ahead of the
 * previous match; while nothing is found for a while, the search is lost and widens.
 */
function searchInOrder(s: Search, placed: Array<LocatedUnit | null>, bestLlr: Array<number | null>, first: number, last: number, from: number, limit: number, lostAtStart: boolean): void {
  const { tuning } = s;
  let cursor = from;
  let lost = lostAtStart;
  let missedFrames = 0;
  for (let i = first; i <= last; ) {
    const expected = expectedFrames(s.blocks[i].phones, tuning);
    const windows = lost
      ? [...tuning.widenSeconds.map((sec) => cursor + sec * FRAMES_PER_SECOND), limit]
      : [cursor + tuning.forwardWindowSeconds * FRAMES_PER_SECOND + 2 * expected];
    const start = Math.max(from, cursor - tuning.overlapBackSeconds * FRAMES_PER_SECOND);
    const found = searchGrowing(s, lost ? 'lost' : 'forward', i, last, start, windows, limit);
    bestLlr[i] = found.bestLlr;
    // Blocks were skipped on the way here: text that may never have been said, found only where
    // some later text is spoken. The next blocks decide whose speech it is (lookAhead).
    const next = found.unit && !lost && missedFrames > 0 ? lookAhead(s, found.unit, found.impostorZ, last, start) : null;
    if (next !== null && next > i) {
      // A later block comes first: the ordinary search places it (its own window, not the
      // stretch it was weighed over); the blocks skipped on the way go to the gaps.
      i = next;
      continue;
    }
    if (found.unit) {
      const unit: LocatedUnit = { ...found.unit, kind: 'anchored' };
      for (let b = unit.firstBlock; b <= unit.lastBlock; b++) placed[b] = unit;
      cursor = unit.end;
      lost = false;
      missedFrames = 0;
      i = unit.lastBlock + 1;
    } else {
      missedFrames += expected;
      if (missedFrames > tuning.lostAfterSeconds * FRAMES_PER_SECOND) lost = true;
      i++;
    }
  }
}

/**
 * A unit found after skipped blocks, weighed against the blocks after it. Text that was never
 * said (an "as prepared" paragraph) is not found where the speech resumes, but it may verify
 * further on, over the speech of the sentences that follow it in the text, which then have no room
 * left. So the blocks after the unit (up to lookAheadBlocks) are each searched over the same
 * stretch, from the search's start to the unit's end, and of all the matches the heaviest chain in
 * text order and in time (words × impostor margin, as carry.ts and the anchors weigh them) decides
 * which block comes first. Returns it: the unit's own first block, or a later one that the caller
 * then searches the ordinary way (the unit goes back to the unplaced; the gaps are searched later).
 */
function lookAhead(s: Search, unit: Omit<LocatedUnit, 'kind'>, impostorZ: number, last: number, from: number): number {
  const words = (u: { firstBlock: number; lastBlock: number }) => s.blocks[u.lastBlock].lastWord - s.blocks[u.firstBlock].firstWord + 1;
  const candidates = [{ unit, weight: chainWeight(words(unit), impostorZ) }];
  const stop = Math.min(last, unit.lastBlock + s.tuning.lookAheadBlocks);
  for (let j = unit.lastBlock + 1; j <= stop; j++) {
    const later = searchGrowing(s, 'lookahead', j, j, from, [unit.end], unit.end);
    if (later.unit) candidates.push({ unit: later.unit, weight: chainWeight(words(later.unit), later.impostorZ) });
  }
  if (candidates.length === 1) return unit.firstBlock;
  const chain = heaviestChain(candidates, (c) => c.weight, (c) => c.unit);
  return candidates[chain[0]].unit.firstBlock;
}

/** One block alone in frames [from, to) (no growing): the unit it would make, or null. */
export function searchAlone(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  block: number,
  from: number,
  to: number,
  scores: FrameScores,
  speechLike: SpeechLikeFrames,
  tuning: AcousticTuning,
  chanceLlr: number,
  observe: Observer = () => undefined,
): LocatedUnit | null {
  const chance = new ChanceScores();
  const s: Search = { model, blocks, scores, tuning, chance, observe, speechLike };
  const found = searchGrowing(s, 'gap', block, block, from, [to], to);
  return found.unit ? { ...found.unit, kind: 'bounded' } : null;
}

export function locateBlocks(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  scores: FrameScores,
  speechLike: SpeechLikeFrames,
  tuning: AcousticTuning,
  progress: (fraction: number) => void = () => undefined,
  observe: Observer = () => undefined,
  hints: readonly TrackHint[] = [],
): LocateResult {
  const s: Search = { model, blocks, scores, tuning, chance: new ChanceScores(), observe, speechLike };
  const placed: Array<LocatedUnit | null> = blocks.map(() => null);
  const bestLlr: Array<number | null> = blocks.map(() => null);
  // Of the anchors found (in block order), the chain increasing in time with the largest total impostor margin.
  const candidates = mergeAnchors(findAnchors(s), trackAnchors(s, hints));
  const anchors = heaviestChain(candidates, (a) => a.match.impostorZ ?? 0, (a) => a.match).map((k) => candidates[k]);
  progress(0.3);
  for (const a of anchors) {
    placed[a.block] = { firstBlock: a.block, lastBlock: a.block, kind: 'anchored', start: a.match.start, end: a.match.end, llr: a.match.llr };
  }
  // Between consecutive anchors (and before the first, after the last), in order.
  const bounds = [{ block: -1, end: 0 }, ...anchors.map((a) => ({ block: a.block, end: a.match.end, start: a.match.start }))];
  for (let k = 0; k < bounds.length; k++) {
    const first = bounds[k].block + 1;
    const next = anchors[k];
    const last = next ? next.block - 1 : blocks.length - 1;
    const limit = next ? next.match.start : scores.frames;
    if (first <= last) searchInOrder(s, placed, bestLlr, first, last, bounds[k].end, limit, k === 0);
    progress(0.3 + 0.6 * ((k + 1) / bounds.length));
  }
  fillGaps(s, placed, bestLlr);
  if (displaceWeakerNeighbours(s, placed, bestLlr)) fillGaps(s, placed, bestLlr);
  progress(1);
  const units: LocatedUnit[] = [];
  const unitOf = new Int32Array(blocks.length).fill(-1);
  placed.forEach((unit, b) => {
    if (!unit) return;
    if (units[units.length - 1] !== unit) units.push(unit);
    unitOf[b] = units.length - 1;
  });
  return { units, unitOf, bestLlr, chanceLlr: s.chance.typical(1).median };
}

/**
 * Two texts cannot be spoken over the same speech. A block left unplaced beside a placed unit may
 * be unplaced because that unit took its speech: text never spoken (an "as prepared" paragraph) or
 * a near-repeat matched there first, in order, and left the block no room. So each unplaced block
 * is searched over its neighbours' speech as well as the gap between them; where its match lies
 * mostly on a neighbour's and its text fits those frames clearly better than the neighbour's text
 * did (the same frames under the same scores: which of the two is spoken there), the neighbour
 * gives way and goes back to the unplaced, to be searched again in the gaps. Returns whether any did.
 */
function displaceWeakerNeighbours(s: Search, placed: Array<LocatedUnit | null>, bestLlr: Array<number | null>): boolean {
  let changed = false;
  for (let k = 0; k < placed.length; k++) {
    if (placed[k]) continue;
    let b = k - 1;
    while (b >= 0 && !placed[b]) b--;
    let a = k + 1;
    while (a < placed.length && !placed[a]) a++;
    const before = b >= 0 ? placed[b] : null;
    const after = a < placed.length ? placed[a] : null;
    if (!before && !after) continue;
    // The window: the gap and both neighbours' speech, never past the units beyond them.
    const from = before ? before.start : 0;
    const to = after ? after.end : s.scores.frames;
    const found = searchGrowing(s, 'displace', k, k, from, [to], to);
    if (!found.unit) continue;
    const m = found.unit;
    const length = m.end - m.start;
    const loser = [before, after].find(
      (n): n is LocatedUnit => n !== null && overlapFrames(m, n) > length / 2 && m.llr > n.llr + s.tuning.displaceMarginLlrPerFrame,
    );
    const other = loser === before ? after : before;
    // The match may touch the other neighbour by no more than a search's own overlap.
    if (!loser || (other && overlapFrames(m, other) > s.tuning.overlapBackSeconds * FRAMES_PER_SECOND)) continue;
    for (let i = loser.firstBlock; i <= loser.lastBlock; i++) {
      placed[i] = null;
      bestLlr[i] = Math.max(bestLlr[i] ?? -Infinity, loser.llr);
    }
    placed[k] = { ...m, kind: 'bounded' };
    changed = true;
  }
  return changed;
}

function overlapFrames(x: { start: number; end: number }, y: { start: number; end: number }): number {
  return Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
}

/**
 * Blocks not found ahead of their predecessor are searched again in the gap between their placed
 * neighbours (or the recording's edges), in order; the gap bounds the window, so the bar is what
 * that window's size calls for.
 */
function fillGaps(s: Search, placed: Array<LocatedUnit | null>, bestLlr: Array<number | null>): void {
  let i = 0;
  while (i < placed.length) {
    if (placed[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < placed.length && !placed[j + 1]) j++;
    const before = i > 0 ? placed[i - 1] : null;
    const after = j + 1 < placed.length ? placed[j + 1] : null;
    let from = before ? before.end : 0;
    const to = after ? after.start : s.scores.frames;
    for (let k = i; k <= j; ) {
      const found = searchGrowing(s, 'gap', k, j, from, [to], to);
      if (found.bestLlr !== null) bestLlr[k] = Math.max(bestLlr[k] ?? -Infinity, found.bestLlr);
      if (found.unit) {
        const unit: LocatedUnit = { ...found.unit, kind: 'bounded' };
        for (let b = unit.firstBlock; b <= unit.lastBlock; b++) placed[b] = unit;
        from = unit.end;
        k = unit.lastBlock + 1;
      } else {
        k++;
      }
    }
    i = j + 1;
  }
}
