import { describe, expect, test } from 'vitest';
import { gapOfWords, reviewSpots } from '../../src/review/model/spots.js';
import type { ReviewWords } from '../../src/review/model/types.js';

/** Ten words, 0.5 s apart; words 4–6 unplaced; word 8 weak. */
function words(): ReviewWords {
  const start = [0, 0.5, 1, 1.5, null, null, null, 3.5, 4, 4.5];
  return {
    text: ['One', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten.'],
    start,
    end: start.map((s) => (s === null ? null : s + 0.4)),
    confidence: [0.9, 0.9, 0.9, 0.9, 0, 0, 0, 0.9, 0.3, 0.9],
    paragraph: Array(10).fill(0),
    turn: Array(10).fill(0),
  };
}

const report = {
  notFound: [{ firstWord: 4, lastWord: 6, words: 3, text: 'five six seven', placement: 'not spoken' }],
  lowConfidence: [{ firstWord: 0, lastWord: 2, start: 0, end: 1.4, words: 3, meanConfidence: 0.3, text: 'One two three' }],
  speechWithoutText: [{ start: 6, end: 9, duration: 3 }],
  warnings: ['chapters: Chapter 2 "Two" (0:03) is shorter than 10 s.', 'description: the summary was shortened'],
};

describe('review queue', () => {
  test('every doubtful spot of report.json is in the queue, most important first', () => {
    const chapters = [
      { id: 'h1', start: 0, title: 'One' },
      { id: 'h2', start: 3, title: 'Two' },
    ];
    const spots = reviewSpots({ report, words: words(), chapters, duration: 10, lowConfidenceThreshold: 0.5 });
    expect(spots.map((s) => s.id)).toEqual([
      'not-found:0',
      'low-confidence:0',
      'chapters:0',
      'speech-without-text:0',
      'weak-words:0',
      'note:1',
    ]);
    const notFound = spots[0];
    // A passage with no times is heard where it belongs: between its placed neighbours.
    expect(notFound).toMatchObject({ start: 1.9, end: 3.5, firstWord: 4, lastWord: 6, text: 'five six seven' });
    expect(notFound.extra).toBe('placement: not spoken');
    expect(spots[2]).toMatchObject({ kind: 'chapters', start: 3 });
    expect(spots[4]).toMatchObject({ kind: 'weak-words', firstWord: 8, lastWord: 8, start: 4, end: 4.4 });
    expect(spots[5]).toMatchObject({ kind: 'note', start: null, text: 'description: the summary was shortened' });
  });

  test("chapters capsync moved, and chapter problems not already among the warnings", () => {
    const withChapters = {
      ...report,
      chapters: { mode: 'keep', source: 'description', moved: [{ title: 'Two', from: 2, to: 3 }], problems: ['Chapter 2 "Two" (0:03) is shorter than 10 s.', 'YouTube needs at least 3 chapters; there are 2.'] },
    };
    const chapters = [
      { id: 'h1', start: 0, title: 'One' },
      { id: 'h2', start: 3, title: 'Two' },
    ];
    const spots = reviewSpots({ report: withChapters, words: words(), chapters, duration: 10, lowConfidenceThreshold: 0.5 });
    const ids = spots.map((s) => s.id);
    expect(ids).toContain('chapter-moved:0');
    expect(ids).toContain('chapter-problem:1');
    expect(ids).not.toContain('chapter-problem:0'); // the same words are warning 0
    expect(spots.find((s) => s.id === 'chapter-moved:0')).toMatchObject({ kind: 'chapters', start: 3, title: 'Chapter moved to a sentence onset: 0:02 → 0:03', text: 'Two' });
  });

  test('weak words inside a reported stretch are not listed twice', () => {
    const w = words();
    w.confidence[1] = 0.2;
    const spots = reviewSpots({ report, words: w, chapters: [], duration: 10, lowConfidenceThreshold: 0.5 });
    expect(spots.filter((s) => s.kind === 'weak-words').map((s) => s.firstWord)).toEqual([8]);
  });

  test('a report from another version: unreadable items become notes, missing lists are empty', () => {
    const odd = { notFound: [{ firstWord: 'x' }, { firstWord: 4, lastWord: 99 }], lowConfidence: 'none', warnings: [42] };
    const spots = reviewSpots({ report: odd, words: words(), chapters: [], duration: 10, lowConfidenceThreshold: 0.5 });
    expect(spots.filter((s) => s.kind === 'note').map((s) => s.id).sort()).toEqual(['note:notFound:0', 'note:notFound:1', 'note:warnings:0']);
    expect(reviewSpots({ report: null, words: words(), chapters: [], duration: 10, lowConfidenceThreshold: 0.5 }).map((s) => s.kind)).toEqual(['weak-words']);
  });

  test('longer passages not found come first', () => {
    const w = words();
    const two = { notFound: [{ firstWord: 4, lastWord: 4 }, { firstWord: 5, lastWord: 6 }] };
    expect(reviewSpots({ report: two, words: w, chapters: [], duration: 10, lowConfidenceThreshold: 0 }).map((s) => s.id)).toEqual(['not-found:1', 'not-found:0']);
  });

  test('gapOfWords: from the start or to the end of the recording when nothing is placed on one side', () => {
    const w = words();
    w.start[0] = w.end[0] = null;
    expect(gapOfWords(w, 0, 0, 10)).toEqual({ start: 0, end: 0.5 });
    expect(gapOfWords(w, 9, 9, 10)).toEqual({ start: 4.4, end: 10 });
  });
});
