import { describe, expect, it } from 'vitest';
import { guessSpeakerRole, parseTranscript, synthesisPunctuation } from '../../src/text/index.js';

describe('synthesisPunctuation', () => {
  it('keeps pauses a speaker makes and drops abbreviation dots', () => {
    const t = parseTranscript('Mr. Rutte met the U.S. Secretary, then left – quickly. Why? We must... act.\nGood afternoon,\nThanks');
    const marks = t.words.map((w, i) => `${w.spoken}${synthesisPunctuation(t.words, i)}`);
    expect(marks).toEqual([
      'mister', 'rutte', 'met', 'the', 'u s', 'secretary,', 'then', 'left,', '', 'quickly.', 'why?', 'we', 'must,', 'act.',
      'good', 'afternoon.', 'thanks.',
    ]);
  });
});

describe('guessSpeakerRole', () => {
  it.each([
    ['NATO Secretary General', 'host'],
    ['JENS STOLTENBERG (NATO Secretary General)', 'host'],
    ['Mircea Geoană [NATO Deputy Secretary General]', 'host'],
    ['OANA LUNGESCU [NATO Spokesperson]', 'moderator'],
    ['Moderator', 'moderator'],
    ['Q', 'question'],
    ['Question', 'question'],
    ['Question (Deutsche Welle)', 'question'],
    ['ROBIN EMMOTT [Reuters]', 'question'],
    ['Teri Schultz (NPR Radio)', 'question'],
    ['A', 'answer'],
    ['Answer', 'answer'],
    ['Host', 'host'],
    ['MARK RUTTE', 'other'],
  ])('%s → %s', (label, role) => {
    expect(guessSpeakerRole(label)).toBe(role);
  });

  it('reads nato.int labels with bracketed roles and drops "(As delivered)"', () => {
    const input = '(As delivered)\n\nOANA LUNGESCU [NATO Spokesperson]: Good afternoon.\n\nROBIN EMMOTT [Reuters]: Thank you.\n\nJENS STOLTENBERG [NATO Secretary General]: So, first.';
    const t = parseTranscript(input);
    expect(t.turns.map((x) => x.role)).toEqual(['moderator', 'question', 'host']);
    expect(t.words.map((w) => w.text)).toEqual(['Good', 'afternoon.', 'Thank', 'you.', 'So,', 'first.']);
  });
});
