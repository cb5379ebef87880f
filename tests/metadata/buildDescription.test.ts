import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildDescription,
  formatDescriptionChapterLines,
  formatDescriptionTimestamp,
  parseDescription,
} from '../../src/metadata/index.js';
import { buildDescriptionOnce } from '../../src/metadata/build.js';
import { allFixtures, fixture, hostileDescription, seed } from './fixtures.js';

const CHAPTERS = [
  { start: 0, title: 'Opening remarks' },
  { start: 95.7, title: 'Attack in Munich' },
  { start: 160, title: 'Secretary Hegseth' },
  { start: 402, title: 'Defence spending' },
];
const chapterLine = /^(?:\d+:)?\d{1,2}:\d{2} \S/;
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Every link of the original survives, byte for byte. */
function expectLinksKept(original: string, text: string): void {
  for (const l of parseDescription(original).links) expect(text).toContain(l.raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, ''));
}

describe('formatDescriptionTimestamp', () => {
  it.each([
    [0, '0:00'],
    [9.99, '0:09'],
    [61, '1:01'],
    [599, '9:59'],
    [3599.9, '59:59'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [36000, '10:00:00'],
  ])('%s s → %s', (s, out) => expect(formatDescriptionTimestamp(s)).toBe(out));
});

describe('buildDescription on the seed', () => {
  const original = seed();
  const { text, notes } = buildDescription(original, CHAPTERS);
  const lines = text.split('\n');

  it('puts the chapters after "Transcript continues" and before the link list, hashtags last', () => {
    const cont = lines.findIndex((l) => l.startsWith('Transcript continues:'));
    const head = lines.indexOf('Chapters:');
    const divider = lines.findIndex((l) => /^▬+$/.test(l));
    expect(cont).toBeGreaterThan(0);
    expect(head).toBeGreaterThan(cont);
    expect(divider).toBeGreaterThan(head);
    expect(lines.slice(head + 1, head + 5)).toEqual(['0:00 Opening remarks', '1:35 Attack in Munich', '2:40 Secretary Hegseth', '6:42 Defence spending']);
    expect(lines.at(-1)).toBe('#NATO #OTAN #DefMin');
  });

  it('stays within 5000 UTF-8 bytes by trimming the transcript excerpt at a sentence end, and says so', () => {
    expect(bytes(text)).toBeLessThanOrEqual(5000);
    expect(bytes(original) + 90).toBeGreaterThan(5000); // the seed alone is 4923 bytes: something had to go
    expect(notes.some((n) => /transcript excerpt trimmed at a sentence end/.test(n))).toBe(true);
    const cont = lines.findIndex((l) => l.startsWith('Transcript continues:'));
    expect(lines[cont - 1]).toMatch(/[.!?]$/);
    expect(text).not.toMatch(/[<>]/);
    expectLinksKept(original, text);
    // Nothing but the excerpt shrank: title, subtitle and marker are intact.
    expect(lines.slice(0, 3)).toEqual(original.split('\n').slice(0, 3));
  });

  it('re-running replaces the block instead of adding another', () => {
    const again = buildDescription(text, CHAPTERS);
    expect(again.text).toBe(text);
    expect(again.notes.some((n) => /replaced the existing chapters block/.test(n))).toBe(true);
    const other = buildDescription(text, [
      { start: 0, title: 'Intro' },
      { start: 30, title: 'Ukraine' },
      { start: 90, title: 'Questions' },
    ]);
    const ol = other.text.split('\n');
    expect(ol.filter((l) => l === 'Chapters:')).toHaveLength(1);
    expect(ol.filter((l) => chapterLine.test(l))).toEqual(['0:00 Intro', '0:30 Ukraine', '1:30 Questions']);
    expect(ol.indexOf('Chapters:')).toBe(lines.indexOf('Chapters:'));
  });

  it('keeps CRLF line endings', () => {
    const crlf = original.replace(/\n/g, '\r\n');
    const out = buildDescription(crlf, CHAPTERS).text;
    expect(out).toContain('\r\nChapters:\r\n0:00 Opening remarks\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(bytes(out)).toBeLessThanOrEqual(5000);
  });

  it('does not trim when there is room', () => {
    const roomy = buildDescription(original, CHAPTERS, { maxBytes: 10000 });
    expect(roomy.notes.filter((n) => /trimmed/.test(n))).toEqual([]);
    expect(roomy.text).toContain('This is well above the 40 billion that we had pledged for the year.');
  });
});

describe('buildDescription on other layouts', () => {
  it('replaces timestamps already present (and their heading) in place', () => {
    const original = fixture('existing-timestamps.description.txt');
    const { text, notes } = buildDescription(original, CHAPTERS);
    expect(text.endsWith('\n')).toBe(original.endsWith('\n'));
    const lines = text.trimEnd().split('\n');
    expect(text).not.toContain('Baltic air policing');
    expect(text).not.toContain('Timestamps:');
    expect(lines.filter((l) => chapterLine.test(l))).toHaveLength(4);
    const head = lines.indexOf('Chapters:');
    expect(lines[head - 2]).toMatch(/^Our weekly round-up/);
    expect(lines[head - 1]).toBe('');
    expect(lines[head + 5]).toBe('');
    expect(lines[head + 6]).toMatch(/^Support the show/);
    expect(lines.at(-1)).toBe('#defence #security #podcast');
    expect(notes.some((n) => /replaced the existing chapters block \(5 line/.test(n))).toBe(true);
    expect(buildDescription(text, CHAPTERS).text).toBe(text);
  });

  it('no links: before the hashtags, which stay last', () => {
    const { text } = buildDescription(fixture('no-links.description.txt'), CHAPTERS);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('#asmr #walkingtour #citysounds');
    expect(lines.at(-2)).toBe('');
    expect(lines.at(-3)).toBe('6:42 Defence spending');
    expect(lines.indexOf('Chapters:')).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Filmed on a Sunday')));
  });

  it('"Links:" section: after the summary, before the links', () => {
    const { text } = buildDescription(fixture('links-section.description.txt'), CHAPTERS);
    const lines = text.split('\n');
    expect(lines.indexOf('Chapters:')).toBeLessThan(lines.indexOf('Links:'));
    expect(lines.indexOf('Chapters:')).toBeGreaterThan(lines.findIndex((l) => l.startsWith('The council heard')));
  });

  it('inline marker: after the excerpt line that ends in the continues link', () => {
    const { text } = buildDescription(fixture('inline-marker.description.txt'), CHAPTERS);
    const lines = text.split('\n');
    expect(lines[lines.indexOf('Chapters:') - 2]).toMatch(/^🗣 \| NATO Deputy Secretary General: Good morning\./);
  });

  it('hostile input: control characters removed, angle brackets replaced, links untouched', () => {
    const original = hostileDescription();
    const { text, notes } = buildDescription(original, [...CHAPTERS, { start: 500, title: 'Q&A <live>' }]);
    expect(text).not.toMatch(/[<>\u0000-\u0008\u202E]/);
    expect(text).toContain('‹b›bold‹/b›');
    expect(text).toContain('6:42 Defence spending\n8:20 Q&A ‹live›');
    expect(notes.some((n) => /control or bidi-override/.test(n))).toBe(true);
    expect(notes.some((n) => /"<"\/">" character\(s\) replaced/.test(n))).toBe(true);
    expectLinksKept(original, text);
  });

  it('a long summary is trimmed at a sentence end; links are never cut, even when that is not enough', () => {
    const sentence = 'The ministers discussed readiness, industry and support for partners in detail. ';
    const summary = sentence.repeat(80).trim();
    const original = `Title line\n\n${summary}\n\nWebsite: https://www.example.org\n#tag`;
    const { text, notes } = buildDescription(original, CHAPTERS);
    expect(bytes(text)).toBeLessThanOrEqual(5000);
    expect(notes.some((n) => /summary trimmed at a sentence end/.test(n))).toBe(true);
    expect(text).toContain('Website: https://www.example.org');
    expect(text.split('\n').find((l) => l.startsWith('The ministers'))).toMatch(/detail\.$/);

  });

  it('keeps the 5000-byte promise on link- and emoji-heavy descriptions: lines go from the end, with one note saying which', () => {
    const manyLinks = Array.from({ length: 200 }, (_, i) => `Link ${i}: https://www.example.org/page/${i}`).join('\n');
    const huge = buildDescription(`Title\n\nShort summary.\n\n${manyLinks}`, CHAPTERS);
    expect(bytes(huge.text)).toBeLessThanOrEqual(5000);
    expect(huge.text).toContain('https://www.example.org/page/0');
    expect(huge.text).toContain('0:00 Opening');
    const fitNotes = huge.notes.filter((n) => /5000-byte limit/.test(n));
    expect(fitNotes).toHaveLength(1);
    expect(fitNotes[0]).toMatch(/removed .*links \(\d+ lines\).* to fit/);

    // One paragraph of emoji with no sentence end to cut at.
    const emoji = '🇺🇦👋🏽🗣🎤🎙 '.repeat(300);
    const emojiHeavy = buildDescription(`Title 🇺🇦\n\n${emoji}\n\n#NATO #OTAN`, CHAPTERS);
    expect(bytes(emojiHeavy.text)).toBeLessThanOrEqual(5000);
    expect(emojiHeavy.text).toContain('Chapters:');
    expect(emojiHeavy.notes.filter((n) => /5000-byte limit/.test(n))).toHaveLength(1);
  });

  it('says when there are more hashtags than YouTube honours', () => {
    const tags = Array.from({ length: 17 }, (_, i) => `#t${String.fromCharCode(97 + i)}x`).join(' ');
    const { text, notes } = buildDescription(`Title\n\nSome summary text.\n\n${tags}`, CHAPTERS);
    expect(text.trimEnd().split('\n').at(-1)).toBe(tags);
    expect(notes.some((n) => /17 distinct hashtags/.test(n))).toBe(true);
  });

  it('empty chapter list removes an old block and says so', () => {
    const { text, notes } = buildDescription(fixture('existing-timestamps.description.txt'), []);
    expect(text).not.toMatch(/^\d+:\d{2} /m);
    expect(notes.some((n) => /no chapters given/.test(n))).toBe(true);
  });
});

describe('formatDescriptionChapterLines', () => {
  it('enforces YouTube rules, fixing what it safely can and reporting the rest', () => {
    const { lines, notes } = formatDescriptionChapterLines([
      { start: 12, title: 'Late start' },
      { start: 5, title: 'Unsorted' },
      { start: Number.NaN, title: 'broken' },
      { start: 12.4, title: 'Same second' },
      { start: 20, title: '   ' },
      { start: 4000, title: 'A very long chapter title that goes on and on well beyond what YouTube shows on hover' },
    ]);
    expect(lines).toEqual(['0:00 Unsorted', '0:12 Late start', '0:20 Part 3', '1:06:40 A very long chapter title that goes on and on well beyond what…']);
    const all = notes.join('\n');
    expect(all).toMatch(/without a valid start time/);
    expect(all).toMatch(/sorted by start time/);
    expect(all).toMatch(/shares its second/);
    expect(all).toMatch(/moved from 0:05 to 0:00/);
    expect(all).toMatch(/had no title/);
    expect(all).toMatch(/shortened to 70 characters/);
    expect(all).toMatch(/shorter than 10 s.*: 0:12$/m);
    expect(Array.from(lines[3].slice('1:06:40 '.length)).length).toBeLessThanOrEqual(70);
  });

  it('warns when there are fewer than three chapters', () => {
    expect(formatDescriptionChapterLines([{ start: 0, title: 'Only' }]).notes.join()).toMatch(/YouTube shows chapters from 3 on/);
  });
});

describe('a single pass is already stable on real descriptions', () => {
  it.each(allFixtures().map((f) => [f.name, f.text]))('%s', (_name, text) => {
    for (const maxBytes of [5000, 1200]) {
      const once = buildDescriptionOnce(text, CHAPTERS, { maxBytes });
      expect(buildDescriptionOnce(once.text, CHAPTERS, { maxBytes }).text).toBe(once.text);
      expect(buildDescription(text, CHAPTERS, { maxBytes }).text).toBe(once.text);
    }
  });
});

describe('buildDescription properties', () => {
  const proseLine = fc.constantFrom(
    'Allies discussed support for Ukraine and defence spending today.',
    'Der Generalsekretär sprach über die Verteidigungsausgaben.',
    'Секретар говорив про оборону. Це важливо!',
    'A line with <angle> brackets -> and arrows.',
    'Short line',
    '',
  );
  const linkLine = fc.constantFrom(
    'SUBSCRIBE to NATO News https://bit.ly/NATONewsSubscribe',
    'Follow us on X: https://x.com/NATO',
    'Website: https://www.nato.int',
    '- [Docs](https://docs.example.org/start)',
    'Broken: https:// and javascript:alert(1)',
  );
  const otherLine = fc.constantFrom('▬▬▬▬▬▬▬▬', '#NATO #OTAN', '0:00 Old intro', '1:30 Old part', 'Chapters:', '🗣 | Moderator:', 'Transcript continues: https://www.nato.int/x.htm');
  const description = fc
    .array(fc.oneof({ weight: 4, arbitrary: proseLine }, { weight: 2, arbitrary: linkLine }, { weight: 1, arbitrary: otherLine }), { maxLength: 40 })
    .chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));
  const chapters = fc.uniqueArray(fc.record({ start: fc.integer({ min: 0, max: 7200 }), title: fc.string({ maxLength: 80 }) }), {
    selector: (c) => c.start,
    maxLength: 8,
  });

  it('output has no angle brackets, keeps every link, stays in budget or says why, and is stable on re-run', () => {
    fc.assert(
      fc.property(description, chapters, fc.integer({ min: 300, max: 6000 }), (original, chs, maxBytes) => {
        const { text, notes } = buildDescription(original, chs, { maxBytes });
        expect(text).not.toMatch(/[<>]/);
        // Links go only as a last resort to keep the byte promise, and a note says so.
        if (!notes.some((n) => /removed .*links \(/.test(n))) expectLinksKept(original, text);
        expect(bytes(text)).toBeLessThanOrEqual(maxBytes);
        const chapterLines = text.split(/\r?\n/).filter((l) => chapterLine.test(l));
        const valid = chs.filter((c) => Number.isFinite(c.start));
        // One block: at most one heading more than the original had (a user's "Chapters:" above prose stays theirs).
        const headings = (s: string): number => s.split(/\r?\n/).filter((l) => l === 'Chapters:').length;
        if (valid.length > 0) expect(headings(text)).toBeLessThanOrEqual(headings(original) + 1);
        expect(headings(text)).toBeGreaterThanOrEqual(valid.length > 0 ? 1 : 0);
        expect(chapterLines.length).toBeGreaterThanOrEqual(Math.min(valid.length, 1));
        const again = buildDescription(text, chs, { maxBytes });
        expect(again.text).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
