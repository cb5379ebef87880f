import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { computeCepstra } from '../../../src/align/acoustic/frontend.js';
import { observationVectors } from '../../../src/align/acoustic/features.js';
import { AcousticKernels, BATCH_FRAMES, COARSE_FACTOR, FullSearchSlots } from '../../../src/align/acoustic/kernels.js';
import { senoneScore, topGaussians, TOP_GAUSSIANS } from '../../../src/align/acoustic/gmm.js';
import { GARBAGE, buildNetwork, tunedNetworkOptions, type NetworkWord, type StateNetwork } from '../../../src/align/acoustic/network.js';
import { scoreLayout, scoreObservations } from '../../../src/align/acoustic/frames.js';
import { ACOUSTIC_TUNING } from '../../../src/align/acoustic/tuning.js';
import { applyTransform } from '../../../src/align/acoustic/adapt.js';
import { decodeAudio } from '../../../src/media/decode.js';
import { chainNetwork, mulberry32, REPO, rowsWithBest, toyScores } from './helpers.js';

let model: AcousticModel;
let kernels: AcousticKernels;
/** JFK's "ask not what your country can do for you" clip (11 s), as 39-dim observations. */
let speech: { frames: number; observations: Float32Array };
let S: number;

beforeAll(async () => {
  model = await loadAcousticModel('en');
  S = model.ciSenones;
  kernels = new AcousticKernels(model.gaussians, Int32Array.from({ length: S }, (_, i) => i));
  const audio = await decodeAudio(`${REPO}samples/jfk/jfk.wav`);
  const { frames, cepstra } = computeCepstra(audio.samples, model.frontEnd);
  speech = { frames, observations: observationVectors(cepstra, frames, null) };
});

/**
 * `count` random words of 1–6 speech phones, some followed by garbage, some ending sentences: every
 * kind of state and extra arc, and network sizes that are and are not multiples of four.
 */
function randomWords(rand: () => number, count: number): NetworkWord[] {
  const speechPhones = model.phoneNames.map((_, p) => p).filter((p) => model.isSpeechPhone(p));
  const phones = () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => speechPhones[Math.floor(rand() * speechPhones.length)]);
  return Array.from({ length: count }, (_, index) => ({
    index,
    phones: phones(),
    garbageAfter: rand() < 0.3,
    sentenceEnd: rand() < 0.3,
    // Some words with other pronunciations (timing networks lay them side by side).
    alternates: rand() < 0.3 ? Array.from({ length: 1 + Math.floor(rand() * 3) }, phones) : undefined,
  }));
}

/**
 * Runs `body` with the kernels' search helper started and given time to come up (a job it has not
 * taken yet is run on the calling thread, which is right too but would not test the helper), then
 * stops it.
 */
async function withSearchHelper(kernels: AcousticKernels, body: () => void): Promise<void> {
  kernels.startSearchHelper();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    body();
  } finally {
    kernels.stopSearchHelper();
  }
}

/** JFK's clip's observation vectors `copies` times over: a recording long enough for threads. */
function repeatedSpeech(copies: number): { frames: number; observations: Float32Array } {
  const frames = speech.frames * copies;
  const observations = new Float32Array(frames * 39);
  for (let k = 0; k < copies; k++) observations.set(speech.observations, k * speech.observations.length);
  return { frames, observations };
}

/** gmm.ts's plain JavaScript scoring of one frame: every CI senone. */
function referenceScores(observations: Float32Array, frame: number): Float64Array {
  const g = model.gaussians;
  const index = new Int32Array(g.codebooks * g.streams * TOP_GAUSSIANS);
  const score = new Float32Array(index.length);
  topGaussians(g, observations, frame * 39, index, score);
  return Float64Array.from({ length: S }, (_, s) => senoneScore(g, s, index, score));
}

/** The WASM scorer on one frame alone: a full search, nothing borrowed from neighbouring frames. */
function wasmAlone(observations: Float32Array, frame: number): Float32Array {
  const out = new Float32Array(S);
  kernels.scoreRaw(observations, frame, frame + 1, out, 1);
  return out;
}

describe('WASM Gaussian scoring against gmm.ts', () => {
  // The log-add table works on a 1/64-nat grid: three adds per stream, three streams.
  const TOLERANCE = 0.03;

  it('agrees on random feature vectors near and far from the model’s means', () => {
    const rand = mulberry32(2026);
    const g = model.gaussians;
    const frames = 40;
    const obs = new Float32Array(frames * 39);
    for (let f = 0; f < frames; f++) {
      for (let stream = 0; stream < 3; stream++) {
        // Half the frames sit near a random Gaussian of a random codebook; the rest anywhere.
        const gaussian = ((Math.floor(rand() * g.codebooks) * 3 + stream) * 128 + Math.floor(rand() * 128)) * 13;
        for (let d = 0; d < 13; d++) obs[f * 39 + stream * 13 + d] = f % 2 ? g.mean[gaussian + d] + (rand() - 0.5) * 0.5 : (rand() - 0.5) * 8;
      }
    }
    for (let f = 0; f < frames; f++) {
      const expected = referenceScores(obs, f);
      const actual = wasmAlone(obs, f);
      for (let s = 0; s < S; s++) expect(Math.abs(actual[s] - expected[s]), `frame ${f} senone ${s}`).toBeLessThan(TOLERANCE);
    }
  });

  it('agrees on real speech frames', () => {
    for (let f = 3; f < speech.frames; f += 11) {
      const expected = referenceScores(speech.observations, f);
      const actual = wasmAlone(speech.observations, f);
      for (let s = 0; s < S; s++) expect(Math.abs(actual[s] - expected[s])).toBeLessThan(TOLERANCE);
    }
  });

  it.each([2, 3, 4])('in a batch with a full search every %i frames, scores those frames exactly as a frame alone (the others borrow)', (fullEvery) => {
    const n = 300;
    const batch = new Float32Array(n * S);
    kernels.scoreRaw(speech.observations, 0, n, batch, fullEvery);
    let borrowedDiffer = 0;
    for (let f = 0; f < n; f++) {
      const alone = wasmAlone(speech.observations, f);
      // Counted from the start of its batch; a batch's last frames have no full search after them,
      // so they are searched in full too.
      const inBatch = f % BATCH_FRAMES;
      const batchLength = Math.min(BATCH_FRAMES, n - (f - inBatch));
      const full = inBatch % fullEvery === 0 || inBatch - (inBatch % fullEvery) + fullEvery >= batchLength;
      for (let s = 0; s < S; s++) {
        if (full) expect(batch[f * S + s]).toBeCloseTo(alone[s], 4);
        else if (Math.abs(batch[f * S + s] - alone[s]) > 1e-3) borrowedDiffer++;
      }
    }
    // The shortcut is really taken (else this test would not tell the frames apart).
    expect(borrowedDiffer).toBeGreaterThan(0);
  });

  it('with a full search every frame, scores a batch exactly as each frame alone', () => {
    const n = 40;
    const batch = new Float32Array(n * S);
    kernels.scoreRaw(speech.observations, 0, n, batch, 1);
    for (let f = 0; f < n; f++) {
      const alone = wasmAlone(speech.observations, f);
      for (let s = 0; s < S; s++) expect(batch[f * S + s]).toBeCloseTo(alone[s], 4);
    }
  });

  it('refuses a full search every 0 frames', () => {
    expect(() => kernels.scoreRaw(speech.observations, 0, 4, new Float32Array(4 * S), 0)).toThrow(/every 0 frames/);
  });

  // The odd-frame shortcut is an approximation by design (as Sphinx's top-N from neighbouring
  // frames): on JFK the best senone of an odd frame differs from the exact search on about half of
  // them, scores near the best by 1.5 nats on average. It halves the Gaussian search, the largest
  // cost of a run; its effect is inside every figure of BENCHMARKS.md, not measured apart.
});

describe('scoring under a feature map', () => {
  it('gives, batch by batch and in a worker’s slice, the scores of the mapped features held whole', async () => {
    const long = repeatedSpeech(12);
    const map = { scale: Float32Array.from({ length: 39 }, (_, d) => 0.8 + 0.01 * d), offset: Float32Array.from({ length: 39 }, (_, d) => 0.05 * (d % 7) - 0.1), gainPerFrame: 0 };
    const mapped = applyTransform(long.observations, map);
    const own = new AcousticKernels(model.gaussians, Int32Array.from({ length: S }, (_, i) => i));
    const expected = (await scoreObservations(model, mapped, long.frames, { threads: 1, kernels: own })).normalized().slice();
    const other = new AcousticKernels(model.gaussians, Int32Array.from({ length: S }, (_, i) => i));
    const shared = new Float32Array(new SharedArrayBuffer(long.observations.byteLength));
    shared.set(long.observations);
    const actual = (await scoreObservations(model, shared, long.frames, { threads: 2, kernels: other, map })).normalized();
    expect(actual.length).toBe(expected.length);
    let differ = 0;
    for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) differ++;
    expect(differ).toBe(0);
  });
});

describe('FullSearchSlots', () => {
  /** The frames topGaussians searches in full, batch by batch, as its loops decide. */
  function fullFrames(frames: number, fullEvery: number): number[] {
    const out: number[] = [];
    for (let b = 0; b < frames; b += BATCH_FRAMES) {
      const count = Math.min(BATCH_FRAMES, frames - b);
      for (let i = 0; i < count; i++) {
        const before = i - (i % fullEvery);
        if (before === i || before + fullEvery >= count) out.push(b + i);
      }
    }
    return out;
  }

  it.each([
    [600, 2],
    [512, 2],
    [257, 2],
    [700, 3],
    [300, 1],
    [5, 4],
  ])('numbers the full searches of %i frames (one in %i) in order, and sends the frames between to their neighbours', (frames, fullEvery) => {
    const slots = new FullSearchSlots(frames, fullEvery);
    const full = fullFrames(frames, fullEvery);
    expect(slots.count).toBe(full.length);
    const slotOf = new Map(full.map((f, k) => [f, k]));
    for (let f = 0; f < frames; f++) {
      expect(slots.slot(f)).toBe(slotOf.get(f) ?? -1);
      const [a, b] = slots.sources(f);
      if (slotOf.has(f)) expect([a, b]).toEqual([slotOf.get(f), -1]);
      else expect([full[a], full[b]]).toEqual([f - ((f % BATCH_FRAMES) % fullEvery), f - ((f % BATCH_FRAMES) % fullEvery) + fullEvery]);
    }
  });
});

describe('contextScores', () => {
  it.each([
    ['kept with the scores, one thread', 1],
    ['kept with the scores, a worker’s slice too', 2],
  ])('gives the held scores’ own values for CI senones and their pause columns, on any window: %s', async (_, threads) => {
    // Long enough for a worker to score the second half (scoreObservations gives each thread 6,000 frames at least).
    const long = repeatedSpeech(12);
    expect(long.frames).toBeGreaterThanOrEqual(12000);
    const own = new AcousticKernels(model.gaussians, Int32Array.from({ length: S }, (_, i) => i));
    const held = await scoreObservations(model, long.observations, long.frames, { threads, kernels: own, fullSearchEveryFrames: 2 });
    const ids = Int32Array.from([5, 0, 17, S - 1]);
    for (const [from, to] of [
      [1, 300],
      [BATCH_FRAMES + 7, 3 * BATCH_FRAMES + 3],
      [long.frames - 301, long.frames],
      [Math.floor(long.frames / 2) - 5, Math.floor(long.frames / 2) + 5],
    ]) expectHeldColumns(own.contextScores(long.observations, from, to, ids, held, 2), held, from, ids);
  });

  it('searches again on the batch grid, to the same values, where the scores were held without their choices', () => {
    const fullEvery = 2;
    const raw = new Float32Array(speech.frames * S);
    kernels.scoreRaw(speech.observations, 0, speech.frames, raw, fullEvery);
    const held = kernels.holdScores(raw, speech.frames, scoreLayout(model));
    const ids = Int32Array.from([5, 0, 17, S - 1]);
    for (const [from, to] of [
      [BATCH_FRAMES + 3, 3 * BATCH_FRAMES - 1],
      [speech.frames - 90, speech.frames],
    ]) expectHeldColumns(kernels.contextScores(speech.observations, from, to, ids, held, fullEvery), held, from, ids);
  });

  function expectHeldColumns(window: ReturnType<AcousticKernels['contextScores']>, held: ReturnType<AcousticKernels['contextScores']>, from: number, ids: Int32Array): void {
    const pauses = held.senones - S;
    expect(window.senones).toBe(ids.length + pauses);
    const rows = window.normalized();
    const heldRows = held.normalized();
    for (let f = 0; f < window.frames; f++) {
      ids.forEach((id, j) => expect(rows[f * window.senones + j], `frame ${from + f}`).toBe(heldRows[(from + f) * held.senones + id]));
      for (let k = 0; k < pauses; k++) expect(rows[f * window.senones + ids.length + k]).toBe(heldRows[(from + f) * held.senones + S + k]);
      expect(window.background[f]).toBe(held.background[from + f]);
    }
  }

  it('scores triphone senones as gmm.ts does, less the frame’s background', () => {
    const raw = new Float32Array(speech.frames * S);
    kernels.scoreRaw(speech.observations, 0, speech.frames, raw, 1);
    const held = kernels.holdScores(raw, speech.frames, scoreLayout(model));
    // Senones of context-dependent phones only (ids past the CI ones), from several codebooks.
    const ids = Int32Array.from([S, S + 1, S + 400, S + 1500, model.definition.senones - 1]);
    const window = kernels.contextScores(speech.observations, 300, 340, ids, held, 1);
    const g = model.gaussians;
    const index = new Int32Array(g.codebooks * g.streams * TOP_GAUSSIANS);
    const score = new Float32Array(index.length);
    const rows = window.normalized();
    for (let f = 0; f < window.frames; f++) {
      topGaussians(g, speech.observations, (300 + f) * 39, index, score);
      ids.forEach((id, j) => expect(Math.abs(rows[f * window.senones + j] - (senoneScore(g, id, index, score) - held.background[300 + f]))).toBeLessThan(0.03));
    }
  });

  it('refuses a window outside the recording', () => {
    const held = kernels.holdScores(new Float32Array(10 * S), 10, scoreLayout(model));
    expect(() => kernels.contextScores(speech.observations, 5, 11, Int32Array.from([0]), held, 1)).toThrow(/outside the recording/);
  });
});

describe('holdScores', () => {
  it('normalizes each frame by its best senone, adds pause columns and a coarse per-phone grid', () => {
    const rows = [
      [-3, -1, -7, -2],
      [-10, -4, -6, -5],
      [0, -2, -1, -9],
      [-5, -5, -5, -1],
      [-2, -8, -3, -4],
      [-6, -1, -2, -7],
      [-1, -1, -1, -1],
    ];
    // Pause column 0: best of senones 2 and 3; pause column 1: senone 0.
    const fs = toyScores(rows, [[2, 3], [0]]);
    expect(fs.frames).toBe(7);
    expect(fs.senones).toBe(6);
    expect([...fs.background]).toEqual([-1, -4, 0, -1, -2, -1, -1]);
    const held = fs.normalized();
    for (let t = 0; t < 7; t++) {
      const best = Math.max(...rows[t]);
      for (let s = 0; s < 4; s++) expect(held[t * 6 + s]).toBe(rows[t][s] - best);
      expect(held[t * 6 + 4]).toBe(Math.max(rows[t][2], rows[t][3]) - best);
      expect(held[t * 6 + 5]).toBe(rows[t][0] - best);
    }
    // Coarse: ⌊7 / 3⌋ frames; toyScores makes each senone its own phone.
    const coarse = fs.coarse!;
    expect(coarse.frames).toBe(Math.floor(7 / COARSE_FACTOR));
    expect(coarse.senones).toBe(4);
    expect(coarse.coarse).toBeNull();
    const c = coarse.normalized();
    for (let k = 0; k < 2; k++) {
      for (let p = 0; p < 4; p++) {
        let sum = 0;
        for (let j = 0; j < 3; j++) sum += held[(3 * k + j) * 6 + p];
        expect(c[k * 4 + p]).toBeCloseTo(sum / 3, 6);
      }
      expect(coarse.background[k]).toBeCloseTo((fs.background[3 * k] + fs.background[3 * k + 1] + fs.background[3 * k + 2]) / 3, 6);
    }
  });
});

describe('forced Viterbi kernel', () => {
  it('finds the hand-worked best path of a 3-state toy that greedy frame-by-frame choice gets wrong', () => {
    // Rows are already normalized (best 0). Frame 3 must be the last state; frames 0–1 favour state 0.
    //   path 0,0,1,2: 0 + 0 − 1 − 2 = −3   (best)
    //   path 0,1,1,2: 0 − 5 − 1 − 2 = −8
    //   path 0,1,2,2: 0 − 5 − 9 − 2 = −16
    // Greedy (argmax per frame) would say 0,0,0,0 and never reach the end.
    const fs = toyScores([
      [0, -5, -5],
      [0, -5, -5],
      [0, -1, -9],
      [0, -9, -2],
    ]);
    const result = fs.kernels.forced(chainNetwork([0, 1, 2]), fs, 0, 4, -3);
    expect(result).not.toBeNull();
    expect([...result!.path]).toEqual([0, 0, 1, 2]);
    expect(result!.score).toBeCloseTo(-3 + 3 * Math.log(0.5), 5);
  });

  it('scores garbage states at the flat price it is given', () => {
    const fs = toyScores([
      [0, -9],
      [-9, 0],
      [-9, 0],
      [0, -9],
    ]);
    const net = chainNetwork([0, GARBAGE, 0]);
    // Garbage at −2 a frame beats senone 0 at −9 in the middle frames.
    const r = fs.kernels.forced(net, fs, 0, 4, -2)!;
    expect([...r.path]).toEqual([0, 1, 1, 2]);
    expect(r.score).toBeCloseTo(-4 + 3 * Math.log(0.5), 5);
  });

  it('holds a word state no longer than the limit it is given; pause and garbage states as long as they fit', () => {
    // Senone 1 fits frames 1–9 perfectly, garbage costs −2 a frame: unlimited, the word's second
    // state takes all of them; held at most 3 frames, it hands the rest to the garbage state.
    const fs = toyScores([[0, -9], ...Array.from({ length: 9 }, () => [-9, 0])]);
    const net = chainNetwork([0, 1, GARBAGE]);
    expect([...fs.kernels.forced(net, fs, 0, 10, -2)!.path]).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect([...fs.kernels.forced(net, fs, 0, 10, -2, 3)!.path]).toEqual([0, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    // Garbage first: a garbage state held long, then the word states within their limit.
    // (a third senone, in no network, is the frames' best where neither word senone fits.)
    const lead = toyScores([...Array.from({ length: 6 }, () => [-9, -9, 0]), [0, -9, -9], [0, -9, -9], [-9, 0, -9], [-9, 0, -9]]);
    expect([...lead.kernels.forced(chainNetwork([GARBAGE, 0, 1]), lead, 0, 10, -2, 2)!.path]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
    // Word states only, and more frames than their limits allow: no path.
    expect(fs.kernels.forced(chainNetwork([0, 1]), fs, 0, 10, -2, 3)).toBeNull();
  });

  it('follows extra arcs: two pronunciations side by side, the one the frames fit taken, either way', () => {
    // States 0 and 1 are one word's two pronunciations (both starts), state 2 the word after.
    // The chain gives 1 → 2; 0 → 2 is an extra arc; 0 does not lead to 1.
    const half = Math.log(0.5);
    const net: StateNetwork = {
      ...chainNetwork([0, 1, 2]),
      nextLog: Float32Array.from([-Infinity, half, half]),
      arcStart: Int32Array.from([0, 0, 0, 1]),
      arcFrom: Int32Array.from([0]),
      arcLog: Float32Array.from([half]),
      initials: [0, 1],
    };
    for (const said of [0, 1]) {
      const fs = toyScores(rowsWithBest(8, 3, (t) => (t < 4 ? said : 2)));
      const r = fs.kernels.forced(net, fs, 0, 8, -3)!;
      expect([...r.path]).toEqual([said, said, said, said, 2, 2, 2, 2]);
      expect(r.score).toBeCloseTo(7 * half, 5);
      // The subsequence search takes the same arcs, in SIMD and state by state.
      const fast = fs.kernels.subsequence(net, fs, 0, 8, -3);
      expect(fast).toEqual(fs.kernels.subsequence(net, fs, 0, 8, -3, true));
      expect([fast.start[7], fast.emission[7]]).toEqual([3, 0]);
    }
  });

  it('answers null when no path fits the window', () => {
    const fs = toyScores([
      [0, -1, -1],
      [0, -1, -1],
    ]);
    expect(fs.kernels.forced(chainNetwork([0, 1, 2]), fs, 0, 2, -3)).toBeNull();
    expect(fs.kernels.forced(chainNetwork([0, 1, 2]), fs, 1, 1, -3)).toBeNull();
  });
});

describe('subsequence Viterbi kernel', () => {
  it('finds a two-state pattern anywhere in the window, with its end, start and word-frame emission', () => {
    // Senone 0 at frames 4–5, senone 1 at 6–7; elsewhere senone 2 (not in the network) is best.
    const best = [2, 2, 2, 2, 0, 0, 1, 1, 2, 2];
    const fs = toyScores(best.map((b) => [0, 1, 2].map((s) => (s === b ? 0 : -5))));
    const r = fs.kernels.subsequence(chainNetwork([0, 1]), fs, 0, 10, -3);
    expect(r.total).toHaveLength(10);
    // Nothing ends at frame 0 (two states need two frames).
    expect(r.start[0]).toBe(-1);
    expect(r.total[0]).toBeLessThan(-1e29);
    // A fresh start costs nothing while staying costs a self-loop, so the first state keeps only
    // its last frame: matches start at 5, one frame into the pattern (a property of a free-start
    // search on scores ≤ 0; see the report). The total pays one log(0.5) per move.
    expect([r.start[6], r.total[6], r.emission[6], r.wordFrames[6]]).toEqual([5, expect.closeTo(Math.log(0.5), 5), 0, 2]);
    expect([r.start[7], r.total[7], r.emission[7], r.wordFrames[7]]).toEqual([5, expect.closeTo(2 * Math.log(0.5), 5), 0, 3]);
    // The best mean score per word frame (what locate ranks by) ends with the pattern.
    const mean = (i: number) => (r.wordFrames[i] ? r.emission[i] / r.wordFrames[i] : -Infinity);
    for (let i = 0; i < 10; i++) if (i !== 6 && i !== 7) expect(mean(i)).toBeLessThan(-1);
    // One frame later the path has to pay for a frame of senone 1 where senone 2 sounds.
    expect(r.emission[8]).toBeCloseTo(-5, 5);
    expect(r.wordFrames[8]).toBe(4);
  });

  it('searches only the frames it is given', () => {
    const best = [0, 1, 2, 2, 2, 2, 0, 1];
    const fs = toyScores(best.map((b) => [0, 1, 2].map((s) => (s === b ? 0 : -5))));
    const r = fs.kernels.subsequence(chainNetwork([0, 1]), fs, 3, 8, -3);
    expect(r.total).toHaveLength(5);
    // The pattern at frames 0–1 is outside the window: the only clean match is 6–7.
    expect(r.start[7 - 3]).toBe(6);
    expect(r.emission[7 - 3]).toBeCloseTo(0, 5);
    for (let i = 0; i < 4; i++) expect(r.start[i] === -1 || r.emission[i] < -1).toBe(true);
  });
});

describe('SIMD subsequence search against its state-by-state twin', () => {
  it('gives the same totals, starts, emissions and frame counts, to the bit, on real scores and networks', async () => {
    const fs = await scoreObservations(model, speech.observations, speech.frames, { threads: 1 });
    const rand = mulberry32(15);
    let checked = 0;
    for (let trial = 0; trial < 24; trial++) {
      const words: NetworkWord[] = randomWords(rand, 1 + Math.floor(rand() * 7));
      const use = trial % 2 ? 'search' : 'timing';
      const net = buildNetwork(model, words, tunedNetworkOptions(ACOUSTIC_TUNING, use));
      const from = Math.floor(rand() * 300);
      const to = Math.min(fs.frames, from + 50 + Math.floor(rand() * 600));
      const fast = fs.kernels.subsequence(net, fs, from, to, -3);
      const reference = fs.kernels.subsequence(net, fs, from, to, -3, true);
      expect(fast.total).toEqual(reference.total);
      expect(fast.start).toEqual(reference.start);
      expect(fast.emission).toEqual(reference.emission);
      expect(fast.wordFrames).toEqual(reference.wordFrames);
      checked += fast.start.filter((s) => s >= 0).length;
    }
    // The searches found paths (the comparison is not between two empty results).
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('SIMD forced alignment against its state-by-state twin', () => {
  it('gives the same path and score, to the bit, on real scores and timing networks, with and without a run limit', async () => {
    const fs = await scoreObservations(model, speech.observations, speech.frames, { threads: 1 });
    const rand = mulberry32(17);
    let aligned = 0;
    for (let trial = 0; trial < 24; trial++) {
      const words: NetworkWord[] = randomWords(rand, 1 + Math.floor(rand() * 7));
      const net = buildNetwork(model, words, tunedNetworkOptions(ACOUSTIC_TUNING, 'timing'));
      const from = Math.floor(rand() * 300);
      const to = Math.min(fs.frames, from + 20 + Math.floor(rand() * 400));
      const maxRun = trial % 3 === 0 ? 0 : 5 + Math.floor(rand() * 30);
      const garbage = -1 - 3 * rand();
      const fast = fs.kernels.forced(net, fs, from, to, garbage, maxRun);
      const reference = fs.kernels.forced(net, fs, from, to, garbage, maxRun, true);
      expect(fast).toEqual(reference);
      if (fast) aligned++;
    }
    // Most windows had a path (the comparison is not between two nulls).
    expect(aligned).toBeGreaterThan(16);
  });
});

describe('a long search split with the search helper thread', () => {
  // The helper needs a second core (startSearchHelper starts none on one).
  it.skipIf(availableParallelism() < 2)('gives what one thread gives, to the bit, and keeps the split when the two halves agree', async () => {
    // JFK's clip six times over (6,600 frames): long enough to split on the fine grid, and the
    // coarse grid's searches stay on one thread (under 4,000 frames).
    const { frames, observations } = repeatedSpeech(6);
    const alone = await scoreObservations(model, observations, frames, { threads: 1 });
    const helped = await scoreObservations(model, observations, frames, { threads: 1 });
    await withSearchHelper(helped.kernels, () => {
      const rand = mulberry32(16);
      for (let trial = 0; trial < 8; trial++) {
        const words: NetworkWord[] = randomWords(rand, 2 + Math.floor(rand() * 8));
        const net = buildNetwork(model, words, tunedNetworkOptions(ACOUSTIC_TUNING, trial % 2 ? 'search' : 'timing'));
        const from = Math.floor(rand() * 500);
        const one = alone.kernels.subsequence(net, alone, from, frames, -3);
        const two = helped.kernels.subsequence(net, helped, from, frames, -3);
        expect(two.total).toEqual(one.total);
        expect(two.start).toEqual(one.start);
        expect(two.emission).toEqual(one.emission);
        expect(two.wordFrames).toEqual(one.wordFrames);
      }
    });
    expect(alone.kernels.helperStats.splitsKept + alone.kernels.helperStats.splitsRedone).toBe(0);
    expect(helped.kernels.helperStats.splitsKept).toBeGreaterThan(0);
    expect(helped.kernels.helperStats.notTaken).toBeLessThan(helped.kernels.helperStats.splitsKept + helped.kernels.helperStats.splitsRedone);
  });

  it.skipIf(availableParallelism() < 2)('runs several searches of one window two at a time, each as it would run alone', async () => {
    // JFK's clip four times over, searched over 3,800 frames: each search takes long enough for
    // the helper to wake and take its share (a job it does not take is run here, which is right
    // too, so the count of jobs taken is checked over several rounds, not per job).
    const { frames, observations } = repeatedSpeech(4);
    const fs = await scoreObservations(model, observations, frames, { threads: 1 });
    await withSearchHelper(fs.kernels, () => {
      const rand = mulberry32(17);
      for (let round = 0; round < 5; round++) {
        // Five networks: two pairs and one left over.
        const nets = Array.from({ length: 5 }, () => buildNetwork(model, randomWords(rand, 2 + Math.floor(rand() * 6)), tunedNetworkOptions(ACOUSTIC_TUNING, 'search')));
        const together = fs.kernels.subsequenceEach(nets, fs, 100, 3900, -3);
        expect(together).toHaveLength(5);
        nets.forEach((net, i) => {
          const alone = fs.kernels.subsequence(net, fs, 100, 3900, -3);
          expect(together[i].total).toEqual(alone.total);
          expect(together[i].start).toEqual(alone.start);
          expect(together[i].emission).toEqual(alone.emission);
          expect(together[i].wordFrames).toEqual(alone.wordFrames);
        });
      }
    });
    expect(fs.kernels.helperStats.pairs).toBe(10);
    // The helper ran some of them (not all were taken back).
    expect(fs.kernels.helperStats.notTaken).toBeLessThan(10);
  });
});

describe('scoring with worker threads', () => {
  it('holds the same scores as one thread, the workers’ slices placed where they belong', async () => {
    // JFK's clip twelve times over (13,000 frames): enough for a worker, and several of its slices.
    const { frames, observations } = repeatedSpeech(12);
    const alone = await scoreObservations(model, observations, frames, { threads: 1 });
    const one = Float32Array.from(alone.normalized());
    const oneBackground = Float32Array.from(alone.background);
    const shared = await scoreObservations(model, observations, frames, { threads: 2 });
    expect(shared.frames).toBe(frames);
    expect(shared.background).toEqual(oneBackground);
    expect(shared.normalized()).toEqual(one);
  });
});
