import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { scoreRecording } from '../../../src/align/acoustic/frames.js';
import { planBlocks, type TextBlock } from '../../../src/align/acoustic/blocks.js';
import {
  bestMatch,
  ChanceScores,
  expectedFrames,
  impostorZ,
  liesOnSpeech,
  localBestMatches,
  locateBlocks,
  speechLikeCount,
  standsOut,
  unitWords,
  type Match,
  type SearchObservation,
  type SpeechLikeFrames,
} from '../../../src/align/acoustic/locate.js';
import type { FrameScores } from '../../../src/align/acoustic/kernels.js';
import { ACOUSTIC_TUNING as T, type AcousticTuning } from '../../../src/align/acoustic/tuning.js';
import { parseTranscript } from '../../../src/text/index.js';
import { concat, loadClip, noise, speechLikeOf, tunedWith, type Clip } from './helpers.js';

/** Seconds of lead-in put before the clip: sound that is not the text. */
const LEAD = 8;

let model: AcousticModel;
let clip: Clip;
let blocks: TextBlock[];
/** kal-pauses (27.6 s, one male diphone voice) after 8 s of low room hiss. */
let scores: FrameScores;
/** Its speech-like frames. */
let speech: SpeechLikeFrames;
/** A different talk's text: none of it is spoken in kal-pauses. */
let otherBlocks: TextBlock[];

beforeAll(async () => {
  model = await loadAcousticModel('en');
  clip = await loadClip('audio', 'kal-pauses', 'm4a');
  const samples = concat(noise(LEAD, 30, 9), clip.samples);
  scores = await scoreRecording(model, samples, { threads: 1 });
  speech = speechLikeOf(model, samples);
  blocks = planBlocks(clip.transcript, model.lexicon, T.minBlockPhones).blocks;
  const other = parseTranscript(
    'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country. ' +
      'The harbour pilots of the northern coast gathered every autumn to compare their charts of the shifting sandbanks.',
  );
  otherBlocks = planBlocks(other, model.lexicon, T.minBlockPhones).blocks;
});

/** Truth (with the lead-in) of a block's first word start and last word end, in frames. */
function truthFrames(first: TextBlock, last: TextBlock): [number, number] {
  const tokens = clip.truth.transcriptTokens;
  return [Math.round((tokens[first.firstWord].start! + LEAD) * 100), Math.round((tokens[last.lastWord].end! + LEAD) * 100)];
}

describe('locateBlocks on real speech after a lead-in', () => {
  it('places every block inside the stretch where its words were spoken, covering most of it', () => {
    const seen: SearchObservation[] = [];
    const located = locateBlocks(model, blocks, scores, speech, T, undefined, (o) => seen.push(o));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect([...located.unitOf].every((u) => u >= 0)).toBe(true);
    const startErrors: number[] = [];
    for (const unit of located.units) {
      const [start, end] = truthFrames(blocks[unit.firstBlock], blocks[unit.lastBlock]);
      const name = `unit ${unit.firstBlock}-${unit.lastBlock}`;
      // Never outside the spoken stretch (0.15 s slack) ...
      expect(unit.start, name).toBeGreaterThanOrEqual(start - 15);
      expect(unit.end, name).toBeLessThanOrEqual(end + 15);
      // ... and over most of it: a mean score per frame may squeeze poorly heard edge words into
      // few frames (here the first unit ends 0.77 s early and the second starts 1.1 s late; the
      // timing pass reaches past the edges for that).
      expect((Math.min(unit.end, end) - Math.max(unit.start, start)) / (end - start), name).toBeGreaterThan(0.6);
      expect(unit.llr).toBeGreaterThan(T.floorLlrPerFrame);
      startErrors.push(Math.abs(unit.start - start));
    }
    startErrors.sort((x, y) => x - y);
    expect(startErrors[startErrors.length >> 1]).toBeLessThanOrEqual(10);
    // Units are in transcript order and in time.
    for (let i = 1; i < located.units.length; i++) {
      expect(located.units[i].firstBlock).toBe(located.units[i - 1].lastBlock + 1);
      expect(located.units[i].start).toBeGreaterThanOrEqual(located.units[i - 1].end - 50);
    }
    // Nothing is placed in the lead-in.
    expect(located.units[0].start).toBeGreaterThan(LEAD * 100 - 15);
    // Every accepted search beat its impostors by the margin the tuning asks.
    for (const o of seen.filter((o) => o.accepted && o.pass !== 'anchor')) expect(o.match!.impostorZ!).toBeGreaterThanOrEqual(T.impostorMarginZ);
  });

  it('does not find a different talk’s text anywhere in the recording', () => {
    const located = locateBlocks(model, otherBlocks, scores, speech, T);
    expect(located.units).toEqual([]);
    expect([...located.unitOf]).toEqual(otherBlocks.map(() => -1));
  });

  it('scores the true text far above an impostor text: it stands out and beats its shuffles, the other does neither', () => {
    const verdict = (block: TextBlock) => {
      const m = bestMatch(model, block.words, block.phones, scores, 0, scores.frames, T, new ChanceScores())!;
      return { m, stands: standsOut(m, T), impostor: impostorZ(model, block.words, block.phones, m, scores, T) };
    };
    const longest = blocks.reduce((a, b) => (b.phones > a.phones ? b : a));
    const truth = verdict(longest);
    expect(truth.stands).toBe(true);
    expect(truth.impostor).toBeGreaterThan(T.impostorMarginZ);
    const [start] = truthFrames(longest, longest);
    expect(Math.abs(truth.m.start - start)).toBeLessThanOrEqual(15);
    for (const block of otherBlocks) {
      const other = verdict(block);
      expect(other.stands && other.impostor >= T.impostorMarginZ, `impostor block ${block.index}`).toBe(false);
      expect(other.m.llr).toBeLessThan(truth.m.llr - 1);
      expect(other.m.z).toBeLessThan(truth.m.z);
      expect(other.impostor).toBeLessThan(truth.impostor);
    }
  });

  it('returns no match when the window cannot hold the unit', () => {
    const block = blocks[1];
    const tooShort = block.phones * model.emittingStates - 1;
    expect(bestMatch(model, block.words, block.phones, scores, 1000, 1000 + tooShort, T, new ChanceScores())).toBeNull();
    expect(bestMatch(model, block.words, block.phones, scores, scores.frames - 5, scores.frames + 500, T, new ChanceScores())).toBeNull();
  });

  // 8 s of digital silence (exact zeros, as video leaders have) before this 20-second clip: the
  // whole-recording cepstral mean is dragged down by the silence's log-floor frames, every speech
  // frame scores worse (best match −2.0 → −4.2 per frame) and nothing is placed (4 s: 38 of 51
  // words). On a recording of minutes the same leader is diluted (the scenario test with 15 s of
  // digital silence passes). A known limit (README): counting such frames at a quiet room's level
  // in the mean fixed this clip but moved words on the bundled sample, whose pauses are digital
  // silence too, so it was not kept.
  it.fails('finds the text after 8 s of digital silence', async () => {
    const samples = concat(new Int16Array(LEAD * 16000), clip.samples);
    const silent = await scoreRecording(model, samples, { threads: 1 });
    const located = locateBlocks(model, blocks, silent, speechLikeOf(model, samples), T);
    expect([...located.unitOf].filter((u) => u >= 0).length).toBe(blocks.length);
  });
});

describe('anchor attempts', () => {
  // Six sentences of another talk, none spoken here: every anchor search over the recording fails.
  const unspoken = () =>
    planBlocks(
      parseTranscript(
        'The harbour pilots of the northern coast gathered every autumn to compare their charts. ' +
          'Their grandfathers had sailed the same shifting sandbanks without any charts at all. ' +
          'A lighthouse keeper kept a diary of every ship that passed the headland in a storm. ' +
          'The fishing fleet returned before dawn with holds full of mackerel and herring. ' +
          'Merchants from three kingdoms argued about the price of salt in the market square. ' +
          'Nobody remembered who had first planted the orchard behind the old customs house.',
      ),
      model.lexicon,
      T.minBlockPhones,
    ).blocks;
  const attempts = (retryShare: number): number => {
    let count = 0;
    const tuning = tunedWith({ anchorMinPhones: 10, anchorSpacingSeconds: 5, anchorRetryShare: retryShare });
    locateBlocks(model, unspoken(), scores, speech, tuning, undefined, (o) => {
      if (o.pass === 'anchor') count++;
    });
    return count;
  };

  it('tries the next long block at once after a failure when anchorRetryShare is 0, and waits a spacing when it is 1', () => {
    const blocks = unspoken();
    expect(blocks.every((b) => b.phones >= 10)).toBe(true);
    expect(attempts(0)).toBe(blocks.length);
    // Each sentence is 3–4 s of expected speech: after a failure, the next one is skipped.
    expect(attempts(1)).toBeLessThanOrEqual(Math.ceil(blocks.length / 2));
  });
});

describe('standsOut', () => {
  const match = (llr: number, z: number, trials: number): Match => ({ start: 0, end: 100, llr, wordFrames: 90, z, trials, ownMedian: -6, ownSpread: 1, ownCount: 500, phones: 20 });

  it('asks for the z that the best of `trials` chance places would reach, √(2 ln trials)', () => {
    const bar = Math.sqrt(2 * Math.log(50));
    expect(standsOut(match(-2, bar + 0.01, 50), T)).toBe(true);
    expect(standsOut(match(-2, bar - 0.01, 50), T)).toBe(false);
    // Fewer than two trials count as two.
    expect(standsOut(match(-2, Math.sqrt(2 * Math.log(2)) + 0.01, 0.5), T)).toBe(true);
  });

  it('never passes a match below the floor score, and adds the tuning’s margin', () => {
    expect(standsOut(match(T.floorLlrPerFrame - 0.01, 100, 2), T)).toBe(false);
    expect(standsOut(match(-2, 3, 10), tunedWith({ standOutMarginZ: 1 }))).toBe(false);
    expect(standsOut(match(-2, 3, 10), T)).toBe(true);
  });
});

describe('a match must lie on speech (speechLikeCount, liesOnSpeech)', () => {
  it('counts the speech-like frames of a range, frames past the evidence counting as not', () => {
    const mask = Uint8Array.from([0, 1, 1, 1, 0, 0, 1, 1]);
    expect(speechLikeCount(mask, 0, 8)).toBe(5);
    expect(speechLikeCount(mask, 1, 4)).toBe(3);
    expect(speechLikeCount(mask, 6, 10)).toBe(2);
    expect(speechLikeCount(mask, -2, 1)).toBe(0);
  });

  it('weighs the speech-like frames against the words’ frames, not the match’s length (pauses do not count against it)', () => {
    const mask = Uint8Array.from([0, 1, 1, 1, 0, 0, 0, 0]);
    const tuning = tunedWith({ minSpeechLikeShare: 0.5 });
    // Eight frames, three speech-like: words over seven of them fail, over six pass (exactly
    // half: the bar is inclusive), over four (pauses in the rest) pass.
    expect(liesOnSpeech({ start: 0, end: 8, wordFrames: 7 }, mask, tuning)).toBe(false);
    expect(liesOnSpeech({ start: 0, end: 8, wordFrames: 6 }, mask, tuning)).toBe(true);
    expect(liesOnSpeech({ start: 0, end: 8, wordFrames: 4 }, mask, tuning)).toBe(true);
  });

  it('finds the clip’s spoken blocks on speech-like frames and the lead-in’s hiss not speech-like', () => {
    expect(speechLikeCount(speech, 0, LEAD * 100)).toBeLessThan(0.05 * LEAD * 100);
    const seen: SearchObservation[] = [];
    locateBlocks(model, blocks, scores, speech, T, undefined, (o) => seen.push(o));
    const accepted = seen.filter((o) => o.accepted && o.match);
    expect(accepted.length).toBeGreaterThan(0);
    for (const o of accepted) expect(speechLikeCount(speech, o.match!.start, o.match!.end) / o.match!.wordFrames).toBeGreaterThan(2 * T.minSpeechLikeShare);
  });

  it('places nothing where no frame is speech-like, and does not test impostors there', () => {
    const seen: SearchObservation[] = [];
    const located = locateBlocks(model, blocks, scores, new Uint8Array(scores.frames), T, undefined, (o) => seen.push(o));
    expect(located.units).toHaveLength(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => !o.accepted && o.match?.impostorZ === undefined)).toBe(true);
  });
});

describe('ChanceScores', () => {
  it('starts from the tuning recordings’ prior, and shrinks the spread with √phones', () => {
    const chance = new ChanceScores();
    expect(chance.typical(1)).toEqual({ median: -6.5, spread: 6.5 });
    expect(chance.typical(4).spread).toBeCloseTo(3.25, 10);
    expect(chance.typical(4).median).toBe(-6.5);
  });

  it('is soon outweighed by the recording’s own searches', () => {
    const chance = new ChanceScores();
    for (let i = 0; i < 4; i++) chance.add(-4, 0.5, 16); // spread × √16 = 2 per √phone
    expect(chance.typical(1)).toEqual({ median: -4, spread: 2 });
    expect(chance.typical(16).spread).toBeCloseTo(0.5, 10);
  });

  it('pools a real window’s chance scores below the true match', () => {
    const chance = new ChanceScores();
    const block = blocks.reduce((a, b) => (b.phones > a.phones ? b : a));
    const m = bestMatch(model, block.words, block.phones, scores, 0, scores.frames, T, chance)!;
    expect(m.ownCount).toBeGreaterThan(200);
    expect(m.ownMedian).toBeLessThan(m.llr - 2);
    expect(m.ownSpread).toBeGreaterThan(0);
    expect(m.trials).toBeCloseTo(scores.frames / (m.end - m.start), 6);
    // The window's statistics join the pool: after four searches they outweigh the prior's three.
    for (let i = 0; i < 3; i++) bestMatch(model, block.words, block.phones, scores, 0, scores.frames, T, chance);
    expect(chance.typical(1).median).toBeCloseTo(m.ownMedian, 5);
    expect(chance.typical(block.phones).spread).toBeCloseTo(m.ownSpread, 5);
  });
});

describe('unitWords and expectedFrames', () => {
  it('joins blocks’ words with garbage allowed between blocks, leaving the blocks untouched', () => {
    const before = JSON.stringify(blocks);
    const { words, phones } = unitWords(blocks, 1, 3);
    expect(phones).toBe(blocks[1].phones + blocks[2].phones + blocks[3].phones);
    expect(words).toHaveLength(blocks[1].words.length + blocks[2].words.length + blocks[3].words.length);
    const ends = [blocks[1].words.length - 1, blocks[1].words.length + blocks[2].words.length - 1];
    for (const k of ends) expect(words[k].garbageAfter).toBe(true);
    expect(words[words.length - 1].garbageAfter).toBeFalsy();
    expect(JSON.stringify(blocks)).toBe(before);
  });

  it('plans a unit’s length at the tuning’s speaking rate', () => {
    expect(expectedFrames(12, T)).toBe(100);
    expect(expectedFrames(30, tunedWith({ phonesPerSecond: 10 }))).toBe(300);
  });
});

describe('locateBlocks with a caption track’s word times (hints)', () => {
  /** Hints for every word of `block`, shifted by `shiftSeconds` from the truth (with the lead-in). */
  const hintsFor = (block: TextBlock, shiftSeconds: number) =>
    clip.truth.transcriptTokens
      .filter((t) => t.index >= block.firstWord && t.index <= block.lastWord && t.start !== null)
      .map((t) => ({ wordIndex: t.index, start: t.start! + LEAD + shiftSeconds, end: t.end! + LEAD + shiftSeconds }));

  it('anchors a hinted block where the track puts it, when the audio agrees', () => {
    const seen: SearchObservation[] = [];
    const block = blocks[blocks.length - 1];
    const located = locateBlocks(model, blocks, scores, speech, T, undefined, (o) => seen.push(o), hintsFor(block, 0.2));
    const track = seen.filter((o) => o.pass === 'track');
    expect(track).toHaveLength(1);
    expect(track[0].accepted).toBe(true);
    const unit = located.units[located.unitOf[block.index]];
    const [start] = truthFrames(block, block);
    expect(unit.kind).toBe('anchored');
    expect(Math.abs(unit.start - start)).toBeLessThan(50);
  });

  it('never places a block where the track says when the audio there is other speech or noise', () => {
    const seen: SearchObservation[] = [];
    // The last block's words, put by a bad track into the hiss of the lead-in.
    const block = blocks[blocks.length - 1];
    const located = locateBlocks(model, blocks, scores, speech, T, undefined, (o) => seen.push(o), hintsFor(block, -(clip.truth.transcriptTokens[block.firstWord].start! + LEAD) + 1));
    const track = seen.filter((o) => o.pass === 'track');
    expect(track).toHaveLength(1);
    expect(track[0].accepted).toBe(false);
    // The ordinary search still finds it where it is spoken.
    const unit = located.units[located.unitOf[block.index]];
    const [start, end] = truthFrames(block, block);
    expect(unit.start).toBeGreaterThanOrEqual(start - 15);
    expect(unit.end).toBeLessThanOrEqual(end + 15);
  });
});

/** Where locateBlocks puts each block of `text` (its unit's start, seconds into the clip), or null. */
function unitStarts(text: string, tuning: AcousticTuning): Array<number | null> {
  const textBlocks = planBlocks(parseTranscript(text), model.lexicon, T.minBlockPhones).blocks;
  const r = locateBlocks(model, textBlocks, scores, speech, tuning);
  return textBlocks.map((_, b) => (r.unitOf[b] >= 0 ? r.units[r.unitOf[b]].start / 100 - LEAD : null));
}

describe('an unplaced block displacing a neighbour laid on its speech', () => {
  // kal-pauses' last sentence is spoken once; the text first has a shorter unspoken version of it,
  // which the in-order search lays on that speech, leaving the real sentence no room.
  const text =
    'NATO Secretary General:\n' +
    'Good afternoon. Ministers met today to discuss air and missile defence. We agreed a new plan to protect our one billion people.\n' +
    'In 2024, Allies invested 485 billion US dollars in defence, a 20% increase compared with 2023.\n' +
    'But we need to do more and faster.\n' +
    'But we need to do more, and we need to do it faster.';
  const placement = (margin: number) => unitStarts(text, tunedWith({ displaceMarginLlrPerFrame: margin }));

  it('takes the speech when its text fits those frames better by the margin, and the neighbour goes unplaced', () => {
    const spokenAt = clip.truth.transcriptTokens.find((t) => t.text === 'But')!.start!;
    const without = placement(1e9);
    expect(without[4]).not.toBeNull();
    expect(Math.abs(without[4]! - spokenAt)).toBeLessThan(0.3);
    expect(without[5]).toBeNull();
    const withDisplacement = placement(0);
    expect(withDisplacement[4]).toBeNull();
    expect(Math.abs(withDisplacement[5]! - spokenAt)).toBeLessThan(0.3);
  });
});

describe('a unit found after skipped blocks, weighed against the blocks after it', () => {
  // An "as prepared" text: after the first two sentences, three that were never said and a
  // shorter version of kal-pauses' last sentence, never said either. The in-order search skips
  // the three, finds the shorter version over the last sentence's speech, and the three spoken
  // sentences after it in the text are left no room.
  const text =
    'NATO Secretary General:\n' +
    'Good afternoon. Ministers met today to discuss air and missile defence.\n' +
    'The harbour pilots of the northern coast gathered every autumn to compare their charts of the shifting sandbanks.\n' +
    'Their meetings were long, and the arguments about the lighthouses lasted well into the winter evenings.\n' +
    'Nobody remembers who first proposed that the maps should be printed and sold in every port.\n' +
    'But we need to do more and faster.\n' +
    'We agreed a new plan to protect our one billion people.\n' +
    'In 2024, Allies invested 485 billion US dollars in defence, a 20% increase compared with 2023.\n' +
    'But we need to do more, and we need to do it faster.';
  // The in-order search alone: no displacement, and no joined units (a unit joining the unsaid
  // sentences with the said ones after them would verify on the said ones' speech).
  const placement = (lookAheadBlocks: number) => unitStarts(text, tunedWith({ lookAheadBlocks, displaceMarginLlrPerFrame: 1e9, maxUnitPhones: 0 }));
  const spokenAt = (word: string): number => clip.truth.transcriptTokens.find((t) => t.text === word)!.start!;

  it('leaves the never-said sentence out when the sentences after it claim the speech it was found on', () => {
    // Blocks: 0 "Good afternoon.", 1 "Ministers…", 2–4 never said, 5 the shorter version, 6–8 said.
    const without = placement(0);
    expect(without.slice(2, 5)).toEqual([null, null, null]);
    expect(Math.abs(without[5]! - spokenAt('But'))).toBeLessThan(0.3);
    expect(without.slice(6)).toEqual([null, null, null]);
    const withLookAhead = placement(T.lookAheadBlocks);
    expect(withLookAhead.slice(2, 6)).toEqual([null, null, null, null]);
    // Each said sentence over its own speech (a located unit's edges are coarse: timing refines them).
    expect(withLookAhead[6]!).toBeGreaterThan(spokenAt('We') - 0.3);
    expect(withLookAhead[6]!).toBeLessThan(spokenAt('In'));
    expect(withLookAhead[7]!).toBeGreaterThan(spokenAt('In') - 0.3);
    expect(withLookAhead[7]!).toBeLessThan(spokenAt('But'));
    expect(Math.abs(withLookAhead[8]! - spokenAt('But'))).toBeLessThan(0.3);
  });
});

describe('localBestMatches', () => {
  // End frames i (the match ends at from + i + 1): its start, and emission / word frames its mean score.
  const ends = (rows: Array<[start: number, mean: number, wordFrames?: number]>) => ({
    start: Int32Array.from(rows.map((r) => r[0])),
    emission: Float32Array.from(rows.map((r) => r[1] * (r[2] ?? 10))),
    wordFrames: Int32Array.from(rows.map((r) => r[2] ?? 10)),
  });

  it('keeps the best end of each stretch of overlapping matches, in time order', () => {
    // Ends 101..106: two overlapping matches (the second better), then one starting where the
    // kept one ends, an invalid end (no path), one too short to count (better, but ignored), and a
    // worse one starting where the last kept one ends: its own stretch.
    const r = ends([[90, -3], [91, -2], [102, -1], [-1, 0], [103, -0.5, 2], [103, -4]]);
    expect(localBestMatches(r, 5, 100)).toEqual([
      { start: 91, end: 102, llr: -2, wordFrames: 10 },
      { start: 102, end: 103, llr: -1, wordFrames: 10 },
      { start: 103, end: 106, llr: -4, wordFrames: 10 },
    ]);
  });

  it('keeps the earlier end of a stretch when a later one only ties, and compares a new match with the kept one', () => {
    // Ends 11, 12, 13: the tie ending at 12 does not replace the match ending at 11, so the match
    // from 11 does not overlap the kept one and starts a stretch of its own; the match from 5 does.
    expect(localBestMatches(ends([[0, -2], [1, -2], [11, -3]]), 1, 10)).toEqual([
      { start: 0, end: 11, llr: -2, wordFrames: 10 },
      { start: 11, end: 13, llr: -3, wordFrames: 10 },
    ]);
    expect(localBestMatches(ends([[0, -2], [1, -2], [5, -1.5]]), 1, 10)).toEqual([{ start: 5, end: 13, llr: -1.5, wordFrames: 10 }]);
    expect(localBestMatches(ends([]), 1, 0)).toEqual([]);
  });
});
