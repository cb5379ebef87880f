import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { buildNetwork, contextColumns, contextPhones, extraArcs, GARBAGE, tunedNetworkOptions, type NetworkWord } from '../../../src/align/acoustic/network.js';
import { triphoneId, WordPosition } from '../../../src/align/acoustic/modelFiles.js';
import { ACOUSTIC_TUNING } from '../../../src/align/acoustic/tuning.js';
import { tunedWith } from './helpers.js';

let model: AcousticModel;
let ask: number[];
let not: number[];
beforeAll(async () => {
  model = await loadAcousticModel('en');
  ask = model.lexicon.pronounce('ask')!.phones; // AE S K
  not = model.lexicon.pronounce('not')!.phones; // N AA T
});

const search = () => tunedNetworkOptions(ACOUSTIC_TUNING, 'search');
const timing = () => tunedNetworkOptions(ACOUSTIC_TUNING, 'timing');
const words = (first: Partial<NetworkWord> = {}, second: Partial<NetworkWord> = {}): NetworkWord[] => [
  { index: 0, phones: ask, ...first },
  { index: 1, phones: not, ...second },
];

describe('buildNetwork: two words', () => {
  it('chains pause, the words’ 3-state phones and pauses: 3 + 9 + 3 + 9 + 3 states', () => {
    expect(ask.map((p) => model.phoneNames[p])).toEqual(['AE', 'S', 'K']);
    expect(not.map((p) => model.phoneNames[p])).toEqual(['N', 'AA', 'T']);
    const net = buildNetwork(model, words(), search());
    expect(net.size).toBe(27);
    for (const a of [net.senone, net.selfLog, net.nextLog, net.word]) expect(a).toHaveLength(27);
    expect(net.arcStart).toHaveLength(28);
    // Words and pauses where expected, with the model's own senones and transitions.
    expect([...net.word]).toEqual([...Array(3).fill(-1), ...Array(9).fill(0), ...Array(3).fill(-1), ...Array(9).fill(1), ...Array(3).fill(-1)]);
    for (const start of [0, 12, 24]) expect([...net.senone.slice(start, start + 3)]).toEqual([0, 1, 2].map((k) => model.pauseSenone(k)));
    ask.forEach((phone, i) => {
      for (let k = 0; k < 3; k++) {
        expect(net.senone[3 + 3 * i + k]).toBe(model.ciSenone(phone, k));
        const [self, next] = model.transition(phone, k);
        expect(net.selfLog[3 + 3 * i + k]).toBeCloseTo(self, 6);
        expect(net.nextLog[3 + 3 * i + k]).toBeCloseTo(next, 6);
      }
    });
    expect(net.senone.includes(GARBAGE)).toBe(false);
  });

  it('makes every pause optional: bypass arcs, starts at the first word, ends at the last', () => {
    const net = buildNetwork(model, words(), search());
    // "not" can be entered straight from "ask"'s last state, at that state's own exit price.
    expect(extraArcs(net, 15)).toEqual([[11, net.nextLog[11]]]);
    expect(extraArcs(net, 3)).toEqual([]); // a start, not a bypass target: the first word is an initial state
    expect(net.initials).toEqual([0, 3]);
    expect(net.finals).toEqual([26, 23]);
    // Only word and pause states: nothing else has a bypass.
    expect([...net.arcFrom]).toEqual([11]);
  });

  it('adds garbage after a word when asked, paid on entry and free to skip', () => {
    const net = buildNetwork(model, words({ garbageAfter: true }), search());
    expect(net.size).toBe(28);
    expect(net.senone[15]).toBe(GARBAGE);
    expect(net.word[15]).toBe(-1);
    expect(net.selfLog[15]).toBeCloseTo(Math.log(ACOUSTIC_TUNING.garbageStayProbability), 6);
    expect(net.nextLog[15]).toBeCloseTo(Math.log(1 - ACOUSTIC_TUNING.garbageStayProbability), 6);
    const pauseExit = model.transition(model.silencePhone, 2)[1];
    const askExit = model.transition(ask[2], 2)[1];
    // Into garbage from the pause, or from "ask" past the pause: the exit plus the entry price.
    expect(net.nextLog[14]).toBeCloseTo(pauseExit + ACOUSTIC_TUNING.garbageEntryLog, 5);
    expect(extraArcs(net, 15)).toEqual([[11, expect.closeTo(askExit + ACOUSTIC_TUNING.garbageEntryLog, 5)]]);
    // Into "not", skipping garbage (from the pause) or both (from "ask"): no entry price.
    expect(extraArcs(net, 16)).toEqual([
      [14, expect.closeTo(pauseExit, 5)],
      [11, expect.closeTo(askExit, 5)],
    ]);
  });

  it('never puts garbage after the last word (the edges are the caller’s choice)', () => {
    expect(buildNetwork(model, words({}, { garbageAfter: true }), search()).size).toBe(27);
  });

  it('for timing, adds garbage edges that are optional starts and ends', () => {
    const net = buildNetwork(model, words(), timing());
    expect(net.size).toBe(29);
    expect(net.senone[0]).toBe(GARBAGE);
    expect(net.senone[28]).toBe(GARBAGE);
    expect(net.initials).toEqual([0, 1, 4]);
    expect(net.finals).toEqual([28, 27, 24]);
    // The first word can be entered from the garbage edge, bypassing the pause.
    expect(extraArcs(net, 4)).toEqual([[0, net.nextLog[0]]]);
  });
});

describe('buildNetwork: prices from the tuning', () => {
  it('prices a pause inside a sentence per frame, and leaves one after a sentence’s end free', () => {
    const tuning = tunedWith({ inSentencePausePerFrame: 2.5 });
    const inside = buildNetwork(model, words(), tunedNetworkOptions(tuning, 'timing'));
    const after = buildNetwork(model, words({ sentenceEnd: true }), tunedNetworkOptions(tuning, 'timing'));
    // States 13–15 are the pause between the words (after the garbage edge and the first pause).
    for (let s = 13; s <= 15; s++) {
      expect(inside.selfLog[s] - after.selfLog[s]).toBeCloseTo(-2.5, 5);
      expect(inside.nextLog[s - 1] - after.nextLog[s - 1]).toBeCloseTo(-2.5, 5);
    }
    // Leaving the pause, skipping it, and the pauses at the edges cost the same either way.
    expect(inside.nextLog[15]).toBeCloseTo(after.nextLog[15], 6);
    expect(extraArcs(inside, 16)).toEqual(extraArcs(after, 16));
    for (const s of [1, 2, 3, 25, 26, 27]) expect(inside.selfLog[s]).toBeCloseTo(after.selfLog[s], 6);
    // Searching does not price pauses at all.
    const searching = buildNetwork(model, words(), tunedNetworkOptions(tuning, 'search'));
    expect(searching.selfLog[12]).toBeCloseTo(model.transition(model.silencePhone, 0)[0], 6);
  });

  it('takes the garbage entry price and stay probability from the tuning', () => {
    const tuning = tunedWith({ garbageEntryLog: -7, garbageStayProbability: 0.5 });
    const net = buildNetwork(model, words({ garbageAfter: true }), tunedNetworkOptions(tuning, 'search'));
    const base = buildNetwork(model, words({ garbageAfter: true }), search());
    expect(net.nextLog[14] - base.nextLog[14]).toBeCloseTo(-7 - ACOUSTIC_TUNING.garbageEntryLog, 5);
    expect(net.selfLog[15]).toBeCloseTo(Math.log(0.5), 6);
    expect(net.nextLog[15]).toBeCloseTo(Math.log(0.5), 6);
  });
});

describe('buildNetwork: a word’s pronunciations side by side (timing)', () => {
  let read: NetworkWord;
  beforeAll(() => {
    const p = model.lexicon.pronounce('read')!; // R EH D, and R IY D
    read = { index: 0, phones: p.phones, alternates: p.alternates };
  });

  it('searches with the first pronunciation only', () => {
    const withAlternates = buildNetwork(model, [read, { index: 1, phones: not }], search());
    const firstOnly = buildNetwork(model, [{ index: 0, phones: read.phones }, { index: 1, phones: not }], search());
    expect(withAlternates).toEqual(firstOnly);
  });

  it('lays the pronunciations one after the other, each entered and left by its own arcs', () => {
    expect(read.alternates!.map((a) => a.map((p) => model.phoneNames[p]))).toEqual([['R', 'IY', 'D']]);
    const net = buildNetwork(model, [read, { index: 1, phones: not }], timing());
    // Garbage edge 0, pause 1–3, "read" as R EH D 4–12 and R IY D 13–21, pause 22–24, "not" 25–33, pause 34–36, garbage 37.
    expect(net.size).toBe(38);
    expect([...net.word.slice(4, 22)]).toEqual(Array(18).fill(0));
    expect(net.senone[16]).toBe(model.ciSenone(read.alternates![0][1], 0));
    // The first pronunciation's end does not lead into the second's start…
    expect(net.nextLog[12]).toBe(-Infinity);
    // …which is entered from where the first is: the pause before it, or the garbage edge past the pause.
    expect(extraArcs(net, 4)).toEqual([[0, net.nextLog[0]]]);
    expect(extraArcs(net, 13)).toEqual([
      [3, net.nextLog[3]],
      [0, net.nextLog[0]],
    ]);
    // Both ends lead into the pause after the word (inside a sentence: priced per frame, either way in)…
    const exit = model.transition(read.phones[2], 2)[1];
    const price = -ACOUSTIC_TUNING.inSentencePausePerFrame;
    expect(net.nextLog[21]).toBeCloseTo(exit + price, 5);
    expect(extraArcs(net, 22)).toEqual([[12, expect.closeTo(exit + price, 5)]]);
    // …and straight into "not", past the pause, at no price.
    expect(extraArcs(net, 25)).toEqual([
      [12, expect.closeTo(exit, 5)],
      [21, expect.closeTo(exit, 5)],
    ]);
    // Either pronunciation may open the window (past the edges) and, last, close it.
    expect(net.initials).toEqual([0, 1, 4, 13]);
    const last = buildNetwork(model, [{ index: 1, phones: not }, { ...read, index: 2 }], timing());
    expect(last.finals).toEqual([37, 36, 24, 33]);
  });

  it('keeps at most the tuning’s number of pronunciations per word', () => {
    const size = (n: number) => buildNetwork(model, [read], tunedNetworkOptions(tunedWith({ timingPronunciationsPerWord: n }), 'timing')).size;
    expect(size(1)).toBe(1 + 3 + 9 + 3 + 1);
    expect(size(2)).toBe(1 + 3 + 18 + 3 + 1);
    expect(size(4)).toBe(size(2));
  });
});

describe('buildNetwork: triphones', () => {
  const triphones = () => ({ ...search(), context: 'triphone' as const });
  const senonesOf = (phone: number) => [0, 1, 2].map((k) => model.phoneSenone(phone, k));

  it('lays each word once per context its edges may have: straight after or before the next word, or next to a pause', () => {
    const net = buildNetwork(model, words(), triphones());
    // pause | ask before "not" | ask before a pause | pause | not after "ask" | not after a pause | pause
    expect(net.size).toBe(3 + 2 * 9 + 3 + 2 * 9 + 3);
    const [AE, S, K] = ask;
    const [N, AA, T] = not;
    const sil = model.silencePhone;
    const id = (base: number, left: number, right: number, position: WordPosition) => triphoneId(model.definition, base, left, right, position);
    expect([...net.senone.slice(3, 12)]).toEqual([id(AE, sil, S, WordPosition.Begin), id(S, AE, K, WordPosition.Internal), id(K, S, N, WordPosition.End)].flatMap(senonesOf));
    expect([...net.senone.slice(12, 21)]).toEqual([id(AE, sil, S, WordPosition.Begin), id(S, AE, K, WordPosition.Internal), id(K, S, sil, WordPosition.End)].flatMap(senonesOf));
    expect([...net.senone.slice(24, 33)]).toEqual([id(N, K, AA, WordPosition.Begin), id(AA, N, T, WordPosition.Internal), id(T, AA, sil, WordPosition.End)].flatMap(senonesOf));
    expect([...net.senone.slice(33, 42)]).toEqual([id(N, sil, AA, WordPosition.Begin), id(AA, N, T, WordPosition.Internal), id(T, AA, sil, WordPosition.End)].flatMap(senonesOf));
    // Context-dependent senones, not the CI ones.
    expect(net.senone[11]).toBeGreaterThanOrEqual(model.ciSenones);
  });

  it('joins a branch only to what its context says it is next to', () => {
    const net = buildNetwork(model, words(), triphones());
    // "ask" before "not" leads only into "not" after "ask"; "ask" before a pause only into the pause.
    const askBeforeNot = triphoneId(model.definition, ask[2], ask[1], not[0], WordPosition.End);
    expect(extraArcs(net, 24)).toEqual([[11, expect.closeTo(model.transition(askBeforeNot, 2)[1], 5)]]);
    expect(net.nextLog[23]).toBe(-Infinity); // the pause does not lead into "not" after "ask"
    expect(extraArcs(net, 21)).toEqual([]); // the pause is entered from "ask" before a pause (the chain)
    expect(net.nextLog[20]).toBeGreaterThan(-Infinity);
    expect(net.nextLog[11]).toBe(-Infinity); // its successor in the chain is the other "ask", not a way on
    // "not" after a pause is entered from the pause only, not from "not" after "ask" before it in the chain.
    expect(extraArcs(net, 33)).toEqual([[23, expect.closeTo(model.transition(model.silencePhone, 2)[1], 5)]]);
    expect(net.nextLog[32]).toBe(-Infinity);
    // Both "not"s may end the network or go on to the last pause.
    expect(extraArcs(net, 42)).toEqual([[32, expect.closeTo(model.transition(not[2], 2)[1], 5)]]);
    expect(net.initials).toEqual([0, 3, 12]);
    expect(net.finals).toEqual([44, 32, 41]);
  });

  it('keeps a CI phone where the model has no such triphone', () => {
    const zh = model.phoneNames.indexOf('ZH');
    expect(triphoneId(model.definition, zh, zh, zh, WordPosition.Single)).toBe(-1);
    expect(contextPhones(model, [zh], zh, zh)).toEqual([zh]);
  });

  it('numbers a triphone network’s word senones as window columns, then the pauses, garbage left as it is', () => {
    const net = buildNetwork(model, words(), { ...timing(), context: 'triphone' as const });
    const { senoneIds, network } = contextColumns(model, net);
    expect(new Set(senoneIds).size).toBe(senoneIds.length);
    for (let s = 0; s < net.size; s++) {
      if (net.senone[s] === GARBAGE) expect(network.senone[s]).toBe(GARBAGE);
      else if (net.word[s] >= 0) expect(senoneIds[network.senone[s]]).toBe(net.senone[s]);
      else expect(network.senone[s]).toBe(senoneIds.length + net.senone[s] - model.ciSenones);
    }
    expect(network.senone.includes(GARBAGE)).toBe(true);
    expect(network.arcFrom).toBe(net.arcFrom);
  });
});

describe('buildNetwork: coarse grain', () => {
  it('makes each phone one state scoring its CI phone column', () => {
    const net = buildNetwork(model, words(), tunedNetworkOptions(ACOUSTIC_TUNING, 'search', 'coarse'));
    expect(net.size).toBe(1 + 3 + 1 + 3 + 1);
    expect([...net.senone]).toEqual([model.silencePhone, ...ask, model.silencePhone, ...not, model.silencePhone]);
    expect([...net.word]).toEqual([-1, 0, 0, 0, -1, 1, 1, 1, -1]);
    for (let s = 0; s < net.size; s++) expect(Math.exp(net.selfLog[s]) + Math.exp(net.nextLog[s])).toBeCloseTo(1, 5);
    expect(net.initials).toEqual([0, 1]);
    expect(net.finals).toEqual([8, 7]);
  });
});
