import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { recordingObservations, scoreRecording } from '../../../src/align/acoustic/frames.js';
import { planBlocks, type TextBlock } from '../../../src/align/acoustic/blocks.js';
import { locateBlocks, type LocateResult } from '../../../src/align/acoustic/locate.js';
import { fallbackUnplaced, plausiblyPaced, retimeWithTriphones, timeBlocks, timeUnit, verifiedBar, type BlockTiming, type WindowScorer, type WordTiming } from '../../../src/align/acoustic/timing.js';
import type { FrameScores } from '../../../src/align/acoustic/kernels.js';
import { ACOUSTIC_TUNING as T } from '../../../src/align/acoustic/tuning.js';
import { parseTranscript } from '../../../src/text/index.js';
import { concat, loadClip, median, noise, quantile, speechLikeOf, tunedWith, type Clip } from './helpers.js';

interface Run {
  clip: Clip;
  /** The observations the scores came from (for triphone windows). */
  observations: Float32Array;
  blocks: TextBlock[];
  scores: FrameScores;
  located: LocateResult;
  timed: BlockTiming[];
}

let model: AcousticModel;
const runs = new Map<string, Run>();

async function run(name: string, extension: string, lead: Int16Array = new Int16Array(0)): Promise<Run> {
  const clip = await loadClip('audio', name, extension);
  const samples = concat(lead, clip.samples);
  const scores = await scoreRecording(model, samples, { threads: 1 });
  const blocks = planBlocks(clip.transcript, model.lexicon, T.minBlockPhones).blocks;
  const located = locateBlocks(model, blocks, scores, speechLikeOf(model, samples), T);
  const { observations } = recordingObservations(model, samples);
  return { clip, observations, blocks, scores, located, timed: timeBlocks(model, blocks, located, scores, T) };
}

beforeAll(async () => {
  model = await loadAcousticModel('en');
  for (const [name, extension] of [['kal-pauses', 'm4a'], ['rms-numbers', 'ogg'], ['slt-ked-turns', 'ogg'], ['ked-applause-missing', 'm4a']]) {
    runs.set(name, await run(name, extension));
  }
});

const timedWords = (r: Run): WordTiming[] => r.timed.flatMap((t) => (t.kind === 'timed' ? t.words : []));

describe('timeBlocks on real speech with exact word truth', () => {
  // Three synthetic voices none of which is eSpeak: a male diphone voice with numbers and a
  // 3.5 s pause; a male clustergen voice with numbers and acronyms; two voices taking turns.
  it.each(['kal-pauses', 'rms-numbers', 'slt-ked-turns'])('%s: times every word, starts within 50 ms for ≥ 90%%, none off by 0.3 s', (name) => {
    const r = runs.get(name)!;
    expect(r.timed.map((t) => t.kind)).toEqual(r.blocks.map(() => 'timed'));
    const words = timedWords(r);
    expect(words).toHaveLength(r.blocks.reduce((n, b) => n + b.words.length, 0));
    const errors = words.map((w) => Math.abs(w.start / 100 - r.clip.truth.transcriptTokens[w.word].start!));
    expect(median(errors)).toBeLessThanOrEqual(0.02);
    expect(quantile(errors, 0.9)).toBeLessThanOrEqual(0.05);
    expect(errors.filter((e) => e <= 0.05).length / errors.length).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...errors)).toBeLessThan(0.3);
  });

  it('gives words in transcript order that never overlap, each with a score against the phone loop', () => {
    for (const r of runs.values()) {
      const words = timedWords(r);
      for (let i = 0; i < words.length; i++) {
        expect(words[i].end).toBeGreaterThan(words[i].start);
        expect(words[i].llr).toBeLessThanOrEqual(0);
        if (i > 0) {
          expect(words[i].word).toBeGreaterThan(words[i - 1].word);
          expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].end);
        }
      }
      for (const t of r.timed) if (t.kind === 'timed') expect(t.impostorZ).toBeGreaterThanOrEqual(T.verifyImpostorZ);
    }
  });

  it('puts no word on applause, music, or a spoken sentence the transcript lacks', () => {
    const r = runs.get('ked-applause-missing')!;
    const truth = r.clip.truth;
    const untexted = [...truth.nonSpeech.filter((n) => n.kind !== 'silence'), ...truth.untranscribedSpeech];
    expect(untexted.length).toBeGreaterThanOrEqual(3);
    const words = timedWords(r);
    expect(words.length).toBeGreaterThan(0.9 * r.blocks.reduce((n, b) => n + b.words.length, 0));
    for (const w of words) {
      for (const span of untexted) {
        const overlap = Math.min(w.end / 100, span.end) - Math.max(w.start / 100, span.start);
        expect(overlap, `"${r.clip.transcript.words[w.word].text}" on ${JSON.stringify(span)}`).toBeLessThan(0.1);
      }
    }
    const errors = words.map((w) => Math.abs(w.start / 100 - truth.transcriptTokens[w.word].start!));
    expect(median(errors)).toBeLessThanOrEqual(0.03);
  });

  it('leaves blocks with no located unit unplaced, with their best search score', () => {
    const r = runs.get('kal-pauses')!;
    // Only the first unit is kept: the other blocks were never found.
    const partial: LocateResult = { ...r.located, units: r.located.units.slice(0, 1), unitOf: r.located.unitOf.map((u) => (u === 0 ? 0 : -1)) };
    const timed = timeBlocks(model, r.blocks, partial, r.scores, T);
    const first = r.located.units[0];
    for (let b = 0; b < r.blocks.length; b++) {
      if (b <= first.lastBlock) expect(timed[b].kind).toBe('timed');
      else expect(timed[b]).toEqual({ kind: 'unplaced', bestLlr: r.located.bestLlr[b] });
    }
  });
});

describe('timeUnit verification', () => {
  it('rejects text laid where other words are spoken', () => {
    const r = runs.get('kal-pauses')!;
    const other = planBlocks(
      parseTranscript('And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.'),
      model.lexicon,
      T.minBlockPhones,
    ).blocks;
    // Over the stretch of the clip's longest unit, as if locate had put it there.
    const unit = r.located.units.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const impostor = { ...unit, firstBlock: 0, lastBlock: 0 };
    const [[block, outcome]] = timeUnit(model, other, impostor, unit.start - 100, unit.end + 100, r.located.chanceLlr, r.scores, T, verifiedBar(T));
    expect(block).toBe(0);
    expect(outcome.kind).toBe('rejected');
    // The true text over the same stretch is timed.
    const own = timeUnit(model, r.blocks, unit, unit.start - 100, unit.end + 100, r.located.chanceLlr, r.scores, T, verifiedBar(T));
    expect(own.every(([, o]) => o.kind === 'timed')).toBe(true);
  });

  it('rejects, rather than crashes, a window too short for the unit’s states', () => {
    const r = runs.get('rms-numbers')!;
    const unit = r.located.units[0];
    const outcomes = timeUnit(model, r.blocks, unit, unit.start, unit.start + 5, r.located.chanceLlr, r.scores, T, verifiedBar(T));
    expect(outcomes.map(([, o]) => o.kind)).toEqual(outcomes.map(() => 'rejected'));
    expect(outcomes.map(([b]) => b)).toEqual(Array.from({ length: unit.lastBlock - unit.firstBlock + 1 }, (_, k) => unit.firstBlock + k));
  });
});

describe('fallbackUnplaced', () => {
  /** The run's timing with blocks [from, to] made unplaced, as if no search had found them. */
  function withUnplaced(r: Run, from: number, to: number): BlockTiming[] {
    return r.timed.map((t, b) => (b >= from && b <= to ? { kind: 'unplaced', bestLlr: null } : t));
  }

  it('times blocks no search found in the gap their timed neighbours leave, marked fallback, within 50 ms', () => {
    const r = runs.get('slt-ked-turns')!;
    expect(r.blocks.length).toBeGreaterThanOrEqual(4);
    const timed = withUnplaced(r, 1, 2);
    fallbackUnplaced(model, r.blocks, timed, r.located.chanceLlr, r.scores, T);
    for (const b of [1, 2]) {
      const t = timed[b];
      expect(t.kind).toBe('timed');
      if (t.kind !== 'timed') continue;
      expect(t.unit.kind).toBe('fallback');
      const errors = t.words.map((w) => Math.abs(w.start / 100 - r.clip.truth.transcriptTokens[w.word].start!));
      expect(median(errors)).toBeLessThanOrEqual(0.05);
    }
  });

  it('leaves a run unplaced at the recording’s edges, or when the gap cannot hold its text', () => {
    const r = runs.get('slt-ked-turns')!;
    // No timed block before the first: nothing bounds where it was spoken.
    const first = withUnplaced(r, 0, 0);
    fallbackUnplaced(model, r.blocks, first, r.located.chanceLlr, r.scores, T);
    expect(first[0].kind).toBe('unplaced');
    // Text whose expected length is far more than the gap: it was not spoken there.
    const last = r.blocks.length - 1;
    const squeezed = withUnplaced(r, 1, last - 1);
    const long = r.blocks.map((b, i) => (i === 1 ? { ...b, phones: b.phones * 40 } : b));
    fallbackUnplaced(model, long, squeezed, r.located.chanceLlr, r.scores, T);
    for (let b = 1; b < last; b++) expect(squeezed[b].kind).toBe('unplaced');
  });

  it('gives a block too short to be verified, judged not spoken where it was timed, the fallback’s chance; a longer one stays not spoken', () => {
    const r = runs.get('slt-ked-turns')!;
    const rejected = (): BlockTiming[] => r.timed.map((t, b): BlockTiming => (b === 1 && t.kind === 'timed' ? { kind: 'rejected', unit: t.unit, llr: null } : t));
    // A block of ordinary length that failed verification: its shuffles had enough to say.
    expect(r.blocks[1].phones).toBeGreaterThanOrEqual(T.minBlockPhones);
    const long = rejected();
    fallbackUnplaced(model, r.blocks, long, r.located.chanceLlr, r.scores, T);
    expect(long[1].kind).toBe('rejected');
    // The same block counted as too short to be distinctive: the gap its neighbours leave decides.
    const short = rejected();
    fallbackUnplaced(model, r.blocks, short, r.located.chanceLlr, r.scores, { ...T, minBlockPhones: r.blocks[1].phones + 1 });
    const t = short[1];
    expect(t.kind).toBe('timed');
    if (t.kind !== 'timed') return;
    expect(t.unit.kind).toBe('fallback');
    const errors = t.words.map((w) => Math.abs(w.start / 100 - r.clip.truth.transcriptTokens[w.word].start!));
    expect(median(errors)).toBeLessThanOrEqual(0.05);
  });

  it('keeps text out of a gap that holds other words', () => {
    const r = runs.get('kal-pauses')!;
    const other = planBlocks(
      parseTranscript('Ask not what your country can do for you. Ask what you can do for your country. My fellow citizens of the world.'),
      model.lexicon,
      T.minBlockPhones,
    ).blocks;
    // The clip's own first and last blocks bound a gap; the text laid in it was never spoken.
    const firstTimed = r.timed[0];
    const lastTimed = r.timed[r.timed.length - 1];
    expect(firstTimed.kind === 'timed' && lastTimed.kind === 'timed').toBe(true);
    const blocks = [r.blocks[0], ...other.map((b, i) => ({ ...b, index: i + 1 })), { ...r.blocks[r.blocks.length - 1], index: other.length + 1 }];
    const timed: BlockTiming[] = [firstTimed, ...other.map((): BlockTiming => ({ kind: 'unplaced', bestLlr: null })), lastTimed];
    // Only when the gap's length suits the text is it tried at all; widen the bar so it is.
    fallbackUnplaced(model, blocks, timed, r.located.chanceLlr, r.scores, { ...T, fallbackMinGapShare: 0, fallbackMaxGapShare: 1e9 });
    expect(timed.slice(1, -1).filter((t) => t.kind === 'timed').length).toBeLessThan(other.length);
  });
});

describe('timing after a lead-in of room noise', () => {
  // The same clip after 8 s of white noise at −41 dBFS: locate puts the first unit right (8.83 s,
  // truth 8.79 s), and timing's window reaches back 4.5 s into the noise. White noise fits the /f/
  // of "afternoon" better than any filler model does: forced alignment without a limit on how long
  // a state is held stretched "Good afternoon." over the noise (Good at 4.32 s, afternoon
  // 4.44–7.96 s). No word state may now be held more than 0.3 s, so the noise goes to the garbage
  // model and the words stay where they are spoken.
  it('keeps the first words where they are spoken', async () => {
    const r = await run('kal-pauses', 'm4a', noise(8, 300, 9));
    const words = timedWords(r);
    for (const w of words.slice(0, 3)) expect(Math.abs(w.start / 100 - 8 - r.clip.truth.transcriptTokens[w.word].start!)).toBeLessThan(0.1);
  });
});

describe('plausiblyPaced', () => {
  /** A state path from [state, frames] runs. */
  const path = (...runs: Array<[number, number]>) => Int32Array.from(runs.flatMap(([state, frames]) => new Array<number>(frames).fill(state)));
  const cap = 30;

  it('keeps a word whose every state is held a plausible time', () => {
    const p = path([1, 4], [2, 30], [3, 5]);
    expect(plausiblyPaced(p, 0, p.length, cap)).toEqual({ start: 0, end: 39 });
  });

  it('moves an edge in when the first or last state has absorbed the sound beside it', () => {
    const leading = path([1, 200], [2, 5], [3, 5]);
    expect(plausiblyPaced(leading, 0, leading.length, cap)).toEqual({ start: 200 - cap, end: 210 });
    const trailing = path([1, 5], [2, 5], [3, 200]);
    expect(plausiblyPaced(trailing, 0, trailing.length, cap)).toEqual({ start: 0, end: 10 + cap });
  });

  it('ends the word at a long state inside it when the states after it are rushed through', () => {
    // Applause after a word's middle: its last phones at a frame each, after 3.5 s in one state
    // (tune-20's "development.": the caption ran 5 s over the applause).
    const p = path([1, 9], [2, 27], [3, 3], [4, 20], [5, 350], [6, 1], [7, 1], [8, 1], [9, 20]);
    expect(plausiblyPaced(p, 0, p.length, cap)).toEqual({ start: 0, end: 59 + cap });
  });

  it('starts the word after a long state when its plausibly paced part comes after it', () => {
    const p = path([1, 1], [2, 1], [3, 400], [4, 12], [5, 9], [6, 14]);
    expect(plausiblyPaced(p, 0, p.length, cap)).toEqual({ start: 402 - cap, end: p.length });
  });

  it('works on a word anywhere in the path, and leaves a word of long states only at its edges', () => {
    const p = path([0, 50], [1, 8], [2, 100], [3, 6], [0, 50]);
    expect(plausiblyPaced(p, 50, 164, cap)).toEqual({ start: 50, end: 58 + cap });
    const allLong = path([1, 40], [2, 40], [3, 40]);
    expect(plausiblyPaced(allLong, 0, 120, cap)).toEqual({ start: 40 - cap, end: 80 + cap });
    const one = path([1, 100]);
    expect(plausiblyPaced(one, 0, 100, cap)).toEqual({ start: 0, end: 100 });
  });
});

describe('retimeWithTriphones', () => {
  const windows = (r: Run): WindowScorer => (from, to, senoneIds) => r.scores.kernels.contextScores(r.observations, from, to, senoneIds, r.scores, T.adaptedPassFullSearchEveryFrames);
  const retimed = (r: Run) => retimeWithTriphones(model, r.blocks, r.timed, r.located.chanceLlr, r.scores.frames, T, windows(r));

  it.each(['kal-pauses', 'rms-numbers', 'slt-ked-turns'])('%s: moves word edges, keeps every word, its order and its score; starts within 50 ms for ≥ 90%%', (name) => {
    const r = runs.get(name)!;
    const after = retimed(r);
    expect(after.map((t) => t.kind)).toEqual(r.timed.map((t) => t.kind));
    const before = timedWords(r);
    const words = after.flatMap((t) => (t.kind === 'timed' ? t.words : []));
    expect(words.map((w) => w.word)).toEqual(before.map((w) => w.word));
    expect(words.map((w) => w.llr)).toEqual(before.map((w) => w.llr));
    // Not a copy: the triphones put some edges elsewhere.
    expect(words.filter((w, k) => w.start !== before[k].start || w.end !== before[k].end).length).toBeGreaterThan(0);
    for (let i = 0; i < words.length; i++) {
      expect(words[i].end).toBeGreaterThan(words[i].start);
      if (i > 0) expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].end);
    }
    const errors = words.map((w) => Math.abs(w.start / 100 - r.clip.truth.transcriptTokens[w.word].start!));
    expect(median(errors)).toBeLessThanOrEqual(0.02);
    expect(errors.filter((e) => e <= 0.05).length / errors.length).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...errors)).toBeLessThan(0.3);
  });

  it('keeps a block’s times when its window cannot hold its states', () => {
    const r = runs.get('rms-numbers')!;
    // The first block's words squeezed into 5 frames, and no pad: no path fits.
    const squeezed: BlockTiming[] = r.timed.map((t, b) => {
      if (b !== 0 || t.kind !== 'timed') return t;
      const start = t.words[0].start;
      return { ...t, words: t.words.map((w, k) => ({ ...w, start: start + (k === 0 ? 0 : 4), end: start + (k === 0 ? 4 : 5) })) };
    });
    const after = retimeWithTriphones(model, r.blocks, squeezed, r.located.chanceLlr, r.scores.frames, tunedWith({ timingPadSeconds: 0 }), windows(r));
    expect(after[0]).toBe(squeezed[0]);
  });

  it('leaves rejected and unplaced blocks as they are', () => {
    const r = runs.get('slt-ked-turns')!;
    const timed: BlockTiming[] = r.timed.map((t, b) => (b === 1 ? { kind: 'unplaced', bestLlr: null } : b === 2 && t.kind === 'timed' ? { kind: 'rejected', unit: t.unit, llr: -5 } : t));
    const after = retimeWithTriphones(model, r.blocks, timed, r.located.chanceLlr, r.scores.frames, T, windows(r));
    expect(after[1]).toBe(timed[1]);
    expect(after[2]).toBe(timed[2]);
  });

  it('reports its progress block by block, rising to 1', () => {
    const r = runs.get('kal-pauses')!;
    const seen: number[] = [];
    retimeWithTriphones(model, r.blocks, r.timed, r.located.chanceLlr, r.scores.frames, T, windows(r), (f) => seen.push(f));
    expect(seen.length).toBe(r.timed.length);
    expect(seen.every((f, i) => f > 0 && (i === 0 || f > seen[i - 1]))).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
  });
});
