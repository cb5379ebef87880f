import { describe, expect, it } from 'vitest';
import { CHAPTER_LABELS, findChapters, MAX_CHAPTER_TITLE_CHARS } from '../../src/chapters/index.js';
import { outletFromHandOver, outletFromQuestion } from '../../src/chapters/outlets.js';
import { buildTitleContext, rankPhrases } from '../../src/chapters/titles.js';
import { buildTalk, chapterText, host, moderator, question, topic, wordSet } from './helpers.js';
import { conferenceTurns } from './conference.js';

const FIXED = new Set(Object.values(CHAPTER_LABELS));

describe('chapter titles', () => {
  const talk = buildTalk(conferenceTurns);
  const chapters = findChapters(talk.words, talk.transcript, { duration: talk.duration });

  it('are at most 49 characters, non-empty and distinct', () => {
    expect(MAX_CHAPTER_TITLE_CHARS).toBe(49);
    for (const c of chapters) {
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.title.length).toBeLessThanOrEqual(49);
    }
    expect(new Set(chapters.map((c) => c.title.toLowerCase())).size).toBe(chapters.length);
  });

  it('use only words from their own segment (besides "Q&A" and fixed labels)', () => {
    for (const c of chapters) {
      if (FIXED.has(c.title as never)) continue;
      const seg = wordSet(chapterText(talk, c.firstWord, c.lastWord));
      const words = [...wordSet(c.title.replace(/^Q&A:?/, ''))];
      expect(words.length).toBeGreaterThan(0);
      for (const w of words) expect(seg.has(w), `"${w}" of "${c.title}" not in its segment`).toBe(true);
    }
  });

  it('name the topic of each statement segment', () => {
    const titles = chapters.filter((c) => c.kind !== 'question').map((c) => c.title.toLowerCase());
    expect(titles[0]).toMatch(/arctic|ice|shipping|high north/);
    expect(titles[1]).toMatch(/spending|budget/);
    expect(titles[2]).toMatch(/cyber|hacker/);
    expect(titles[3]).toMatch(/iraq|training|trainer|officer/);
    expect(titles[4]).toMatch(/climate|bases|emission|fuel/);
  });

  it('name the outlet of each question, from the self-introduction or the hand-over', () => {
    const qs = chapters.filter((c) => c.kind === 'question').map((c) => c.title);
    expect(qs).toHaveLength(4);
    expect(qs[0]).toMatch(/^Q&A: Reuters — \S/);
    expect(qs[1]).toMatch(/^Q&A: AFP — \S/);
    expect(qs[2]).toMatch(/^Q&A: Bloomberg — \S/);
    expect(qs[3]).toMatch(/^Q&A: Politico( Europe)? — \S/);
    // Never the journalist's name as the topic.
    expect(qs.join(' ')).not.toMatch(/Smith|Martin|Jones|Berg/);
    expect(qs[0]!.toLowerCase()).toMatch(/arctic|submarine|ship|patrol/);
    expect(qs[1]!.toLowerCase()).toMatch(/cyber|hospital|attack/);
  });

  it('drop the outlet when the text gives none', () => {
    const t = buildTalk([
      host(topic(['Allies discussed Arctic security and new Arctic patrols today.'], 6)),
      moderator('Next question, please.'),
      question('Will the patrols include submarines under the Arctic ice?'),
      host(topic(['Submarines will patrol under the ice together with surface ships.'], 4)),
      moderator('And one more.'),
      question('What about drones over the Baltic Sea?'),
      host(topic(['Drones over the Baltic Sea are watched by our air policing mission.'], 4)),
    ]);
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    const qs = ch.filter((c) => c.kind === 'question');
    expect(qs).toHaveLength(2);
    for (const q of qs) expect(q.title).toMatch(/^Q&A: (?!.* — )\S/);
    expect(qs[0]!.title.toLowerCase()).toMatch(/submarine|ice|patrol/);
  });

  it('sink words every briefing uses when background transcripts are given', () => {
    const words = 'Allies agreed that NATO Allies will protect undersea cables . Allies and NATO will watch undersea cables with NATO ships .'.split(' ');
    const others = [
      'Allies and NATO discussed spending . NATO Allies agreed .',
      'NATO Allies met Ukraine . Allies and NATO support Ukraine .',
      'NATO Allies discussed industry and NATO production .',
    ];
    const withBg = rankPhrases({ words }, buildTitleContext([words], others, 'en'));
    expect(withBg[0]!.surface.toLowerCase()).toMatch(/undersea cables|cables/);
    const idx = (r: typeof withBg, s: string) => r.findIndex((p) => p.surface.toLowerCase() === s);
    const allies = idx(withBg, 'allies');
    const nato = idx(withBg, 'nato');
    const cables = idx(withBg, 'undersea cables');
    expect(cables).toBeGreaterThanOrEqual(0);
    if (allies >= 0) expect(allies).toBeGreaterThan(cables);
    if (nato >= 0) expect(nato).toBeGreaterThan(cables);
  });
});

describe('outlet extraction', () => {
  it('reads self-introductions', () => {
    expect(outletFromQuestion('Thank you. Jane Doe, Reuters. On the Arctic?')).toBe('Reuters');
    expect(outletFromQuestion('Hi, Sarah Lindqvist from Bloomberg. Some Allies say…')).toBe('Bloomberg');
    expect(outletFromQuestion('Thank you, General. Jonas Berg, Breaking Defense. You said…')).toBe('Breaking Defense');
    expect(outletFromQuestion('Jane Doe, Helsingin Sanomat. On Finland?')).toBe('Helsingin Sanomat');
    expect(outletFromQuestion('Secretary General, on Arctic security, will Allies deploy ships?')).toBeNull();
  });

  it('reads hand-overs, but not a bare first name', () => {
    expect(outletFromHandOver('Reuters, please.')).toBe('Reuters');
    expect(outletFromHandOver('Next question, the gentleman from AFP.')).toBe('AFP');
    expect(outletFromHandOver("Let's take the next question from Balkan Insight.")).toBe('Balkan Insight');
    expect(outletFromHandOver('Jane, please.')).toBeNull();
    expect(outletFromHandOver('The gentleman in the third row.')).toBeNull();
  });
});
