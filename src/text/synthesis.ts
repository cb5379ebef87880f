/**
 * Punctuation to give the synthesizer after a word's spoken form, so the reference voice
 * pauses where a speaker would and nowhere else: the written mark, except a dot that closes
 * an abbreviation inside a sentence ("Mr.", "U.S. Secretary", "No. 1"), which a speaker does
 * not pause on. Dashes and mid-sentence ellipses become commas (a short pause).
 */
import type { TranscriptWord } from '../types.js';
import { cleanTokenChars } from './spoken.js';

export function synthesisPunctuation(words: readonly TranscriptWord[], index: number): string {
  const word = words[index];
  if (!word) return '';
  const next = words[index + 1];
  const sentenceEnds = !next || next.sentence !== word.sentence || next.turn !== word.turn;
  const t = cleanTokenChars(word.text).replace(/["'\)\]}»*]+$/, '');
  const mark = /[.,;:?!]+$/.exec(t)?.[0] ?? '';
  if (mark.includes('?')) return '?';
  if (mark.includes('!')) return sentenceEnds ? '!' : ',';
  if (sentenceEnds) return '.';
  if (mark.endsWith('...')) return ',';
  if (/[,;:]$/.test(mark)) return mark[mark.length - 1];
  // The next word is a dash written alone: "clear – and" pauses like a comma.
  if (next && next.spoken === '' && /^[-\u2012-\u2015]+$/.test(next.text)) return ',';
  return '';
}
