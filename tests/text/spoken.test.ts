import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardinalWords,
  isPronounceableAcronym,
  ordinalWords,
  spokenForm,
  spokenFormVerbatim,
  yearWords,
  type SpokenContext,
} from '../../src/text/index.js';

/** [written token, expected spoken form, context?] */
const TABLE: Array<[string, string, SpokenContext?]> = [
  // cardinals
  ['700', 'seven hundred'],
  ['1,000', 'one thousand'],
  ['485', 'four hundred eighty five'],
  ['24', 'twenty four'],
  ['0', 'zero'],
  ['13', 'thirteen'],
  ['100', 'one hundred'],
  ['1,000,000', 'one million'],
  ['12,345', 'twelve thousand three hundred forty five'],
  ['007', 'zero zero seven'],
  ['50', 'fifty'],
  // numbers before scale words and count nouns are quantities, not years
  ['700', 'seven hundred', { next: 'billion' }],
  ['2024', 'two thousand twenty four', { next: 'troops' }],
  ['1500', 'one thousand five hundred', { next: 'billion' }],
  ['billion', 'billion', { prev: '700' }],
  // years
  ['2014', 'twenty fourteen'],
  ['2014,', 'twenty fourteen', { next: 'European' }],
  ['2000', 'two thousand'],
  ['2009', 'two thousand nine'],
  ['2023.', 'twenty twenty three'],
  ['1949', 'nineteen forty nine'],
  ['1905', 'nineteen oh five'],
  ['1900', 'nineteen hundred'],
  ['1100', 'eleven hundred'],
  ['2099', 'twenty ninety nine'],
  ['2100', 'two thousand one hundred'],
  ['1990s', 'nineteen nineties'],
  ["'90s", 'nineties'],
  ['mid-2024', 'mid twenty twenty four'],
  // ordinals
  ['1st', 'first'],
  ['2nd', 'second'],
  ['3rd', 'third'],
  ['21st', 'twenty first'],
  ['12th', 'twelfth'],
  ['20th', 'twentieth'],
  ['100th', 'one hundredth'],
  ['75th', 'seventy fifth'],
  // decimals and signs
  ['2.5', 'two point five'],
  ['3.14', 'three point one four'],
  ['0.5', 'zero point five'],
  ['-5', 'minus five'],
  ['\u22125', 'minus five'],
  ['+3', 'plus three'],
  // percent
  ['2%', 'two percent'],
  ['20%', 'twenty percent'],
  ['60%', 'sixty percent'],
  ['2.5%', 'two point five percent'],
  ['%', 'percent'],
  ['2-3%', 'two to three percent'],
  // currency
  ['$5', 'five dollars'],
  ['$1', 'one dollar'],
  ['€50', 'fifty euros'],
  ['€1', 'one euro'],
  ['£3bn', 'three billion pounds'],
  ['$5.50', 'five dollars fifty'],
  ['US$700', 'seven hundred u s dollars'],
  ['US$', 'u s dollars'],
  ['US$', '', { next: '5' }],
  ['5', 'five u s dollars', { prev: 'US$' }],
  ['5', 'five', { prev: 'US$', next: 'billion' }],
  ['billion', 'billion u s dollars', { prev: '5', prevPrev: 'US$' }],
  ['$5', 'five', { next: 'billion' }],
  ['billion', 'billion dollars', { prev: '$5' }],
  ['€1.5', 'one point five', { next: 'billion' }],
  ['50€', 'fifty euros'],
  ['$2tn', 'two trillion dollars'],
  // ranges
  ['2014–2024', 'twenty fourteen to twenty twenty four'],
  ['2014-2024', 'twenty fourteen to twenty twenty four'],
  ['2014-24', 'twenty fourteen to twenty four'],
  ['10-15', 'ten to fifteen'],
  ['–', 'to', { prev: '10', next: '15' }],
  ['–', ''],
  ['—', ''],
  // times
  ['10:30', 'ten thirty'],
  ['9:05', 'nine oh five'],
  ['10:00', "ten o'clock"],
  ['15:00', 'fifteen hundred'],
  ['10:30am', 'ten thirty eh m'],
  ['9am', 'nine eh m'],
  ['3pm', 'three p m'],
  ['3', 'three', { next: 'p.m.' }],
  ['p.m.', 'p m'],
  ['a.m.', 'eh m'],
  ['UAE', 'u eh e'],
  // symbols
  ['&', 'and'],
  ['R&D', 'r and d'],
  ['24/7', 'twenty four seven'],
  ['2/3', 'two thirds'],
  ['1/2', 'one half'],
  ['½', 'one half'],
  ['X/TWITTER', 'x twitter'],
  ['km/h', 'kilometres per hour'],
  ['10km', 'ten kilometres'],
  // acronyms
  ['US', 'u s'],
  ['UDCG', 'u d c g'],
  ['EU', 'e u'],
  ['UK', 'u k'],
  ['GDP', 'g d p'],
  ['UN', 'u n'],
  ['NATO', 'nato'],
  ['OTAN', 'otan'],
  ['NASA', 'nasa'],
  ['UNESCO', 'unesco'],
  ['SHAPE', 'shape'],
  ['OSCE', 'o s c e'],
  ['UNHCR', 'u n h c r'],
  ['ICBM', 'i c b m'],
  ['NSPA', 'n s p eh'],
  ['SACEUR', 'sack your'],
  ['U.S.', 'u s'],
  ['U.K.', 'u k'],
  ["NATO's", "nato's"],
  ["EU's", "e u's"],
  ['MPs', 'm p s'],
  ['NGOs', 'n g o s'],
  ['F-16', 'f sixteen'],
  ['F-16s', 'f sixteens'],
  ['COVID-19', 'covid nineteen'],
  ['G7', 'g seven'],
  ['5G', 'five g'],
  ['MH17', 'm h seventeen'],
  ['FEB', 'february'],
  ['I', 'i'],
  // capitals in a shouted passage are words
  ['YOU', 'you', { upperCaseRun: true }],
  ['YOU', 'y o u'],
  // compounds
  ['two-thirds', 'two thirds'],
  ['NATO-Ukraine', 'nato ukraine'],
  ['Euro-Atlantic', 'euro atlantic'],
  ['well-known', 'well known'],
  // abbreviations
  ['Mr.', 'mister'],
  ['Mr', 'mister'],
  ['Mrs.', 'missus'],
  ['Dr.', 'doctor'],
  ['St.', 'saint', { next: 'Petersburg' }],
  ['St.', 'street', { prev: 'Downing', next: 'on' }],
  ['No.', 'number', { next: '1' }],
  ['No.', 'no', { next: 'We' }],
  ['e.g.', 'for example'],
  ['i.e.', 'that is'],
  ['etc.', 'et cetera'],
  ['Gen.', 'general'],
  // plain words and punctuation
  ['Ukraine.', 'ukraine'],
  ['Allies,', 'allies'],
  ['“Hello”', 'hello'],
  ['America’s', "america's"],
  ['they’ll', "they'll"],
  ['(NATO)', 'nato'],
  ['Allies’', 'allies'],
  ['afternoon,', 'afternoon'],
  ['•', ''],
  ['...', ''],
  ['…', ''],
  ['|', ''],
  ['Türkiye', 'türkiye'],
  ['Zelenskyy?', 'zelenskyy'],
  ['www.nato.int', 'w w w dot nato dot int'],
  ['1,2,3', 'one two three'],
  ['Hello,world', 'hello world'],
  ['#NATO', 'nato'],
  ['@NATO', 'nato'],
];

describe('spokenForm (English)', () => {
  it.each(TABLE)('%s → %s', (token, expected, context) => {
    expect(spokenForm(token, context ?? {})).toBe(expected);
  });

  it('only ever produces lower-case letters, inner apostrophes and single spaces', () => {
    for (const [token, , context] of TABLE) {
      const said = spokenForm(token, context ?? {});
      expect(said).toMatch(/^(?:[\p{Ll}\p{M}]+(?:'[\p{Ll}\p{M}]+)*(?: |$))*$/u);
    }
  });
});

describe('spokenForm on arbitrary tokens (property)', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9.,:;%$€£&'’“”()\[\]\-–\/+#@!?½é]{1,14}$/);
  it('never throws and only yields lower-case letters, inner apostrophes and single spaces', () => {
    fc.assert(
      fc.property(token, fc.option(token), fc.option(token), (t, prev, next) => {
        const said = spokenForm(t, { prev, next });
        expect(said).toMatch(/^(?:[\p{Ll}\p{M}]+(?:'[\p{Ll}\p{M}]+)*(?: |$))*$/u);
        // a token with a letter or digit is always said
        if (/[A-Za-z0-9é½]/.test(t)) expect(said).not.toBe('');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('number words', () => {
  it('reads cardinals up to the trillions and long digit strings one by one', () => {
    expect(cardinalWords('999999999999')).toBe(
      'nine hundred ninety nine billion nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine',
    );
    expect(cardinalWords('1000000000000')).toBe('one trillion');
    expect(cardinalWords('12345678901234567890')).toMatch(/^one two three four five/);
  });

  it('reads ordinals and years', () => {
    expect(ordinalWords('1000')).toBe('one thousandth');
    expect(ordinalWords('42')).toBe('forty second');
    expect(yearWords(2010)).toBe('twenty ten');
    expect(yearWords(2001)).toBe('two thousand one');
    expect(yearWords(1800)).toBe('eighteen hundred');
  });
});

describe('acronym pronounceability', () => {
  it.each(['NATO', 'OTAN', 'NASA', 'UNESCO', 'UNICEF', 'NORAD', 'DIANA', 'HIMARS'])('%s is said as a word', (a) => {
    expect(isPronounceableAcronym(a)).toBe(true);
  });
  it.each(['US', 'EU', 'UK', 'GDP', 'UDCG', 'EAPC', 'NCIA', 'CBRN', 'OSCE', 'IAEA'])('%s is spelled', (a) => {
    expect(isPronounceableAcronym(a)).toBe(false);
  });
});

describe('spokenForm (other languages)', () => {
  it('keeps the lower-cased word without punctuation and leaves numbers to eSpeak', () => {
    expect(spokenForm('OTAN,', { language: 'fr' })).toBe('otan');
    expect(spokenForm('l’Alliance.', { language: 'fr' })).toBe("l'alliance");
    expect(spokenForm('2,5', { language: 'fr' })).toBe('2,5');
    expect(spokenForm('2014', { language: 'fr' })).toBe('2014');
    expect(spokenForm('20%', { language: 'de' })).toBe('20%');
    expect(spokenForm('NATO-Ukraine', { language: 'de' })).toBe('nato ukraine');
    expect(spokenForm('–', { language: 'fr' })).toBe('');
    expect(spokenForm('«Bonjour»', { language: 'fr' })).toBe('bonjour');
    expect(spokenFormVerbatim('İSTANBUL', 'tr')).toBe('istanbul');
  });

  it('treats en-GB as English', () => {
    expect(spokenForm('2%', { language: 'en-GB' })).toBe('two percent');
  });
});
