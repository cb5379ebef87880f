import { describe, expect, it } from 'vitest';
import { findChapters } from '../../src/chapters/index.js';
import { cueStrength, isHandOver, isSelfIntroduction } from '../../src/chapters/cues.js';
import { depthScores } from '../../src/chapters/tiling.js';
import { buildTalk, host, moderator, plain, question, topic } from './helpers.js';
import { conferenceTurns, expectedParagraphs } from './conference.js';

describe('segmentation of a labelled press conference', () => {
  const talk = buildTalk(conferenceTurns, { preroll: 6 });
  const chapters = findChapters(talk.words, talk.transcript, { duration: talk.duration });

  it('starts a chapter at each statement topic and at each question hand-over', () => {
    const expected = expectedParagraphs.map((p) => talk.paragraphStarts[p]);
    expect(chapters.slice(1).map((c) => c.firstWord)).toEqual(expected);
  });

  it('snaps every boundary to the onset of the first word of a sentence', () => {
    for (const c of chapters.slice(1)) {
      const w = talk.words[c.firstWord!]!;
      expect(c.start).toBe(w.start);
      const prev = talk.words[c.firstWord! - 1]!;
      expect(prev.sentence).not.toBe(w.sentence);
    }
  });

  it('marks question chapters and covers every word exactly once', () => {
    expect(chapters.filter((c) => c.kind === 'question')).toHaveLength(4);
    let next = 0;
    for (const c of chapters) {
      expect(c.firstWord).toBe(next);
      next = c.lastWord! + 1;
    }
    expect(next).toBe(talk.words.length);
  });

  it('keeps a follow-up question with its journalist, and the closing words with the last answer', () => {
    const turns = [
      host(topic(['Allies discussed the Arctic and the High North today.', 'Arctic patrols will grow and Arctic bases will be modernised.'], 4)),
      moderator('Reuters, please.'),
      question('John Smith, Reuters. Will Arctic patrols include submarines?'),
      host(topic(['Submarines are a national matter, but patrols will be regular.'], 4)),
      question('And a follow-up: when will the patrols start?'),
      host(topic(['They start next year, with ships from several Allies.'], 3)),
      moderator('Next question, AFP.'),
      question('Marie Martin, AFP. What about cyber attacks on hospitals?'),
      host(topic(['Cyber attacks on hospitals are criminal and we respond together.'], 4)),
      moderator('Thank you, this concludes the press conference.'),
    ];
    const t = buildTalk(turns);
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    expect(ch.map((c) => c.kind)).toEqual(['statement', 'question', 'question']);
    // The follow-up (paragraph 4) is inside the Reuters chapter; the AFP chapter starts at the hand-over.
    expect(ch[1]!.firstWord).toBe(t.paragraphStarts[1]);
    expect(ch[2]!.firstWord).toBe(t.paragraphStarts[6]);
    expect(ch[2]!.lastWord).toBe(t.words.length - 1);
  });

  it('finds questions in an unlabelled transcript from self-introductions and hand-overs', () => {
    const t = buildTalk([
      plain(
        topic(['Today ministers discussed air defence and new radars for the eastern flank.', 'Radars and interceptors protect our cities.'], 4),
        topic(['When it comes to industry, factories must produce more shells.', 'Industry needs long contracts for shells.'], 4),
        'I am ready to take your questions.',
        'Thank you. John Smith, Reuters. How many radars will be deployed, and where exactly?',
        topic(['The number of radars is a national decision, but the eastern flank comes first.'], 4),
        'Marie Martin, AFP. Are the factories really producing more shells?',
        topic(['Yes, shell production has tripled, but we need more.', 'Factories are hiring workers and building new lines.'], 3),
      ),
    ]);
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    const starts = ch.map((c) => c.firstWord);
    expect(starts).toContain(t.paragraphStarts[1]);
    expect(starts).toContain(t.paragraphStarts[3]);
    expect(starts).toContain(t.paragraphStarts[5]);
    // Without labels, a chapter that opens with a journalist's introduction is still a Q&A chapter.
    const reuters = ch.find((c) => c.firstWord === t.paragraphStarts[3])!;
    expect(reuters.kind).toBe('question');
    expect(reuters.title).toMatch(/^Q&A: Reuters — /);
    expect(ch.find((c) => c.firstWord === t.paragraphStarts[5])!.title).toMatch(/^Q&A: AFP — /);
  });

  it('splits a long monologue without cues where the vocabulary changes (lexical cohesion)', () => {
    const a = topic(['Submarines patrol the northern seas near Norway.', 'Submarine crews train in icy northern waters.', 'Northern sea patrols need more submarines and crews.'], 3);
    const b = topic(['Vaccines and hospitals were targeted during the pandemic.', 'Hospital staff and vaccine supplies need protection.', 'Pandemic planning protects hospitals and vaccines.'], 3);
    const c = topic(['Farmers lost harvests after the drought.', 'Drought and failed harvests raise food prices.', 'Food prices hurt farmers and families after droughts.'], 3);
    const t = buildTalk([host(`${a} ${b} ${c}`)]);
    const ch = findChapters(t.words, t.transcript, { duration: t.duration });
    expect(ch).toHaveLength(3);
    const firstOfB = t.words.findIndex((w) => w.text === 'Vaccines');
    const firstOfC = t.words.findIndex((w) => w.text === 'Farmers');
    expect(ch[1]!.firstWord).toBe(firstOfB);
    expect(ch[2]!.firstWord).toBe(firstOfC);
  });

  it('is deterministic', () => {
    const again = findChapters(talk.words, talk.transcript, { duration: talk.duration });
    expect(again).toEqual(chapters);
  });
});

describe('discourse cues', () => {
  it('scores topic openers high and continuations low', () => {
    expect(cueStrength('First, ammunition.')).toBe(1);
    expect(cueStrength('When it comes to spending, we agreed more.')).toBe(1);
    expect(cueStrength('And finally, climate.')).toBe(1);
    expect(cueStrength('Let me begin with the Arctic.')).toBe(1);
    expect(cueStrength('Allies also met with Ukraine.')).toBeGreaterThanOrEqual(0.7);
    expect(cueStrength('Today, we agreed an action plan.')).toBeGreaterThanOrEqual(0.7);
    expect(cueStrength('But we must do more.')).toBeLessThan(0);
    expect(cueStrength('This is a quantum leap.')).toBeLessThan(0);
    expect(cueStrength('Industry has taken steps.')).toBe(0);
  });

  it('recognises hand-overs and self-introductions', () => {
    expect(isHandOver('Reuters, please.')).toBe(true);
    expect(isHandOver('Next question, the lady from AFP.')).toBe(true);
    expect(isHandOver('Allies agreed on new plans.')).toBe(false);
    expect(isSelfIntroduction('Thank you. Jane Doe, Reuters. On Ukraine?')).toBe(true);
    expect(isSelfIntroduction('Hi, Sarah Lindqvist from Bloomberg. Some Allies…')).toBe(true);
    expect(isSelfIntroduction('Secretary General, on Arctic security, will Allies deploy more ships?')).toBe(false);
  });

  it('gives the deepest cohesion valley where the vocabulary changes', () => {
    const s = [['ship', 'sea'], ['sea', 'ship', 'navi'], ['navi', 'sea'], ['farm', 'crop'], ['crop', 'farm', 'rain'], ['rain', 'farm']];
    const d = depthScores(s, { window: 4 });
    const best = d.indexOf(Math.max(...d));
    expect(best).toBe(3);
  });
});
