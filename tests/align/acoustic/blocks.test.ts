import { describe, expect, it } from 'vitest';
import { planBlocks, type TextBlock } from '../../../src/align/acoustic/blocks.js';
import { parseTranscript } from '../../../src/text/index.js';
import type { Transcript } from '../../../src/types.js';
import { Lexicon } from '../../../src/align/acoustic/lexicon.js';
import { countingLexicon } from './helpers.js';

/** Every spoken word has 2 phones (the lexicon counts), except those listed. */
function plan(text: string, minPhones = 12, phones: Record<string, number> = {}, unknown: string[] = []) {
  const transcript = parseTranscript(text);
  const counts: Record<string, number> = {};
  for (const w of transcript.words) for (const part of w.spoken.split(' ')) if (part && !unknown.includes(part)) counts[part] = phones[part] ?? 2;
  return { transcript, ...planBlocks(transcript, countingLexicon(counts), minPhones) };
}

/** Each block's text, as transcript words joined. */
const texts = (transcript: Transcript, blocks: TextBlock[]) => blocks.map((b) => transcript.words.slice(b.firstWord, b.lastWord + 1).map((w) => w.text).join(' '));

const LONG = 'We agreed a new plan to protect our people.'; // 9 words, 18 phones

describe('planBlocks', () => {
  it('makes every sentence long enough a block of its own', () => {
    const { transcript, blocks } = plan(`${LONG} ${LONG}\n\n${LONG}`);
    expect(texts(transcript, blocks)).toEqual([LONG, LONG, LONG]);
    expect(blocks.map((b) => b.index)).toEqual([0, 1, 2]);
    expect(blocks.map((b) => b.phones)).toEqual([18, 18, 18]);
    expect(blocks.map((b) => b.paragraph)).toEqual([0, 0, 1]);
    for (const b of blocks) {
      expect(b.words.map((w) => w.index)).toEqual(Array.from({ length: 9 }, (_, k) => b.firstWord + k));
      // Only the sentence's last word ends it; no garbage inside a single sentence.
      expect(b.words.map((w) => w.sentenceEnd)).toEqual([...Array(8).fill(false), true]);
      expect(b.words.some((w) => w.garbageAfter)).toBe(false);
    }
  });

  it('joins a short sentence to the block before it in the same paragraph, with garbage allowed between', () => {
    const { transcript, blocks } = plan(`${LONG} Thank you. ${LONG}`);
    expect(texts(transcript, blocks)).toEqual([`${LONG} Thank you.`, LONG]);
    const joined = blocks[0];
    expect(joined.phones).toBe(18 + 4);
    expect(joined.words).toHaveLength(11);
    // "people." ends its sentence and may be followed by speech not in the text; "you." ends the block.
    expect(joined.words[8]).toMatchObject({ sentenceEnd: true, garbageAfter: true });
    expect(joined.words[10]).toMatchObject({ sentenceEnd: true });
    expect(joined.words[10].garbageAfter).toBeFalsy();
    expect(joined.words.filter((w) => w.garbageAfter)).toHaveLength(1);
  });

  it('keeps a short sentence that opens its paragraph alone, and joins the next short one to it', () => {
    const { transcript, blocks } = plan(`${LONG}\n\nGood afternoon. ${LONG}\n\nThanks. Thank you. ${LONG}`);
    expect(texts(transcript, blocks)).toEqual([LONG, 'Good afternoon.', LONG, 'Thanks. Thank you.', LONG]);
    expect(blocks[1].phones).toBe(4);
  });

  it('never joins across a speaker turn', () => {
    const { transcript, blocks } = plan(`Moderator:\n${LONG}\n\nQuestion:\nYes. ${LONG}`);
    expect(new Set(transcript.words.map((w) => w.turn)).size).toBe(2);
    expect(texts(transcript, blocks)).toEqual([LONG, 'Yes.', LONG]);
    expect(blocks.map((b) => b.turn)).toEqual([0, 1, 1]);
  });

  it('counts phones, not words, against the threshold', () => {
    // "Go now." is 2 words but 12 phones here: long enough to stand alone.
    const { transcript, blocks } = plan(`${LONG} Go now.`, 12, { go: 6, now: 6 });
    expect(texts(transcript, blocks)).toEqual([LONG, 'Go now.']);
    // With a higher threshold it joins.
    expect(texts(transcript, plan(`${LONG} Go now.`, 13, { go: 6, now: 6 }).blocks)).toEqual([`${LONG} Go now.`]);
  });

  it('lists words it cannot pronounce, keeps them inside the block’s range, and skips words with nothing to say', () => {
    const { transcript, blocks, unpronounced } = plan(`We met Xyzzy today to discuss – the plan for our people here.`, 12, {}, ['xyzzy']);
    expect(blocks).toHaveLength(1);
    const xyzzy = transcript.words.findIndex((w) => w.text === 'Xyzzy');
    const dash = transcript.words.findIndex((w) => w.text === '–');
    expect(dash).toBeGreaterThan(0);
    expect(transcript.words[dash].spoken).toBe('');
    expect(unpronounced).toEqual([xyzzy]);
    expect(blocks[0].words.map((w) => w.index)).not.toContain(xyzzy);
    expect(blocks[0].words.map((w) => w.index)).not.toContain(dash);
    expect([blocks[0].firstWord, blocks[0].lastWord]).toEqual([0, transcript.words.length - 1]);
    expect(blocks[0].phones).toBe(2 * (transcript.words.length - 2));
  });

  it('makes no block of a sentence with nothing pronounceable', () => {
    const { transcript, blocks, unpronounced } = plan(`${LONG} Xyzzy! ${LONG}`, 12, {}, ['xyzzy']);
    expect(texts(transcript, blocks)).toEqual([LONG, LONG]);
    expect(unpronounced).toEqual([9]);
  });
});

describe('planBlocks: pronunciations', () => {
  const PHONES = ['SIL', 'DH', 'AH', 'IY', 'T', 'W', 'EH', 'N', 'F', 'AO', 'R', 'V', 'OW'];
  const DICTIONARY = ['the DH AH', 'the(2) DH IY', 'twenty T W EH N T IY', 'twenty(2) T W EH N IY', 'four F AO R', 'vote V OW T'].join('\n');
  const ids = (names: string) => names.split(' ').map((n) => PHONES.indexOf(n));

  it('keeps a word’s other dictionary pronunciations, and combines its parts’ (the first stays first)', () => {
    const transcript = parseTranscript('The 2024 vote.');
    expect(transcript.words[1].spoken).toBe('twenty twenty four');
    const [block] = planBlocks(transcript, new Lexicon('en', DICTIONARY, PHONES, () => null), 1).blocks;
    const [the, year, vote] = block.words;
    expect(the.phones).toEqual(ids('DH AH'));
    expect(the.alternates).toEqual([ids('DH IY')]);
    const long = 'T W EH N T IY';
    const short = 'T W EH N IY';
    expect(year.phones).toEqual(ids(`${long} ${long} F AO R`));
    expect(year.alternates).toEqual([ids(`${long} ${short} F AO R`), ids(`${short} ${long} F AO R`), ids(`${short} ${short} F AO R`)]);
    // Phone counts (what the searches and their bars use) are the first pronunciation's.
    expect(block.phones).toBe(2 + 15 + 3);
    expect(vote.alternates).toBeUndefined();
  });
});
