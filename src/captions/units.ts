/**
 * From aligned words to "runs": stretches of placed words that one cue may span. A run ends at
 * an unplaced word (we do not know where it was said), at a change of speaker, and at a pause
 * longer than `maxPause`. Times become integer milliseconds here so every later comparison is
 * exact and what is checked is what gets written.
 */
import type { TimedWord } from '../types.js';
import type { ResolvedCaptionOptions } from './options.js';

/** A word (or a piece of an over-long word) ready for layout. */
export interface CaptionUnit {
  text: string;
  /** Continues the previous unit without a space (a piece of a word longer than a line). */
  glue: boolean;
  startMs: number;
  endMs: number;
  /** Transcript word index. */
  word: number;
  sentence: number;
  turn: number;
  confidence: number;
}

export interface CaptionRun {
  units: CaptionUnit[];
  /** The run's first word starts a different speaker turn than the last placed word before it. */
  turnChange: boolean;
}

/** Split `words` (transcript order) into runs no cue may cross. */
export function captionRuns(words: readonly TimedWord[], options: ResolvedCaptionOptions): CaptionRun[] {
  const runs: CaptionRun[] = [];
  let current: CaptionUnit[] | null = null;
  let last: CaptionUnit | null = null;
  let sawUnplaced = false;
  for (const word of words) {
    const text = word.text.replace(/\s+/gu, ' ').trim();
    if (text === '') continue;
    if (!isPlaced(word)) {
      sawUnplaced = true;
      continue;
    }
    // Clamp so starts never go backwards and no word ends before it starts: the aligner's
    // order is the transcript's, and a file's cue starts must not decrease.
    const startMs = Math.max(Math.round((word.start as number) * 1000), last ? last.startMs : 0, 0);
    const endMs = Math.max(Math.round((word.end ?? word.start ?? 0) * 1000), startMs);
    const newTurn = last !== null && word.turn !== last.turn;
    const longPause = last !== null && startMs - last.endMs > options.maxPauseMs;
    if (sawUnplaced || newTurn || longPause) current = null;
    const pieces = chopWord(text, options.maxLineLength);
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      const unit: CaptionUnit = {
        text: piece.text,
        glue: k > 0,
        startMs: startMs + Math.round((endMs - startMs) * piece.from),
        endMs: startMs + Math.round((endMs - startMs) * piece.to),
        word: word.index,
        sentence: word.sentence,
        turn: word.turn,
        confidence: word.confidence,
      };
      if (current === null) {
        current = [unit];
        runs.push({ units: current, turnChange: last === null || last.turn !== unit.turn });
      } else {
        current.push(unit);
      }
      last = unit;
    }
    sawUnplaced = false;
  }
  return runs;
}

function isPlaced(word: TimedWord): boolean {
  return typeof word.start === 'number' && Number.isFinite(word.start);
}

/**
 * Cut a token longer than a line (a URL, a long compound) into line-sized pieces, preferring
 * to cut after a hyphen, slash or dot; each piece gets a share of the word's time by length.
 */
export function chopWord(text: string, maxLength: number): Array<{ text: string; from: number; to: number }> {
  const chars = [...text];
  if (chars.length <= maxLength) return [{ text, from: 0, to: 1 }];
  const pieces: Array<{ text: string; from: number; to: number }> = [];
  let at = 0;
  while (at < chars.length) {
    let cut = Math.min(chars.length, at + maxLength);
    if (cut < chars.length) {
      for (let k = cut; k > at + maxLength / 2; k--) {
        if (/[-/._–—]/u.test(chars[k - 1])) {
          cut = k;
          break;
        }
      }
    }
    pieces.push({ text: chars.slice(at, cut).join(''), from: at / chars.length, to: cut / chars.length });
    at = cut;
  }
  return pieces;
}
