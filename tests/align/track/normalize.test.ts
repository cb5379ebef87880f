import { describe, expect, it } from 'vitest';
import { matchTokens, trackWordTokens, transcriptWordTokens, verbalizeTrackWord } from '../../../src/align/track/normalize.js';
import { tokenSimilarity } from '../../../src/align/track/similarity.js';

describe('verbalizeTrackWord', () => {
  it.each([
    ['2%', 'two percent'],
    ['20%', 'twenty percent'],
    ['700', 'seven hundred'],
    ['485', 'four hundred eighty five'],
    ['1,000', 'one thousand'],
    ['3.5', 'three point five'],
    ['$5', 'five dollars'],
    ['€1', 'one euro'],
    ['2025', 'twenty twenty five'],
    ['2005', 'two thousand five'],
    ['1900', 'nineteen hundred'],
    ['21st', 'twenty first'],
    ['1990s', 'nineteen nineties'],
    ['U.S.', 'u s'],
    ['u.s', 'u s'],
    ['twenty-five', 'twenty five'],
    ['F-35', 'f thirty five'],
    ['G7', 'g seven'],
    ['Ukraine.', 'ukraine'],
    ['America’s', "america's"],
    ['"quoted,"', 'quoted'],
    ['[Music]', ''],
    ['>>', ''],
    ['&', 'and'],
  ])('%s → %s', (text, spoken) => {
    expect(verbalizeTrackWord(text).join(' ')).toBe(spoken);
  });
});

describe('matching tokens', () => {
  it('collapses a spelled acronym from one word, whichever way it was written', () => {
    expect(matchTokens(['u', 's'])).toEqual(['us']);
    expect(trackWordTokens('U.S.')).toEqual(['us']);
    expect(trackWordTokens('us')).toEqual(['us']);
    expect(transcriptWordTokens({ text: 'US', spoken: 'u s' })).toEqual(['us']);
    expect(transcriptWordTokens({ text: 'NATO', spoken: 'n a t o' })).toEqual(['nato']);
    expect(transcriptWordTokens({ text: 'NATO', spoken: 'nato' })).toEqual(['nato']);
  });

  it('keeps "a" and "i" as words and drops apostrophes', () => {
    expect(matchTokens(['a', 'lot'])).toEqual(['a', 'lot']);
    expect(transcriptWordTokens({ text: 'they’ll', spoken: "they'll" })).toEqual(['theyll']);
    expect(trackWordTokens("they'll")).toEqual(['theyll']);
  });

  it('treats an empty spoken form as unspoken unless the text has letters', () => {
    expect(transcriptWordTokens({ text: '–', spoken: '' })).toEqual([]);
    expect(transcriptWordTokens({ text: '2%', spoken: '' })).toEqual(['two', 'percent']);
  });
});

describe('tokenSimilarity', () => {
  it('rates spelling variants and mishearings above unrelated words', () => {
    expect(tokenSimilarity('defence', 'defense')).toBeGreaterThan(0.8);
    expect(tokenSimilarity('hegseth', 'hexeth')).toBeGreaterThanOrEqual(0.7);
    expect(tokenSimilarity('allies', 'ally')).toBeGreaterThan(0.4);
    expect(tokenSimilarity('ukraine', 'budget')).toBeLessThan(0.2);
  });

  it('does not call two different short words similar', () => {
    expect(tokenSimilarity('a', 'i')).toBe(0);
    expect(tokenSimilarity('in', 'on')).toBe(0);
    expect(tokenSimilarity('nato', 'nato')).toBe(1);
  });
});
