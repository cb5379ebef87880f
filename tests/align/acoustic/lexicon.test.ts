import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { Lexicon } from '../../../src/align/acoustic/lexicon.js';
import { espeakIpa } from '../../../src/align/acoustic/g2p.js';
import { parseTranscript } from '../../../src/text/index.js';

let en: AcousticModel;
let fr: AcousticModel;
let ipaEn: (word: string) => string | null;
let ipaFr: (word: string) => string | null;
beforeAll(async () => {
  [en, fr, ipaEn, ipaFr] = await Promise.all([loadAcousticModel('en'), loadAcousticModel('fr'), espeakIpa('en'), espeakIpa('fr')]);
});

const names = (m: AcousticModel, phones: number[]) => phones.map((p) => m.phoneNames[p]);
/** Every phone is one of the model's speech phones (never silence or a noise filler). */
function expectSpeechPhones(m: AcousticModel, phones: number[]): void {
  expect(phones.length).toBeGreaterThan(0);
  for (const p of phones) {
    expect(Number.isInteger(p) && p >= 0 && p < m.definition.ciPhones.length).toBe(true);
    expect(m.isSpeechPhone(p)).toBe(true);
  }
}

describe('Lexicon (en-us)', () => {
  it('gives dictionary words their CMUdict phones, whatever the case or apostrophe', () => {
    const p = en.lexicon.pronounce('afternoon')!;
    expect(p.source).toBe('dictionary');
    expect(names(en, p.phones)).toEqual(['AE', 'F', 'T', 'ER', 'N', 'UW', 'N']);
    expect(en.lexicon.pronounce('Afternoon')!.phones).toEqual(p.phones);
    expect(names(en, en.lexicon.pronounce('don’t')!.phones)).toEqual(names(en, en.lexicon.pronounce("don't")!.phones));
    // The first of several pronunciations is the word's phones, the others its alternates, in order.
    const read = en.lexicon.pronounce('read')!;
    expect(names(en, read.phones)).toEqual(['R', 'EH', 'D']);
    expect(read.alternates.map((a) => names(en, a))).toEqual([['R', 'IY', 'D']]);
    expect(en.lexicon.pronounce('to')!.alternates.map((a) => names(en, a))).toEqual([
      ['T', 'IH'],
      ['T', 'AH'],
    ]);
    expect(en.lexicon.pronounce('afternoon')!.alternates).toEqual([]);
  });

  it('orders alternates by their number, wherever the dictionary lists them', () => {
    const lexicon = new Lexicon('en', 'the(2) DH IY\nthe DH AH', en.phoneNames, ipaEn);
    const the = lexicon.pronounce('the')!;
    expect(names(en, the.phones)).toEqual(['DH', 'AH']);
    expect(the.alternates.map((a) => names(en, a))).toEqual([['DH', 'IY']]);
    expect(lexicon.pronounce('hegseth')!.alternates).toEqual([]);
  });

  it('gives names outside the dictionary eSpeak-NG phones mapped into the model’s phone set', () => {
    const expected: Record<string, { first: string; contains: string[] }> = {
      rutte: { first: 'R', contains: ['T'] },
      zelensky: { first: 'Z', contains: ['L', 'N', 'S', 'K'] },
      hegseth: { first: 'HH', contains: ['G', 'S', 'TH'] },
      marisport: { first: 'M', contains: ['R', 'S', 'P', 'T'] },
    };
    for (const [word, shape] of Object.entries(expected)) {
      // A fresh lexicon, so the first lookup is what is tested (see the caching test below).
      const lexicon = new Lexicon('en', 'afternoon AE F T ER N UW N', en.phoneNames, ipaEn);
      const p = lexicon.pronounce(word)!;
      expect(p, word).not.toBeNull();
      expect(p.source, word).toBe('espeak');
      expectSpeechPhones(en, p.phones);
      expect(names(en, p.phones)[0], word).toBe(shape.first);
      for (const phone of shape.contains) expect(names(en, p.phones), word).toContain(phone);
    }
  });

  // A pronunciation made by eSpeak is cached apart from the dictionary's, so it keeps its source.
  it('still says a cached eSpeak pronunciation came from eSpeak', () => {
    const lexicon = new Lexicon('en', '', en.phoneNames, ipaEn);
    expect(lexicon.pronounce('hegseth')!.source).toBe('espeak');
    expect(lexicon.pronounce('hegseth')!.source).toBe('espeak');
  });

  it('answers null for a token with no letters and nothing in the dictionary', () => {
    expect(en.lexicon.pronounce('%')).toBeNull();
    expect(en.lexicon.pronounce('—')).toBeNull();
  });

  it('pronounces numbers, percentages and abbreviations through the transcript’s spoken forms', () => {
    const t = parseTranscript('In 2024, Allies invested 485 billion US dollars, a 20% increase, and 3.5% more.');
    const spoken = Object.fromEntries(t.words.map((w) => [w.text.replace(/[,.]$/, ''), w.spoken]));
    expect(spoken['2024']).toBe('twenty twenty four');
    expect(spoken['485']).toBe('four hundred eighty five');
    expect(spoken['20%']).toBe('twenty percent');
    for (const w of t.words) {
      for (const part of w.spoken.split(' ')) {
        const p = en.lexicon.pronounce(part);
        expect(p, part).not.toBeNull();
        expect(p!.source, part).toBe('dictionary');
      }
    }
    expect(names(en, en.lexicon.pronounce('percent')!.phones)).toEqual(['P', 'ER', 'S', 'EH', 'N', 'T']);
  });
});

describe('Lexicon.ipaToPhones', () => {
  it('maps eSpeak’s `_`-separated IPA to model phones, longest symbol first, marks dropped', () => {
    const lex = en.lexicon;
    expect(names(en, lex.ipaToPhones('h_ə_l_ˈoʊ'))).toEqual(['HH', 'AH', 'L', 'OW']);
    expect(names(en, lex.ipaToPhones('tʃ_ˈiː_z'))).toEqual(['CH', 'IY', 'Z']);
    expect(names(en, lex.ipaToPhones('f_ˈaɪɚ'))).toEqual(['F', 'AY', 'ER']);
    expect(names(en, lex.ipaToPhones('h_ə_l_ˈoʊ w_ˈɜː_l_d'))).toEqual(['HH', 'AH', 'L', 'OW', 'W', 'ER', 'L', 'D']);
    // A symbol with no counterpart is skipped, not guessed.
    expect(names(en, lex.ipaToPhones('ʘ_æ'))).toEqual(['AE']);
    expect(lex.ipaToPhones('')).toEqual([]);
  });

  it('keeps French alternates that change a sound, not those that only add a liaison or a final schwa', () => {
    // ont: au nn tt, on, on tt — "on tt" is "on" with a liaison t.
    const ont = fr.lexicon.pronounce('ont')!;
    expect(names(fr, ont.phones)).toEqual(['au', 'nn', 'tt']);
    expect(ont.alternates.map((a) => names(fr, a))).toEqual([['on']]);
    // les(2) ll ai zz, dépenses(2) … ss ee and (3) … ss ee zz: endings only.
    expect(fr.lexicon.pronounce('les')!.alternates).toEqual([]);
    expect(fr.lexicon.pronounce('dépenses')!.alternates).toEqual([]);
    // The first pronunciation stays even when it is another's longer form.
    const lexicon = new Lexicon('fr', 'est ai ss tt\nest(2) ai\nest(3) ai ss tt ee', fr.phoneNames, ipaFr);
    const est = lexicon.pronounce('est')!;
    expect(names(fr, est.phones)).toEqual(['ai', 'ss', 'tt']);
    expect(est.alternates.map((a) => names(fr, a))).toEqual([['ai']]);
  });

  it('maps French IPA into the fr-fr phone set', () => {
    expect(names(fr, fr.lexicon.ipaToPhones('b_ɔ̃_ʒ_ˈu_ʁ'))).toEqual(['bb', 'on', 'jj', 'ou', 'rr']);
    expect(names(fr, fr.lexicon.ipaToPhones('ɑ̃_f_ɑ̃'))).toEqual(['an', 'ff', 'an']);
  });
});

describe('espeakIpa', () => {
  it('gives IPA with phonemes joined by `_`, reads digits in the voice’s language, and nothing for a token of neither', () => {
    const ipa = ipaEn;
    expect(ipa('hegseth')).toMatch(/^h_.*ɡ_s_.*θ$/);
    expect(ipa('2024')).toMatch(/t_w/); // "twenty …"
    expect(ipa('%')).toBeNull();
    expect(ipa('—')).toBeNull();
  });
});

describe('Lexicon (fr-fr)', () => {
  it('gives French words fr-fr phones, from its dictionary or, for names, from eSpeak', () => {
    expect(names(fr, fr.lexicon.pronounce('bonjour')!.phones)).toEqual(['bb', 'on', 'jj', 'ou', 'rr']);
    expect(names(fr, fr.lexicon.pronounce('défense')!.phones)).toEqual(['dd', 'ai', 'ff', 'an', 'ss']);
    const lexicon = new Lexicon('fr', '', fr.phoneNames, ipaFr);
    for (const name of ['rutte', 'hegseth', 'zelensky']) {
      const p = lexicon.pronounce(name)!;
      expect(p.source).toBe('espeak');
      expectSpeechPhones(fr, p.phones);
      for (const phone of names(fr, p.phones)) expect(phone).toMatch(/^[a-z]{2}$/); // fr-fr names, never en-us ones
    }
  });

  // French text keeps its numbers as digits (spokenFormVerbatim); eSpeak's French voice reads them.
  it('pronounces the numbers of a French transcript', () => {
    const t = parseTranscript('En 2024, les Alliés ont investi 485 milliards de dollars.', { language: 'fr' });
    for (const w of t.words) for (const part of w.spoken.split(' ')) expect(fr.lexicon.pronounce(part), part).not.toBeNull();
  });
});
