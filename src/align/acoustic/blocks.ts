/**
 * The transcript as search blocks: whole sentences with their phones, a sentence too short to be
 * distinctive joined to its neighbours in the same paragraph. Blocks never cross a paragraph or a
 * speaker turn: text missing from the audio (an unspoken paragraph, an untranscribed question
 * before an answer) sits at those boundaries, and a block across one would have to span it.
 */
import type { Transcript } from '../../types.js';
import type { Lexicon } from './lexicon.js';
import type { NetworkWord } from './network.js';

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
    const phones: number[] = [];
    for (const part of w.spoken.split(' ')) {
      if (!part) continue;
      const p = lexicon.pronounce(part);
      if (p) phones.push(...p.phones);
    }
    if (!phones.length) {
      unpronounced.push(w.index);
      continue;
    }
    s.words.push({ index: w.index, phones });
    s.phones += phones.length;
  }
  const blocks: TextBlock[] = [];
  let current: Omit<TextBlock, 'index'> | null = null;
  const close = () => {
    if (current && current.words.length) blocks.push({ index: blocks.length, ...current });
    current = null;
  };
  for (const s of sentences) {
    if (current && (current.paragraph !== s.paragraph || current.turn !== s.turn || current.phones >= minPhones)) close();
    if (!current) {
      current = { firstWord: s.firstWord, lastWord: s.lastWord, turn: s.turn, paragraph: s.paragraph, words: [], phones: 0 };
    } else {
      // Joining a sentence: the last word before it may be followed by speech that is not in the text.
      const last = current.words[current.words.length - 1];
      if (last) last.garbageAfter = true;
    }
    current.lastWord = s.lastWord;
    current.words.push(...s.words.map((w) => ({ ...w })));
    current.phones += s.phones;
  }
  close();
  // A short paragraph's last block may be below the minimum: join it to the block before it in the
  // same paragraph, so it is searched with context.
  for (let i = blocks.length - 1; i > 0; i--) {
    const b = blocks[i];
    const a = blocks[i - 1];
    if (b.phones < minPhones && a.paragraph === b.paragraph && a.turn === b.turn) {
      const last = a.words[a.words.length - 1];
      if (last) last.garbageAfter = true;
      a.words.push(...b.words);
      a.phones += b.phones;
      a.lastWord = b.lastWord;
      blocks.splice(i, 1);
    }
  }
  blocks.forEach((b, i) => (b.index = i));
  return { blocks, unpronounced };
}
