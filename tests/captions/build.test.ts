import { describe, expect, it } from 'vitest';
import { buildCues } from '../../src/captions/build.js';
import { captionCps } from '../../src/captions/index.js';
import { FRAME, cueText, speak, timedWords, turnsOf, type WordSpec } from './helpers.js';

const LONG =
  'When it comes to keeping our deterrence and defence strong, we endorsed robust defence plans drawn up by Supreme Allied Commander, General Cavoli, to protect our one billion people. To ensure we are fully ready to execute these plans also in the future, we need more military capabilities, and for that we need significantly more defence spending.';

const ms = (x: number): number => Math.round(x * 1000);

function build(specs: WordSpec[], options = {}, labels: Array<string | null> = [null]) {
  const words = timedWords(specs);
  return { words, cues: buildCues(words, turnsOf(labels, words), options) };
}

describe('buildCues: lines', () => {
  it('keeps every line within 42 characters and every cue within 2 lines', () => {
    const { cues } = build(speak(LONG));
    expect(cues.length).toBeGreaterThan(2);
    for (const cue of cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
    }
  });

  it('honours a BBC-style 37-character line', () => {
    const { cues } = build(speak(LONG), { maxLineLength: 37 });
    for (const cue of cues) for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(37);
    expect(cues.some((c) => c.lines.some((l) => l.length > 33))).toBe(true);
  });

  it('keeps the transcript text exactly, in order, with nothing added or lost', () => {
    const { words, cues } = build(speak(`${LONG} It costs 2% of GDP — “roughly” $485bn.`));
    expect(cues.map(cueText).join(' ')).toBe(words.map((w) => w.text).join(' '));
  });

  it('keeps a cue that fits on one line to one line', () => {
    const { cues } = build(speak('Thank you very much.'));
    expect(cues).toHaveLength(1);
    expect(cues[0].lines).toEqual(['Thank you very much.']);
  });

  it('balances two lines when nothing else decides the break', () => {
    const { cues } = build(speak('Allies agreed today to increase investment in the production of air defence systems'));
    expect(cues).toHaveLength(1);
    const [a, b] = cues[0].lines;
    expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(12);
  });

  it('breaks after punctuation', () => {
    const { cues } = build(speak('We discussed Ukraine at length, and we agreed on a plan for peace.'));
    expect(cues[0].lines).toEqual(['We discussed Ukraine at length,', 'and we agreed on a plan for peace.']);
  });

  it('breaks before a conjunction or preposition rather than after', () => {
    const { cues } = build(speak('Ministers talked about production capacity and the long term needs of industry'));
    const first = cues[0].lines[0];
    expect(first.split(' ').pop()).not.toMatch(/^(and|the|of|about)$/);
  });

  it('never separates article and noun, first and last name, or pronoun and verb', () => {
    // In each text the balanced break point falls right inside a protected pair.
    const texts = [
      'Today Allies agreed on the defence investment plan',
      'Yesterday I met with Mark Rutte and his whole team',
      'After the talks with defence ministers we need more',
    ];
    for (const text of texts) {
      const { cues } = build(speak(text));
      expect(cues).toHaveLength(1);
      const [first, second] = cues[0].lines;
      const pair = `${first.split(' ').pop()} ${second.split(' ')[0]}`;
      expect(pair, `${first} / ${second}`).not.toMatch(/^(the defence|Mark Rutte|we need)$/);
    }
  });

  it('keeps article+noun, names and pronoun+verb together across a long text', () => {
    const { cues } = build(speak(`${LONG} ${LONG.replace(/we/g, 'they')}`));
    for (const cue of cues) {
      if (cue.lines.length < 2) continue;
      const last = cue.lines[0].split(' ').pop() as string;
      expect(['the', 'a', 'an', 'our', 'we', 'they', 'General', 'Supreme'], cue.lines.join(' / ')).not.toContain(last);
    }
  });

  it('cuts a word longer than a line into line-sized pieces instead of overflowing', () => {
    const url = 'https://www.nato.int/cps/en/natohq/opinions_233126.htm?selectedLocale=en';
    const { cues } = build(speak(`Read it at ${url} today.`));
    for (const cue of cues) for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
    expect(cues.map((c) => c.lines.join('')).join('').replace(/\s/g, '')).toBe(`Readitat${url}today.`);
  });
});

describe('buildCues: cue boundaries', () => {
  it('skips unplaced words and never spans them', () => {
    const specs = speak('We met with Minister Umerov today and discussed the situation on the ground.');
    expect(specs[6].text).toBe('and');
    specs[6] = { ...specs[6], start: null, end: null };
    const { cues } = build(specs);
    expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe('We met with Minister Umerov today discussed the situation on the ground.');
    for (const cue of cues) expect(cue.firstWord > 6 || cue.lastWord < 6).toBe(true);
  });

  it('ends a cue at a pause longer than 1.5 s but not at a shorter one', () => {
    const a = speak('We stand in solidarity', { start: 1 });
    const end = a[a.length - 1].end as number;
    const long = build([...a, ...speak('with our Ally Germany.', { start: end + 1.6 })]).cues;
    expect(long).toHaveLength(2);
    const short = build([...a, ...speak('with our Ally Germany.', { start: end + 1.2 })]).cues;
    expect(short).toHaveLength(1);
  });

  it('ends a cue at a change of speaker and marks the new speaker with ">> "', () => {
    const specs = [...speak('Thank you, Secretary General.', { turn: 0 }), ...speak('Thank you.', { start: 3, turn: 1 })];
    const { cues } = build(specs, {}, ['Moderator', 'NATO Secretary General']);
    expect(cues).toHaveLength(2);
    expect(cues[0].lines[0].startsWith('>> Thank you')).toBe(true);
    expect(cues[1].lines).toEqual(['>> Thank you.']);
    expect(cues[1].speakerChange).toBe('NATO Secretary General');
    expect(cues[1].speaker).toBe('NATO Secretary General');
  });

  it('writes speaker names, dashes, or nothing as asked', () => {
    const specs = [...speak('Next question please.', { turn: 0 }), ...speak('Thank you very much.', { start: 3, turn: 1 })];
    const labels = ['Moderator', 'Question'];
    expect(build(specs, { speakerNames: true }, labels).cues[1].lines[0]).toBe('>> Question: Thank you very much.');
    expect(build(specs, { speakerStyle: '-' }, labels).cues[1].lines[0]).toBe('- Thank you very much.');
    const none = build(specs, { speakerStyle: 'none' }, labels).cues;
    expect(none[1].lines[0]).toBe('Thank you very much.');
    expect(none[1].speakerChange).toBe('Question');
    const voice = build(specs, { speakerStyle: 'voice' }, labels).cues;
    expect(voice[1].lines[0]).toBe('Thank you very much.');
  });

  it('does not mark the first cue of a single unlabelled speaker', () => {
    const { cues } = build(speak('Good afternoon.'));
    expect(cues[0].lines).toEqual(['Good afternoon.']);
    expect(cues[0].speakerChange).toBeNull();
  });

  it('keeps a long speaker name within the line', () => {
    const specs = [...speak('Hello.', { turn: 0 }), ...speak('Thank you very much for having me here today.', { start: 3, turn: 1 })];
    const labels = ['Moderator', 'The Deputy Assistant Secretary General for Emerging Security Challenges'];
    const { cues } = build(specs, { speakerNames: true }, labels);
    for (const cue of cues) for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
    expect(cues[1].lines[0].startsWith('>> The Deputy')).toBe(true);
  });

  it('starts a new sentence in a new cue where it can', () => {
    const { cues } = build(speak('Defence spending is already growing. But we need to do more, much more.'));
    expect(cues.map((c) => c.lines.join(' '))).toEqual(['Defence spending is already growing.', 'But we need to do more, much more.']);
  });

  it('joins a sentence too short to read on its own to its neighbour', () => {
    const { cues } = build(speak('Yes. We will continue to support Ukraine.', { perChar: 0.04, sentenceGap: 0.05 }));
    expect(cues).toHaveLength(1);
  });
});

describe('buildCues: timing', () => {
  const specs = speak(LONG);
  const { cues, words } = build(specs);

  it('starts each cue at its first word onset', () => {
    for (const cue of cues) expect(cue.start).toBe(words[cue.firstWord].start);
  });

  it('ends within 12 frames of its last word, never into the next speech, with 2 frames between cues', () => {
    cues.forEach((cue, i) => {
      const last = words[cue.lastWord].end as number;
      expect(ms(cue.end)).toBeLessThanOrEqual(ms(last + 12 * FRAME));
      const next = cues[i + 1];
      if (next) {
        expect(ms(next.start) - ms(cue.end)).toBeGreaterThanOrEqual(80);
        expect(cue.end).toBeLessThan(words[next.firstWord].start as number);
      }
    });
  });

  it('uses the frame rate for extension and gaps', () => {
    const fast = build(specs, { fps: 30 }).cues;
    fast.forEach((cue, i) => {
      expect(ms(cue.end)).toBeLessThanOrEqual(ms((words[cue.lastWord].end as number) + 0.4));
      if (fast[i + 1]) expect(ms(fast[i + 1].start) - ms(cue.end)).toBeGreaterThanOrEqual(67);
    });
  });

  it('extends an isolated cue by 12 frames, and never more than 1.5 s', () => {
    const one = speak('Thank you.', { start: 10 });
    expect(build(one).cues[0].end).toBeCloseTo((one[1].end as number) + 0.48, 3);
    expect(build(one, { maxEndExtension: 100 }).cues[0].end).toBeCloseTo((one[1].end as number) + 1.5, 3);
  });

  it('keeps every cue between 5/6 s and 7 s when the speech allows', () => {
    for (const cue of cues) {
      expect(cue.end - cue.start).toBeGreaterThanOrEqual(5 / 6 - 1e-9);
      expect(cue.end - cue.start).toBeLessThanOrEqual(7);
    }
  });

  it('splits slow speech so no cue stays up longer than 7 s', () => {
    const slow = build(speak('We are producing more and faster than at any time in decades.', { perChar: 0.15, gap: 0.6 })).cues;
    expect(slow.length).toBeGreaterThan(1);
    for (const cue of slow) expect(cue.end - cue.start).toBeLessThanOrEqual(7);
  });

  it('uses the silence after fast speech to keep reading speed, and needs it', () => {
    // ~26 cps while speaking: readable only because the cue may stay up 12 frames longer.
    const fast = speak('Defence production is growing.', { perChar: 0.03, gap: 0.02 });
    const withSilence = build(fast).cues;
    expect(withSilence).toHaveLength(1);
    expect(captionCps(withSilence[0].lines, ms(withSilence[0].start), ms(withSilence[0].end))).toBeLessThanOrEqual(20);
    const noSilence = build(fast, { maxEndExtension: 0 }).cues;
    expect(captionCps(noSilence[0].lines, ms(noSilence[0].start), ms(noSilence[0].end))).toBeGreaterThan(20);
  });

  it('joins a rushed sentence to slower speech rather than break reading speed', () => {
    const rushed = speak('It is clear, absolutely clear.', { perChar: 0.015, gap: 0 });
    const after = speak('Allies recognise the need to invest.', { start: (rushed[rushed.length - 1].end as number) + 0.1 });
    const { cues } = build([...rushed, ...after]);
    for (const cue of cues) expect(captionCps(cue.lines, ms(cue.start), ms(cue.end))).toBeLessThanOrEqual(20);
    expect(cues[0].lastWord).toBeGreaterThan(rushed.length - 1);
  });

  it('never moves a cue off its speech to win reading speed', () => {
    const rushed = build(speak('So we had an excellent set of discussions focused on the urgent work ahead.', { perChar: 0.02, gap: 0 })).cues;
    const ws = timedWords(speak('So we had an excellent set of discussions focused on the urgent work ahead.', { perChar: 0.02, gap: 0 }));
    for (const cue of rushed) {
      expect(cue.start).toBe(ws[cue.firstWord].start);
      expect(cue.end).toBeLessThanOrEqual((ws[cue.lastWord].end as number) + 0.48 + 1e-9);
    }
  });
});
