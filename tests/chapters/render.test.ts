import { WebVTTParser } from 'webvtt-parser';
import { describe, expect, it } from 'vitest';
import { chaptersForMetadata, findChapters, formatChapterTimestamp, parseChapterList, renderChapterList, renderChaptersVtt } from '../../src/chapters/index.js';
import type { Chapter } from '../../src/types.js';
import { buildTalk } from './helpers.js';
import { conferenceTurns } from './conference.js';

const ch = (start: number, end: number, title: string): Chapter => ({ start, end, title, firstWord: null, lastWord: null, kind: 'statement' });

function parseVtt(text: string, mode: 'metadata' | 'subtitles' = 'metadata') {
  return new WebVTTParser().parse(text, mode);
}

describe('chapter list', () => {
  it('puts the timestamp first, M:SS below an hour, H:MM:SS from an hour', () => {
    expect(formatChapterTimestamp(0)).toBe('0:00');
    expect(formatChapterTimestamp(65.9)).toBe('1:05');
    expect(formatChapterTimestamp(3599.99)).toBe('59:59');
    expect(formatChapterTimestamp(3723)).toBe('1:02:03');
    expect(renderChapterList([ch(0, 70, 'Opening remarks'), ch(70, 700, 'Defence spending'), ch(700, 800, 'Q&A: Reuters — Arctic')])).toBe(
      '0:00 Opening remarks\n1:10 Defence spending\n11:40 Q&A: Reuters — Arctic\n',
    );
    // Once one chapter needs hours, all lines use H:MM:SS so the column stays aligned.
    expect(renderChapterList([ch(0, 70, 'A'), ch(70, 3700, 'B'), ch(3700, 3800, 'C')])).toBe('0:00:00 A\n0:01:10 B\n1:01:40 C\n');
  });

  it('floors times so a chapter link never lands after the first word, and strips < >', () => {
    expect(renderChapterList([ch(0, 10.99, 'x <b>'), ch(10.99, 30, 'y'), ch(30, 50, 'z')])).toBe('0:00 x b\n0:10 y\n0:30 z\n');
  });

  it('round-trips through parseChapterList, and reads common user formats', () => {
    const list = renderChapterList([ch(0, 70, 'Opening remarks'), ch(70, 3700, 'Q&A: Reuters — Arctic'), ch(3700, 3800, 'Climate')]);
    expect(parseChapterList(list)).toEqual([
      { start: 0, title: 'Opening remarks' },
      { start: 70, title: 'Q&A: Reuters — Arctic' },
      { start: 3700, title: 'Climate' },
    ]);
    const user = ['Chapters:', '00:00 - Intro', '(1:05) Spending', '• 12:30 | Ukraine', 'Questions 1:02:03', 'no timestamp here'].join('\n');
    expect(parseChapterList(user)).toEqual([
      { start: 0, title: 'Intro' },
      { start: 65, title: 'Spending' },
      { start: 750, title: 'Ukraine' },
      { start: 3723, title: 'Questions' },
    ]);
  });
});

describe('WebVTT chapters track', () => {
  const talk = buildTalk(conferenceTurns, { preroll: 8 });
  const chapters = findChapters(talk.words, talk.transcript, { duration: talk.duration });
  const vtt = renderChaptersVtt(chapters);

  it('is valid WebVTT with one cue per chapter', () => {
    for (const mode of ['metadata', 'subtitles'] as const) {
      const parsed = parseVtt(vtt, mode);
      expect(parsed.errors).toEqual([]);
      expect(parsed.cues).toHaveLength(chapters.length);
    }
  });

  it('has contiguous, non-overlapping cues from 0 to the media end', () => {
    const { cues } = parseVtt(vtt);
    expect(cues[0].startTime).toBe(0);
    for (let i = 1; i < cues.length; i++) {
      expect(cues[i].startTime).toBeCloseTo(cues[i - 1].endTime, 6);
      expect(cues[i].startTime).toBeGreaterThan(cues[i - 1].startTime);
    }
    expect(cues[cues.length - 1].endTime).toBeCloseTo(talk.duration, 2);
  });

  it('escapes titles and reads back through parseChapterList', () => {
    const text = renderChaptersVtt([ch(0, 20, 'Q&A: AT&T <x> --> y'), ch(20, 40, 'B'), ch(40, 60, 'C')]);
    expect(parseVtt(text).errors).toEqual([]);
    expect(text).toContain('Q&amp;A: AT&amp;T &lt;x&gt; --&gt; y');
    expect(parseChapterList(text)).toEqual([
      { start: 0, title: 'Q&A: AT&T <x> --> y' },
      { start: 20, title: 'B' },
      { start: 40, title: 'C' },
    ]);
  });

  it('gives metadata.json its [{start, title}] shape', () => {
    const meta = chaptersForMetadata(chapters);
    expect(meta[0]).toEqual({ start: 0, title: chapters[0]!.title });
    expect(Object.keys(meta[1]!).sort()).toEqual(['start', 'title']);
  });
});

describe('user chapters (--chapters-file)', () => {
  const talk = buildTalk(conferenceTurns, { preroll: 8 });
  const onsets = [...new Set(talk.words.filter((w, i) => i === 0 || talk.words[i - 1]!.sentence !== w.sentence).map((w) => w.start!))];

  it('keeps titles and order, moves each time to the nearest sentence onset, first to 0:00', () => {
    const user = [
      { start: 5, title: 'Welcome' },
      { start: 62.3, title: 'Money' },
      { start: 150, title: 'Questions from the press' },
    ];
    const out = findChapters(talk.words, talk.transcript, { duration: talk.duration, userChapters: user });
    expect(out.map((c) => c.title)).toEqual(user.map((u) => u.title));
    expect(out.every((c) => c.kind === 'user')).toBe(true);
    expect(out[0]!.start).toBe(0);
    for (const [i, c] of out.entries()) {
      if (i === 0) continue;
      expect(onsets).toContain(c.start);
      const nearest = onsets.reduce((b, o) => (Math.abs(o - user[i]!.start) < Math.abs(b - user[i]!.start) ? o : b));
      expect(c.start).toBe(nearest);
    }
    expect(out[2]!.end).toBe(talk.duration);
    expect(out[1]!.firstWord).not.toBeNull();
  });

  it('leaves a time alone when no sentence starts within 10 s', () => {
    const late = talk.words[talk.words.length - 1]!.end! + 30;
    const out = findChapters(talk.words, talk.transcript, { duration: late + 60, userChapters: [{ start: 0, title: 'A' }, { start: 100, title: 'B' }, { start: late, title: 'After' }] });
    expect(out[2]!.start).toBe(late);
  });
});
