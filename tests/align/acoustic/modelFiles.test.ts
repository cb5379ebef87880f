import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, modelLanguageFor, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { readCodebooks, readMixtureWeights, readModelDefinition, readTransitions, triphoneId, WordPosition } from '../../../src/align/acoustic/modelFiles.js';
import { scoreLayout } from '../../../src/align/acoustic/frames.js';

let en: AcousticModel;
let fr: AcousticModel;
beforeAll(async () => {
  [en, fr] = await Promise.all([loadAcousticModel('en'), loadAcousticModel('fr')]);
});

describe.each([
  ['en', 'SIL', 42],
  ['fr', 'SIL', 36],
] as const)('the soundswallower %s model', (language, silenceName, ciPhones) => {
  const model = () => (language === 'en' ? en : fr);

  it('loads with consistent shapes: 3-state CI phones, one PTM codebook per CI phone, 3 streams × 128 Gaussians × 13 dims', () => {
    const m = model();
    const d = m.definition;
    expect(d.ciPhones).toHaveLength(ciPhones);
    expect(m.emittingStates).toBe(3);
    expect(d.ciSenones).toBe(ciPhones * 3);
    expect(d.senones).toBeGreaterThan(d.ciSenones);
    expect(d.phoneBase.length).toBeGreaterThan(ciPhones * 100); // triphones follow the CI phones
    const g = m.gaussians;
    expect([g.codebooks, g.streams, g.densities, g.dims, g.senones]).toEqual([ciPhones, 3, 128, 13, d.senones]);
    expect(g.mean).toHaveLength(ciPhones * 3 * 128 * 13);
    // Every senone belongs to a codebook, and a CI phone's own senones to its own.
    expect(Math.min(...g.senoneCodebook)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...g.senoneCodebook)).toBeLessThan(ciPhones);
    for (let p = 0; p < ciPhones; p++) for (let k = 0; k < 3; k++) expect(g.senoneCodebook[m.ciSenone(p, k)]).toBe(p);
    // Each phone's senone sequence stays inside the senone range, CI senones first.
    for (let p = 0; p < d.phoneBase.length; p += 997) {
      for (let k = 0; k < 3; k++) expect(d.sequences[d.phoneSequence[p] * 3 + k]).toBeLessThan(d.senones);
    }
    expect(new Set(Array.from({ length: ciPhones * 3 }, (_, i) => m.ciSenone(i / 3 | 0, i % 3))).size).toBe(ciPhones * 3);
    expect(Math.max(...Array.from({ length: ciPhones * 3 }, (_, i) => m.ciSenone(i / 3 | 0, i % 3)))).toBe(d.ciSenones - 1);
    expect(d.ciPhones[m.silencePhone]).toBe(silenceName);
    expect(d.filler[m.silencePhone]).toBe(true);
    expect(m.isSpeechPhone(m.silencePhone)).toBe(false);
  });

  it('reads mixture weights that are each senone’s distribution over its 128 Gaussians (up to the quantization floor)', () => {
    const m = model();
    const w = readMixtureWeights(readFileSync(join(m.folder, 'sendump')), m.definition.senones, 3, 128);
    for (let s = 0; s < w.senones; s += 7) {
      for (let f = 0; f < 3; f++) {
        let sum = 0;
        for (let g = 0; g < 128; g++) sum += Math.exp(-w.negLog[(f * 128 + g) * w.senones + s]);
        expect(sum).toBeGreaterThan(0.85);
        expect(sum).toBeLessThan(1.05);
      }
    }
  });

  it('reads left-to-right transition matrices whose rows are distributions', () => {
    const t = model().transitions;
    expect(t.states).toBe(3);
    for (let x = 0; x < t.matrices; x++) {
      for (let i = 0; i < 3; i++) {
        const row = (x * 3 + i) * 4;
        let sum = 0;
        for (let j = 0; j < 4; j++) {
          if (j < i) expect(t.logProb[row + j]).toBe(-Infinity); // never backwards
          sum += Math.exp(t.logProb[row + j]);
        }
        expect(sum).toBeCloseTo(1, 4);
      }
    }
    const [stay, advance] = model().transition(3, 1);
    expect(stay).toBeLessThan(0);
    expect(advance).toBeLessThan(0);
    expect(Math.exp(stay) + Math.exp(advance)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('gives pause columns right after the CI senones, covering every filler phone', () => {
    const m = model();
    expect([0, 1, 2].map((k) => m.pauseSenone(k))).toEqual([m.ciSenones, m.ciSenones + 1, m.ciSenones + 2]);
    const layout = scoreLayout(m);
    expect(layout.pauseStates).toHaveLength(3);
    const fillers = m.phoneNames.map((_, p) => p).filter((p) => !m.isSpeechPhone(p));
    expect(fillers).toContain(m.silencePhone);
    for (let k = 0; k < 3; k++) expect([...layout.pauseStates[k]].sort((a, b) => a - b)).toEqual(fillers.map((p) => m.ciSenone(p, k)).sort((a, b) => a - b));
    // On the coarse grid the silence phone scores from the pause columns.
    expect(layout.phoneStates[m.silencePhone]).toEqual([0, 1, 2].map((k) => m.pauseSenone(k)));
  });
});

describe('triphoneId (en-us)', () => {
  const id = (name: string) => en.definition.ciPhones.indexOf(name);

  it('finds the word-internal AE of "cat" (K AE T) as a triphone of base AE', () => {
    const tri = triphoneId(en.definition, id('AE'), id('K'), id('T'), WordPosition.Internal);
    expect(tri).toBeGreaterThanOrEqual(en.definition.ciPhones.length);
    expect(en.definition.phoneBase[tri]).toBe(id('AE'));
    // Its senones are not the CI phone's: the model really has context-dependent states here.
    const seq = en.definition.phoneSequence[tri];
    expect(seq).not.toBe(en.definition.phoneSequence[id('AE')]);
  });

  it('treats a filler context as silence, as the model was trained', () => {
    const afterSilence = triphoneId(en.definition, id('K'), id('SIL'), id('AE'), WordPosition.Begin);
    expect(afterSilence).toBeGreaterThan(0);
    expect(triphoneId(en.definition, id('K'), id('+NSN+'), id('AE'), WordPosition.Begin)).toBe(afterSilence);
    expect(triphoneId(en.definition, id('K'), id('+SPN+'), id('AE'), WordPosition.Begin)).toBe(afterSilence);
  });

  it('answers −1 for a context the model never saw, so callers fall back to the CI phone', () => {
    expect(triphoneId(en.definition, id('ZH'), id('ZH'), id('ZH'), WordPosition.Single)).toBe(-1);
    expect(triphoneId(en.definition, id('AE'), id('K'), id('T'), WordPosition.Single)).toBe(-1);
  });
});

describe('file readers reject what they cannot read', () => {
  it('names the problem instead of returning garbage', () => {
    const folder = en.folder;
    expect(() => readModelDefinition(Buffer.from('not a model definition'))).toThrow(/mdef: not a binary model definition/);
    const means = readFileSync(join(folder, 'means'));
    expect(() => readCodebooks(means.subarray(0, means.length - 100), 'means')).toThrow(/means: (truncated|size)/);
    expect(() => readCodebooks(Buffer.from('xx\nendhdr\n'), 'means')).toThrow(/not an s3 file/);
    expect(() => readTransitions(readFileSync(join(folder, 'transition_matrices')).subarray(0, 200))).toThrow(/transition_matrices/);
    expect(() => readMixtureWeights(readFileSync(join(folder, 'sendump')), en.definition.senones + 1, 3, 128)).toThrow(/sendump: \d+ senones/);
  });
});

describe('modelLanguageFor', () => {
  it('maps language tags to the two models and nothing else', () => {
    expect(['en', 'en-GB', 'EN_us', 'eng'].map(modelLanguageFor)).toEqual(['en', 'en', 'en', 'en']);
    expect(['fr', 'fr-FR', 'fr_CA', 'fra', 'fre'].map(modelLanguageFor)).toEqual(['fr', 'fr', 'fr', 'fr', 'fr']);
    expect(['de', 'nl', '', 'french'].map(modelLanguageFor)).toEqual([null, null, null, null]);
  });

  it('loads each model once per process', async () => {
    expect(await loadAcousticModel('en')).toBe(en);
  });
});
