import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkYouTubeChapters, findChapters, renderChapterList } from '../../src/chapters/index.js';
import type { Chapter } from '../../src/types.js';
import { buildTalk, host, moderator, question, topic } from './helpers.js';
import { conferenceTurns } from './conference.js';

/** The rules YouTube applies to description chapters, checked independently of checkYouTubeChapters. */
function assertYouTubeRules(chapters: Chapter[], duration: number, min = 10) {
  expect(chapters.length).toBeGreaterThanOrEqual(3);
  expect(chapters[0]!.start).toBe(0);
  const lines = renderChapterList(chapters).trim().split('\n');
  const seconds = lines.map((l) => {
    const m = l.match(/^(?:(\d+):)?(\d{1,2}):(\d{2}) \S/);
    expect(m, l).not.toBeNull();
    return (m![1] ? Number(m![1]) * 3600 : 0) + Number(m![2]) * 60 + Number(m![3]);
  });
  expect(seconds[0]).toBe(0);
  for (let i = 0; i < seconds.length; i++) {
    const next = i + 1 < seconds.length ? seconds[i + 1]! : duration;
    expect(next - seconds[i]!).toBeGreaterThanOrEqual(min);
  }
  chapters.forEach((c, i) => {
    if (i > 0) expect(c.start).toBe(chapters[i - 1]!.end);
    expect(c.end).toBeGreaterThan(c.start);
  });
  expect(chapters[chapters.length - 1]!.end).toBeCloseTo(duration, 6);
}

describe('YouTube chapter rules', () => {
  const talk = buildTalk(conferenceTurns, { preroll: 12 });

  it('first chapter at 0:00 takes the intro before the first word', () => {
    const ch = findChapters(talk.words, talk.transcript, { duration: talk.duration });
    expect(talk.words[0]!.start).toBeGreaterThan(10);
    expect(ch[0]!.start).toBe(0);
    expect(ch[0]!.firstWord).toBe(0);
    assertYouTubeRules(ch, talk.duration);
    expect(checkYouTubeChapters(ch)).toEqual([]);
  });

  it('honours --min-chapter by merging short chapters', () => {
    for (const min of [10, 30, 45]) {
      const ch = findChapters(talk.words, talk.transcript, { duration: talk.duration, minChapterSeconds: min });
      assertYouTubeRules(ch, talk.duration, min);
    }
    const long = findChapters(talk.words, talk.transcript, { duration: talk.duration, minChapterSeconds: 45 });
    const short = findChapters(talk.words, talk.transcript, { duration: talk.duration, minChapterSeconds: 10 });
    expect(long.length).toBeLessThan(short.length);
  });

  it('honours --max-chapters by dropping the weakest boundaries, keeping questions', () => {
    const all = findChapters(talk.words, talk.transcript, { duration: talk.duration });
    const five = findChapters(talk.words, talk.transcript, { duration: talk.duration, maxChapters: 5 });
    expect(all.length).toBeGreaterThan(5);
    expect(five).toHaveLength(5);
    assertYouTubeRules(five, talk.duration);
    // Every surviving boundary is one of the original boundaries.
    const starts = new Set(all.map((c) => c.start));
    for (const c of five) expect(starts.has(c.start)).toBe(true);
  });

  it('makes at least three chapters from a short single-topic talk', () => {
    const t = buildTalk([host(topic(['Allies agreed to protect undersea cables in the Baltic Sea.', 'Ships and drones will watch the cables.', 'Sabotage will not be tolerated.'], 5))]);
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    assertYouTubeRules(ch, t.duration);
  });

  it('returns fewer than three chapters only when the video is too short, and says why', () => {
    const t = buildTalk([host('Good afternoon. Allies agreed today to protect undersea cables.')], { preroll: 1, tail: 1 });
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    expect(t.duration).toBeLessThan(30);
    expect(ch.length).toBeLessThan(3);
    expect(checkYouTubeChapters(ch).join(' ')).toMatch(/at least 3/);
  });

  it('keeps the rules on random press conferences (property)', () => {
    const sentence = fc.constantFrom(
      'Allies agreed to invest more in air defence.',
      'Ships will patrol the Baltic Sea.',
      'Cyber attacks hit hospitals.',
      'We discussed support for Ukraine.',
      'Factories must produce more shells.',
      'Finally, climate change affects our bases.',
      'When it comes to spending, budgets rose.',
      'Thank you. Jane Doe, Reuters. What about drones?',
    );
    const para = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join(' '));
    const turnArb = fc.oneof(
      fc.array(para, { minLength: 1, maxLength: 3 }).map((p) => host(...p)),
      para.map((p) => moderator(p)),
      para.map((p) => question(p)),
    );
    fc.assert(
      fc.property(fc.array(turnArb, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 5, max: 30 }), fc.option(fc.integer({ min: 3, max: 8 }), { nil: undefined }), (turns, preroll, min, max) => {
        const t = buildTalk(turns, { preroll });
        const ch = findChapters(t.words, t.transcript, { duration: t.duration, minChapterSeconds: min, maxChapters: max });
        if (max !== undefined) expect(ch.length).toBeLessThanOrEqual(max);
        if (ch.length >= 3) assertYouTubeRules(ch, t.duration, min);
        else {
          // Only when sentence onsets leave no room: speech too short for three chapters of `min`.
          const speech = t.words[t.words.length - 1]!.end! - t.words[0]!.start!;
          expect(speech).toBeLessThan(3 * min + 20);
          expect(checkYouTubeChapters(ch, min).length).toBeGreaterThan(0);
        }
        for (const c of ch) expect(c.title.length).toBeLessThanOrEqual(49);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
