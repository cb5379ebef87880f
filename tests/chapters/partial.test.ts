import { describe, expect, it } from 'vitest';
import { CHAPTER_LABELS, checkYouTubeChapters, findChapters } from '../../src/chapters/index.js';
import { buildTalk, host, moderator, question, topic } from './helpers.js';
import { conferenceTurns } from './conference.js';

const statementOnly = conferenceTurns.slice(0, 2);

describe('partial transcripts', () => {
  it('adds "Questions and answers" when audio continues after a statement-only text', () => {
    const t = buildTalk(statementOnly, { tail: 0 });
    const lastEnd = t.words[t.words.length - 1]!.end!;
    const duration = lastEnd + 600;
    const ch = findChapters(t.words, t.transcript, { duration });
    const last = ch[ch.length - 1]!;
    expect(last.title).toBe(CHAPTER_LABELS.qa);
    expect(last.kind).toBe('uncovered');
    expect(last.firstWord).toBeNull();
    expect(last.start).toBeCloseTo(lastEnd, 6);
    expect(last.end).toBe(duration);
    // The covered chapters still chapter the statement.
    expect(ch.filter((c) => c.kind === 'statement').length).toBeGreaterThanOrEqual(4);
    expect(checkYouTubeChapters(ch)).toEqual([]);
  });

  it('adds "Continued (no transcript)" when the text stops inside the Q&A', () => {
    const t = buildTalk(conferenceTurns.slice(0, 6), { tail: 0 });
    const lastEnd = t.words[t.words.length - 1]!.end!;
    const ch = findChapters(t.words, t.transcript, { duration: lastEnd + 300 });
    expect(ch[ch.length - 1]!.title).toBe(CHAPTER_LABELS.uncovered);
    expect(ch[ch.length - 2]!.kind).toBe('question');
  });

  it('adds nothing for a short silent tail after a complete text', () => {
    const t = buildTalk(conferenceTurns, { tail: 20 });
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    expect(ch.every((c) => c.kind !== 'uncovered')).toBe(true);
    expect(ch[ch.length - 1]!.end).toBe(t.duration);
  });

  it('trusts a description that says the transcript continues, and a VAD speech end', () => {
    const t = buildTalk(statementOnly, { tail: 0 });
    const lastEnd = t.words[t.words.length - 1]!.end!;
    const desc = { ...t.transcript, source: 'description' as const, continuesAt: 'https://www.nato.int/cps/en/natohq/opinions_1.htm' };
    const ch = findChapters(t.words, desc, { duration: lastEnd + 30 });
    expect(ch[ch.length - 1]!.kind).toBe('uncovered');
    // Without the hint, 30 s of tail is not enough evidence of more speech…
    expect(findChapters(t.words, t.transcript, { duration: lastEnd + 30 }).some((c) => c.kind === 'uncovered')).toBe(false);
    // …but a VAD speech end well past the text is.
    expect(findChapters(t.words, t.transcript, { duration: lastEnd + 30, speechEnd: lastEnd + 28 }).some((c) => c.kind === 'uncovered')).toBe(true);
    // And a VAD speech end at the text's end rules it out even for a long tail.
    expect(findChapters(t.words, t.transcript, { duration: lastEnd + 300, speechEnd: lastEnd + 1 }).some((c) => c.kind === 'uncovered')).toBe(false);
  });

  it('ignores unplaced words at the end when finding where the text stops', () => {
    const t = buildTalk([
      host(topic(['Allies discussed Arctic security and new patrols.'], 8), topic(['When it comes to cyber, hospitals were attacked.'], 8)),
      moderator('Reuters, please.'),
      question('Jane Doe, Reuters. What about drones?'),
      host(topic(['Drones are watched by our air policing.'], 6)),
    ], { tail: 0 });
    const cut = t.words.findIndex((w) => w.text === 'Reuters,');
    const words = t.words.map((w, i) => (i >= cut ? { ...w, start: null, end: null, confidence: 0, source: null } : w));
    const lastPlacedEnd = words[cut - 1]!.end!;
    const ch = findChapters(words, t.transcript, { duration: lastPlacedEnd + 200 });
    const last = ch[ch.length - 1]!;
    expect(last.kind).toBe('uncovered');
    expect(last.start).toBeCloseTo(lastPlacedEnd, 6);
    for (const c of ch) expect(c.start).toBeLessThanOrEqual(lastPlacedEnd);
  });
});
