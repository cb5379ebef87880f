/**
 * The transcript as search blocks: whole sentences with their phones, a sentence too short to be
 * distinctive joined to the one before it in the same paragraph. Blocks never cross a paragraph or a
 * speaker turn: text missing from the audio (an unspoken paragraph, an untranscribed question
 * before an answer) sits at those boundaries, and a block across one would have to span it.
 */
import type { Transcript } from '../../types.js';
import type { Lexicon } from './lexicon.js';
import type { NetworkWord } from './network.js';

/** Pronunciations kept per word (its first and alternates); the networks take as many as their use allows. */
const MAX_PRONUNCIATIONS = 8;

export interface TextBlock {
  index: number;
  /** Transcript word range (inclusive); may include words with nothing to say ("–"). */
  firstWord: number;
  lastWord: number;
  turn: number;
  paragraph: number;
  /** The words with phones, in order; a word that ends a sentence inside the block allows garbage after it. */
  words: NetworkWord[];
  phones: number;
}

export interface BlockPlan {
  blocks: TextBlock[];
  /** Spoken words for which no pronunciation could be made (they are timed from their neighbours). */
  unpronounced: number[];
}

export function planBlocks(transcript: Transcript, lexicon: Lexicon, minPhones: number): BlockPlan {
  const unpronounced: number[] = [];
  interface Sentence {
    firstWord: number;
    lastWord: number;
    turn: number;
    paragraph: number;
    words: NetworkWord[];
    phones: number;
  }
  const sentences: Sentence[] = [];
  for (const w of transcript.words) {
    let s = sentences[sentences.length - 1];
    if (!s || s.lastWord < 0 || transcript.words[s.lastWord].sentence !== w.sentence) {
      s = { firstWord: w.index, lastWord: w.index, turn: w.turn, paragraph: w.paragraph, words: [], phones: 0 };
      sentences.push(s);
    }
    s.lastWord = w.index;
    if (!w.spoken) continue;
    // A word of several parts ("twenty twenty-five") is its parts' pronunciations in a row; its
    // alternates, the parts' pronunciations combined (the last part's varying first).
    let variants: number[][] = [[]];
    for (const part of w.spoken.split(' ')) {
      if (!part) continue;
      const p = lexicon.pronounce(part);
      if (!p) continue;
      const own = [p.phones, ...p.alternates];
      variants = variants.flatMap((before) => own.map((phones) => [...before, ...phones])).slice(0, MAX_PRONUNCIATIONS);
    }
    const [phones, ...alternates] = variants;
    if (!phones.length) {
      unpronounced.push(w.index);
      continue;
    }
    s.words.push(alternates.length ? { index: w.index, phones, alternates } : { index: w.index, phones });
    s.phones += phones.length;
  }
  // Each sentence is a block; a sentence too short to be distinctive joins the block before it in
  // the same paragraph and turn (the text is in order, so it follows that block's speech). A short
  // sentence that opens its paragraph (a greeting, a "Thank you.") stays a block of its own: joined
  // to the sentence after it, the pair could be matched with the short one laid over whatever
  // precedes the longer one.
  const blocks: TextBlock[] = [];
  for (const s of sentences) {
    if (!s.words.length) continue;
    const words = s.words.map((w, k) => ({ ...w, sentenceEnd: k === s.words.length - 1 }));
    const previous = blocks[blocks.length - 1];
    if (previous && s.phones < minPhones && previous.paragraph === s.paragraph && previous.turn === s.turn) {
      // Between the sentences, speech that is not in the text may sit.
      previous.words[previous.words.length - 1].garbageAfter = true;
      previous.words.push(...words);
      previous.phones += s.phones;
      previous.lastWord = s.lastWord;
      continue;
    }
    blocks.push({ index: blocks.length, firstWord: s.firstWord, lastWord: s.lastWord, turn: s.turn, paragraph: s.paragraph, words, phones: s.phones });
  }
  blocks.forEach((b, i) => (b.index = i));
  return { blocks, unpronounced };
}
