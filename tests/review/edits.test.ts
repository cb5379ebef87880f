import webvtt from 'webvtt-parser';
import { describe, expect, test } from 'vitest';
import { lintCaptions } from '../../src/captions/lint.js';
import { ruleLimits } from '../../src/captions/rules.js';
import { checkYouTubeChapters, parseChapterList } from '../../src/chapters/render.js';
import {
  addChapter,
  addCue,
  countChanges,
  deleteCue,
  EditError,
  mergeWithNext,
  moveChapter,
  removeChapter,
  renameChapter,
  rewrapLines,
  setCueText,
  setCueTimes,
  splitCue,
} from '../../src/review/model/edits.js';
import { exportCaptions, exportChapters, lintOptionsFor } from '../../src/review/model/exporting.js';
import type { EditState } from '../../src/review/model/types.js';

const limits = ruleLimits();
const context = { limits, voiceSpans: false, duration: 60, minChapterSeconds: 10 };

function state(): EditState {
  return {
    cues: [
      { id: 'c1', start: 1, end: 3, lines: ['>> Good morning.'], speaker: null },
      { id: 'c2', start: 3.2, end: 6, lines: ['Today Defence Ministers met here', 'in Brussels.'], speaker: null },
      { id: 'c3', start: 7, end: 9, lines: ['We agreed.'], speaker: null },
    ],
    chapters: [
      { id: 'h1', start: 0, title: 'Opening' },
      { id: 'h2', start: 20, title: 'Statement' },
      { id: 'h3', start: 40, title: 'Q&A <Reuters>' },
    ],
    nextId: 10,
  };
}

function parseVtt(text: string): { cues: Array<{ startTime: number; endTime: number; text: string }>; errors: unknown[] } {
  return new webvtt.WebVTTParser().parse(text, 'subtitles');
}

describe('cue edits', () => {
  test('text: one caption line per line of the box; times keep cues sorted', () => {
    let s = setCueText(state(), 'c3', '  We agreed  \n\n on the floor. ');
    expect(s.cues[2].lines).toEqual(['We agreed', 'on the floor.']);
    s = setCueTimes(s, 'c3', 0.2, 0.9, 60);
    expect(s.cues.map((c) => c.id)).toEqual(['c3', 'c1', 'c2']);
    expect(() => setCueTimes(s, 'c3', 2, 2.05, 60)).toThrow(EditError);
    expect(() => setCueTimes(s, 'c3', -1, 2, 60)).toThrow(/before 0:00/);
    expect(() => setCueTimes(s, 'c3', 61, 62, 60)).toThrow(/after the end/);
  });

  test('split at the caret: the text splits at the nearest space, the time where given, with the gap between', () => {
    const caret = 'Today Defence Ministers met here'.length + 1; // just after the line break
    const s = splitCue(state(), 'c2', caret, limits, 4.6);
    expect(s.cues.map((c) => c.lines)).toEqual([['>> Good morning.'], ['Today Defence Ministers met here'], ['in Brussels.'], ['We agreed.']]);
    expect(s.cues[1]).toMatchObject({ id: 'c2', start: 3.2, end: 4.56 });
    expect(s.cues[2]).toMatchObject({ id: 'c10', start: 4.64, end: 6 });
    expect(s.nextId).toBe(11);
    // Without a time, it is shared out by characters.
    const byChars = splitCue(state(), 'c2', 5, limits);
    expect(byChars.cues[1].lines).toEqual(['Today']);
    expect(byChars.cues[1].end).toBeLessThan(byChars.cues[2].start);
    expect(() => splitCue(state(), 'c3', 3, { ...limits }, undefined)).not.toThrow();
    expect(() => splitCue(setCueText(state(), 'c3', 'Agreed.'), 'c3', 2, limits)).toThrow(/single word/);
  });

  test('merge with the next cue re-breaks the text into balanced lines', () => {
    const s = mergeWithNext(state(), 'c1', limits);
    expect(s.cues).toHaveLength(2);
    expect(s.cues[0]).toMatchObject({ id: 'c1', start: 1, end: 6 });
    expect(s.cues[0].lines.every((l) => [...l].length <= 42)).toBe(true);
    expect(s.cues[0].lines.join(' ')).toBe('>> Good morning. Today Defence Ministers met here in Brussels.');
    expect(() => mergeWithNext(state(), 'c3', limits)).toThrow(/last cue/);
  });

  test('rewrapLines keeps the speaker marker with the first word, null when the text cannot fit', () => {
    // capsync's breaker: before the conjunction, the marker glued to the first word.
    expect(rewrapLines('>> Good morning everyone and welcome to this press conference today', limits)).toEqual([
      '>> Good morning everyone',
      'and welcome to this press conference today',
    ]);
    expect(rewrapLines('word '.repeat(40), limits)).toBeNull();
  });

  test('add and delete cues', () => {
    const added = addCue(state(), 6.5, 60, limits.gapMs);
    expect(added.state.cues.find((c) => c.id === added.id)).toMatchObject({ start: 6.5, end: 6.92, lines: [] });
    expect(() => addCue(state(), 2, 60, limits.gapMs)).toThrow(/already showing/);
    expect(deleteCue(state(), 'c2').cues.map((c) => c.id)).toEqual(['c1', 'c3']);
  });

  test('chapters: rename, move, add, remove; changes are counted against the original', () => {
    const original = state();
    let s = renameChapter(original, 'h2', '  Defence   spending ');
    s = moveChapter(s, 'h3', 30, 60);
    const added = addChapter(s, 50, 'Closing', 60);
    s = removeChapter(added.state, 'h1');
    expect(s.chapters.map((c) => [c.start, c.title])).toEqual([
      [20, 'Defence spending'],
      [30, 'Q&A <Reuters>'],
      [50, 'Closing'],
    ]);
    expect(countChanges(original, s)).toBe(4);
    expect(() => moveChapter(s, 'h2', 70, 60)).toThrow(EditError);
  });
});

describe('exports', () => {
  test('a round trip of edits exports files that pass capsync lint, the W3C parser and YouTube chapter rules', () => {
    let s = splitCue(state(), 'c2', 33, limits, 4.6);
    s = setCueText(s, 'c3', 'We agreed & <signed>.');
    s = mergeWithNext(s, 'c1', limits);
    s = renameChapter(s, 'h2', 'Statement --> summit');
    const captions = exportCaptions(s, context);
    expect(captions.problem).toBeNull();
    const parsed = parseVtt(captions.vtt);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => c.text)).toEqual([
      '>> Good morning.\nToday Defence Ministers met here',
      'in Brussels.',
      'We agreed &amp; &lt;signed>.',
    ]);
    expect(captions.vttLint?.errors).toBe(0);
    expect(captions.srtLint?.errors).toBe(0);
    expect(lintCaptions(captions.srt).errors).toBe(0);
    expect(captions.cueIds).toEqual(s.cues.map((c) => c.id));
    const chapters = exportChapters(s, context);
    expect(chapters.problems).toEqual([]);
    expect(parseChapterList(chapters.txt).map((c) => c.title)).toEqual(['Opening', 'Statement -- summit', 'Q&A Reuters']);
    expect(parseVtt(chapters.vtt).errors).toEqual([]);
  });

  test('rule breaks are reported per cue, and chapters YouTube would refuse are named', () => {
    let s = setCueText(state(), 'c3', 'This line is far too long to be shown on a television screen');
    s = setCueTimes(s, 'c2', 3.2, 7.5, 60); // now overlaps c3
    const captions = exportCaptions(s, context);
    expect(captions.vttLint?.errors).toBe(2);
    expect(captions.vttLint?.issues.filter((i) => i.severity === 'error').map((i) => [captions.cueIds[i.cue! - 1], i.rule])).toEqual([
      ['c3', 'line-length'],
      ['c3', 'overlap'],
    ]);
    const chapters = exportChapters(moveChapter(state(), 'h2', 5, 60), context);
    expect(chapters.problems.join(' ')).toMatch(/shorter than 10 s/);
    expect(checkYouTubeChapters([], 10)).not.toEqual([]);
  });

  test('the linter is given the limits the captions were made with', () => {
    const options = lintOptionsFor({ ...limits, maxLineLength: 37, gapMs: 80 });
    expect(options).toMatchObject({ maxLineLength: 37, fps: 1000, minGapFrames: 80 });
    expect(lintCaptions('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nabc\n\n00:00:02.050 --> 00:00:03.000\ndef\n', options).byRule.gap).toBe(1);
  });
});
