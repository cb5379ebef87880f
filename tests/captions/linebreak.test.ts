import { describe, expect, it } from 'vitest';
import { breakPenalty, layoutLines } from '../../src/captions/linebreak.js';
import { chopWord } from '../../src/captions/units.js';

const tokens = (text: string) => text.split(' ').map((t) => ({ text: t }));

describe('breakPenalty', () => {
  it('likes breaks after punctuation and before conjunctions and prepositions', () => {
    expect(breakPenalty('Ukraine.', 'We')).toBeLessThan(breakPenalty('Ukraine,', 'we'));
    expect(breakPenalty('Ukraine,', 'we')).toBeLessThan(0);
    expect(breakPenalty('strong', 'and')).toBeLessThan(0);
    expect(breakPenalty('spending', 'in')).toBeLessThan(0);
    expect(breakPenalty('strong', 'and')).toBeLessThan(breakPenalty('and', 'strong'));
  });

  it('dislikes article+noun, adjective+noun, first+last name, pronoun+verb, number+unit', () => {
    for (const [left, right] of [
      ['the', 'Alliance'],
      ['a', 'plan'],
      ['robust', 'plans'],
      ['military', 'capabilities'],
      ['Mark', 'Rutte'],
      ['Secretary', 'Hegseth'],
      ['we', 'need'],
      ['they', 'will'],
      ['485', 'billion'],
    ]) {
      expect(breakPenalty(left, right), `${left} / ${right}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('does not mistake punctuation-separated words for a pair', () => {
    expect(breakPenalty('the,', 'Alliance')).toBeLessThan(0);
    expect(breakPenalty('Rutte.', 'Hegseth')).toBeLessThan(0);
  });
});

describe('layoutLines', () => {
  it('keeps text that fits on one line on one line', () => {
    expect(layoutLines(tokens('Good afternoon.'), 42, 2)).toEqual({ lines: ['Good afternoon.'], cost: 0, chars: 15 });
  });

  it('returns null when the text cannot fit', () => {
    expect(layoutLines(tokens('a '.repeat(50).trim()), 42, 2)).toBeNull();
    expect(layoutLines(tokens('a '.repeat(50).trim()), 42, 3)?.lines).toHaveLength(3);
  });

  it('prefers the comma even when the lines are less balanced', () => {
    const { lines } = layoutLines(tokens('Since the summit, Allies agreed to spend more on defence'), 42, 2)!;
    expect(lines).toEqual(['Since the summit,', 'Allies agreed to spend more on defence']);
  });

  it('balances when there is no good break', () => {
    const { lines } = layoutLines(tokens('xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx'), 42, 2)!;
    expect(lines.map((l) => l.length)).toEqual([24, 24]);
  });

  it('joins glued pieces without a space and never exceeds the line', () => {
    const pieces = [{ text: 'see' }, { text: 'https://example.org/' }, { text: 'very/long/path', glue: true }];
    const layout = layoutLines(pieces, 24, 2)!;
    expect(layout.lines.join('|')).toBe('see https://example.org/|very/long/path');
  });
});

describe('chopWord', () => {
  it('cuts a long token after a slash or hyphen where it can, sharing time by length', () => {
    const pieces = chopWord('https://www.nato.int/cps/en/natohq/news_233126.htm', 20);
    expect(pieces.map((p) => p.text).join('')).toBe('https://www.nato.int/cps/en/natohq/news_233126.htm');
    for (const p of pieces) expect(p.text.length).toBeLessThanOrEqual(20);
    expect(pieces[0].text.endsWith('/') || pieces[0].text.endsWith('.')).toBe(true);
    expect(pieces[0].from).toBe(0);
    expect(pieces[pieces.length - 1].to).toBe(1);
  });

  it('leaves a token that fits alone', () => {
    expect(chopWord('Alliance', 42)).toEqual([{ text: 'Alliance', from: 0, to: 1 }]);
  });
});
