import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { scoreLayout } from '../../../src/align/acoustic/frames.js';
import { buildNetwork, tunedNetworkOptions } from '../../../src/align/acoustic/network.js';
import { forcedAlignment, subsequenceScores } from '../../../src/align/acoustic/viterbi.js';
import { ACOUSTIC_TUNING } from '../../../src/align/acoustic/tuning.js';
import { chainNetwork, rowsWithBest, toyScores } from './helpers.js';

describe('forcedAlignment on a toy chain', () => {
  it('recovers each state’s frames [a_k, b_k) exactly', () => {
    const bounds = [0, 3, 9, 10, 16, 24];
    const states = bounds.length - 1;
    const stateAt = (t: number) => bounds.findIndex((b, k) => k < states && t >= b && t < bounds[k + 1]);
    const fs = toyScores(rowsWithBest(24, states + 1, stateAt));
    const result = forcedAlignment(chainNetwork([0, 1, 2, 3, 4]), fs, 0, 24, -3);
    expect(result).not.toBeNull();
    expect([...result!.path]).toEqual(Array.from({ length: 24 }, (_, t) => stateAt(t)));
    // Every frame scores 0 on its state; each of the 23 moves costs log(0.5).
    expect(result!.score).toBeCloseTo(23 * Math.log(0.5), 4);
  });

  it('aligns a window inside the recording: the path is relative to `from`', () => {
    const fs = toyScores(rowsWithBest(20, 3, (t) => (t < 10 ? 2 : t < 14 ? 0 : 1)));
    const result = forcedAlignment(chainNetwork([0, 1]), fs, 10, 20, -3)!;
    expect([...result.path]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('reports no path, not a crash, when the window has fewer frames than the chain has states', () => {
    const fs = toyScores(rowsWithBest(10, 6, (t) => t % 6));
    const net = chainNetwork([0, 1, 2, 3, 4, 5]);
    expect(forcedAlignment(net, fs, 0, 5, -3)).toBeNull();
    expect(forcedAlignment(net, fs, 4, 4, -3)).toBeNull();
    expect(forcedAlignment(net, fs, 6, 3, -3)).toBeNull();
    expect(forcedAlignment(net, fs, 0, 6, -3)).not.toBeNull();
  });
});

describe('forced alignment of a real two-word network on planted scores', () => {
  let model: AcousticModel;
  beforeAll(async () => {
    model = await loadAcousticModel('en');
  });

  it('places "ask" and "not" at the planted frames, with garbage taking the untexted edges', () => {
    const ask = model.lexicon.pronounce('ask')!.phones;
    const not = model.lexicon.pronounce('not')!.phones;
    // The planted recording: 20 frames of a sound not in the text (ZH), "ask" with each state
    // 3 frames, a 10-frame silence, "not" with 4 frames a state, 25 frames of ZH again.
    const zh = model.phoneNames.indexOf('ZH');
    const planted: number[] = [];
    const plant = (phone: number, k: number, frames: number) => planted.push(...Array(frames).fill(model.ciSenone(phone, k)));
    plant(zh, 1, 20);
    for (const p of ask) for (let k = 0; k < 3; k++) plant(p, k, 3);
    plant(model.silencePhone, 0, 3);
    plant(model.silencePhone, 1, 4);
    plant(model.silencePhone, 2, 3);
    for (const p of not) for (let k = 0; k < 3; k++) plant(p, k, 4);
    plant(zh, 1, 25);
    const layout = scoreLayout(model);
    const rows = planted.map((senone) => Array.from({ length: model.ciSenones }, (_, s) => (s === senone ? 0 : -8)));
    const fs = toyScores(rows, layout.pauseStates.map((p) => [...p]));
    expect(fs.senones).toBe(model.ciSenones + 3);

    const net = buildNetwork(model, [{ index: 0, phones: ask }, { index: 1, phones: not }], tunedNetworkOptions(ACOUSTIC_TUNING, 'timing'));
    const aligned = forcedAlignment(net, fs, 0, planted.length, ACOUSTIC_TUNING.garbageLlrPerFrame)!;
    expect(aligned).not.toBeNull();
    const framesOf = (word: number) => [...aligned.path.keys()].filter((t) => net.word[aligned.path[t]] === word);
    const askFrames = framesOf(0);
    const notFrames = framesOf(1);
    expect([askFrames[0], askFrames[askFrames.length - 1] + 1]).toEqual([20, 47]);
    expect([notFrames[0], notFrames[notFrames.length - 1] + 1]).toEqual([57, 93]);
    expect(askFrames).toHaveLength(27);
    expect(notFrames).toHaveLength(36);
    // Garbage (senone −1) holds the edges.
    expect(net.senone[aligned.path[0]]).toBe(-1);
    expect(net.senone[aligned.path[planted.length - 1]]).toBe(-1);
  });

  it('finds the same words by subsequence search without garbage edges, ending where they end', () => {
    const ask = model.lexicon.pronounce('ask')!.phones;
    const other = model.ciSenone(model.phoneNames.indexOf('ZH'), 1);
    const planted = [...Array(30).fill(other)];
    for (const p of ask) for (let k = 0; k < 3; k++) planted.push(...Array(3).fill(model.ciSenone(p, k)));
    planted.push(...Array(30).fill(other));
    const rows = planted.map((senone) => Array.from({ length: model.ciSenones }, (_, s) => (s === senone ? 0 : -8)));
    const fs = toyScores(rows, scoreLayout(model).pauseStates.map((p) => [...p]));
    const net = buildNetwork(model, [{ index: 0, phones: ask }], tunedNetworkOptions(ACOUSTIC_TUNING, 'search'));
    const r = subsequenceScores(net, fs, 0, planted.length, ACOUSTIC_TUNING.garbageLlrPerFrame);
    // Rank end frames by mean score per word frame, at least one frame per state (as locate does).
    const perfect: number[] = [];
    for (let i = 0; i < r.total.length; i++) {
      if (r.start[i] < 0 || r.wordFrames[i] < 9) continue;
      const mean = r.emission[i] / r.wordFrames[i];
      if (mean > -1e-6) perfect.push(i + 1);
      else expect(mean).toBeLessThan(-0.1);
    }
    // Only paths ending in K's last state (planted at 54–56) are perfect; on exact toy scores
    // a shorter last state ties with the whole one, and locate takes the earliest of ties.
    expect(perfect).toEqual([55, 56, 57]);
    // The free start keeps one frame of the first state (see kernels.test.ts): 30 + 2.
    expect(r.start[56]).toBe(32);
  });
});
