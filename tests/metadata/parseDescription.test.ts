import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  DESCRIPTION_METADATA_SCHEMA_VERSION,
  parseDescription,
  validateDescriptionMetadata,
  type DescriptionMetadata,
} from '../../src/metadata/index.js';
import { allFixtures, fixture, hostileDescription, longLineDescription, seed } from './fixtures.js';

const schemaPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/metadata.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// An independent validator compiled here, so the test does not trust the module's own wiring.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function expectValid(doc: unknown, name = ''): void {
  const ok = validate(doc);
  expect(ok, `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const everything = (): Array<{ name: string; text: string }> => [
  ...allFixtures(),
  { name: 'seed-crlf', text: seed().replace(/\n/g, '\r\n') },
  { name: 'hostile', text: hostileDescription() },
  { name: 'long-line', text: longLineDescription() },
  { name: 'empty', text: '' },
  { name: 'only-spaces', text: '  \n \t \n' },
];

describe('parseDescription on the seed', () => {
  const m = parseDescription(seed());

  it('reads title, subtitle, event, date, place and speaker', () => {
    expect(m.schemaVersion).toBe(DESCRIPTION_METADATA_SCHEMA_VERSION);
    expect(m.title).toBe('NATO Secretary General press conference at Defence Ministers Meeting, 13 FEB 2025');
    expect(m.subtitle).toBe(
      'Press conference by NATO Secretary General Mark Rutte following the meetings of NATO Ministers of Defence in Brussels, 13 February 2025.',
    );
    expect(m.event).toBe('Defence Ministers Meeting');
    expect(m.date).toBe('2025-02-13');
    expect(m.dateText).toBe('13 FEB 2025');
    expect(m.place).toBe('Brussels');
    expect(m.speakers).toEqual([{ role: 'NATO Secretary General', name: 'Mark Rutte', label: 'NATO Secretary General' }]);
    expect(m.summary).toBeNull();
  });

  it('carries the transcript excerpt and its source link', () => {
    expect(m.transcript?.sourceUrl).toBe('https://www.nato.int/cps/en/natohq/opinions_232958.htm');
    expect(m.transcript?.speakerLabel).toBe('NATO Secretary General');
    expect(m.transcript?.text.startsWith('Good afternoon,')).toBe(true);
    expect(m.transcript?.wordCount).toBeGreaterThan(600);
  });

  it('classifies every link: kind, platform (from the words for bit.ly), label, short link', () => {
    const rows = m.links.map((l) => [l.kind, l.platform, l.label, l.shortLink]);
    expect(rows).toEqual([
      ['transcript', null, 'Transcript continues', false],
      ['subscribe', 'YouTube', 'SUBSCRIBE to this channel', true],
      ['subscribe', 'YouTube', 'SUBSCRIBE to NATO News', true],
      ['subscribe', 'YouTube', 'SUBSCRIBE to NATO History', true],
      ['website', null, 'Visit the Official NATO Homepage', true],
      ['newsletter', null, 'Receive NATO updates via email', true],
      ['social', 'Facebook', 'Find NATO on FACEBOOK', true],
      ['social', 'X/Twitter', 'Follow @NATO on X/TWITTER', true],
      ['social', 'Instagram', 'Follow NATO on Instagram', true],
      ['social', 'LinkedIn', 'Find NATO on LinkedIn', true],
      ['social', 'Flickr', 'Find NATO on Flickr', true],
    ]);
    expect(m.links.filter((l) => l.shortLink).every((l) => l.domain === 'bit.ly' && l.platformSource !== 'domain')).toBe(true);
    expect(m.links[0].domain).toBe('nato.int');
    expect(m.links.slice(4).every((l) => l.section === 'Connect with NATO online')).toBe(true);
    expect(m.links.slice(1, 4).every((l) => l.section === null)).toBe(true);
  });

  it('finds hashtags (first three shown), the @NATO mention and the emoji marker line', () => {
    expect(m.hashtags.map((h) => [h.raw, h.shownAboveTitle])).toEqual([
      ['#NATO', true],
      ['#OTAN', true],
      ['#DefMin', true],
    ]);
    expect(m.mentions.map((x) => x.handle)).toEqual(['NATO']);
    expect(m.emojiLines).toEqual([{ line: 3, start: seed().indexOf('🗣'), emoji: '🗣', text: 'NATO Secretary General:' }]);
  });

  it('measures the description the way YouTube counts it', () => {
    const s = seed();
    expect(m.length.utf8Bytes).toBe(Buffer.byteLength(s, 'utf8'));
    expect(m.length.characters).toBe([...s].length);
    expect(m.length.lines).toBe(s.split('\n').length);
    expect(m.warnings).toEqual([]);
  });

  it('reads the same facts from the CRLF version', () => {
    const c = parseDescription(seed().replace(/\n/g, '\r\n'));
    expect({ ...c, links: c.links.map((l) => l.url), length: null, transcript: c.transcript?.text, hashtags: c.hashtags.map((h) => h.raw), mentions: null, emojiLines: null }).toEqual({
      ...m,
      links: m.links.map((l) => l.url),
      length: null,
      transcript: m.transcript?.text,
      hashtags: m.hashtags.map((h) => h.raw),
      mentions: null,
      emojiLines: null,
    });
  });
});

describe('metadata JSON Schema', () => {
  it('accepts the metadata of every fixture, CRLF, hostile and degenerate input', () => {
    for (const { name, text } of everything()) {
      const m = parseDescription(text);
      expectValid(JSON.parse(JSON.stringify(m)), name);
      expect(validateDescriptionMetadata(m).valid, name).toBe(true);
    }
  });

  it('accepts the optional pipeline sections, open for other stages', () => {
    const m: DescriptionMetadata = {
      ...parseDescription(seed()),
      chapters: [{ start: 0, title: 'Opening', end: 95, kind: 'intro', firstWord: 0, lastWord: 120 }],
      captions: { cues: 412, meanCps: 14.2, anything: { nested: true } },
      alignment: { coverage: 0.97, unplacedWords: 12 },
    };
    expectValid(m);
  });

  it('rejects documents that break it', () => {
    const good = parseDescription(seed());
    const bad: Array<[string, unknown]> = [
      ['unknown link kind', { ...good, links: [{ ...good.links[0], kind: 'blog' }] }],
      ['wrong version', { ...good, schemaVersion: '0.9.0' }],
      ['bad date', { ...good, date: '13 FEB 2025' }],
      ['missing field', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'hashtags'))],
      ['extra top-level field', { ...good, surprise: 1 }],
      ['chapter without title', { ...good, chapters: [{ start: 0 }] }],
      ['negative chapter start', { ...good, chapters: [{ start: -1, title: 'x' }] }],
      ['captions not an object', { ...good, captions: [1, 2] }],
    ];
    for (const [why, doc] of bad) {
      expect(validate(doc), why).toBe(false);
      expect(validateDescriptionMetadata(doc).valid, why).toBe(false);
    }
    expect(validateDescriptionMetadata({ ...good, date: 'x' }).errors.join()).toMatch(/\/date/);
  });
});

describe('positions', () => {
  it('every link, hashtag and mention slices back to its raw text, in order', () => {
    for (const { name, text } of everything()) {
      const m = parseDescription(text);
      for (const x of [...m.links, ...m.hashtags, ...m.mentions]) expect(text.slice(x.start, x.end), name).toBe(x.raw);
      for (const list of [m.links, m.hashtags, m.mentions]) {
        const starts = list.map((x) => x.start);
        expect(starts, name).toEqual([...starts].sort((a, b) => a - b));
      }
      for (const l of m.links) expect(text.split(/\r\n|\r|\n/)[l.line - 1], name).toContain(l.raw);
    }
  });
});

describe('other channels', () => {
  it('links inline in sentences: labelled by their clause; fuzzy domains normalized', () => {
    const m = parseDescription(fixture('inline-links.description.txt'));
    const [video, blog, fuzzy] = m.links;
    expect(video).toMatchObject({ url: 'https://youtu.be/dQw4w9WgXcQ', platform: 'YouTube', kind: 'other', shortLink: true, label: 'We covered starters in an earlier video' });
    expect(blog).toMatchObject({ url: 'https://www.breadlab.example.com/hydration-guide?ref=yt', label: 'and the hydration maths is on our blog at', domain: 'example.com' });
    expect(fuzzy).toMatchObject({ raw: 'kingarthurbaking.com', url: 'http://kingarthurbaking.com/', kind: 'website', shortLink: false });
    expect(m.mentions.map((x) => x.raw)).toEqual(['@TheFlourCo']);
    expect(m.hashtags.map((h) => h.shownAboveTitle)).toEqual([true, true, true, false]);
    expect(m.date).toBe('2024-03-03');
    expect(m.place).toBe('Lyon');
    expect(m.transcript).toBeNull();
  });

  it('"Links:" section with labels on the line above', () => {
    const m = parseDescription(fixture('links-section.description.txt'));
    expect(m.links.map((l) => [l.label, l.section, l.kind, l.platform])).toEqual([
      ['Meeting agenda', 'Links', 'other', null],
      ['Submit comments', 'Links', 'other', null],
      ['Twitter', 'Links', 'social', 'X/Twitter'],
      ['Facebook', 'Links', 'social', 'Facebook'],
      ['Newsletter sign-up', 'Links', 'newsletter', 'Substack'],
    ]);
    expect(m.links[1].labelSource).toBe('previous-line');
    expect(m.date).toBe('2024-11-05');
    expect(m.event).toBe('Public Hearing');
  });

  it('markdown bullets and [text](url) links', () => {
    const m = parseDescription(fixture('markdown-bullets.description.txt'));
    expect(m.title).toBe('Open Source Summit 2023 — Keynote: Maintainers Are People Too');
    expect(m.links.map((l) => [l.label, l.labelSource])).toEqual([
      ['Slides', 'markdown'],
      ['Blog post', 'markdown'],
      ['GitHub', 'same-line'],
      ['Mastodon', 'same-line'],
      ['LinkedIn', 'same-line'],
      ['Subscribe for more talks', 'same-line'],
    ]);
    expect(m.links[0].url).toBe('https://speakerdeck.example.com/jdoe/maintainers');
    expect(m.links[3]).toMatchObject({ platform: 'Mastodon', platformSource: 'context', kind: 'social' });
    expect(m.links[5]).toMatchObject({ kind: 'subscribe', platform: 'YouTube', platformSource: 'domain' });
    expect(m.event).toBe('Open Source Summit 2023');
    expect(m.place).toBe('Bilbao');
  });

  it('timestamps already present are listed', () => {
    const m = parseDescription(fixture('existing-timestamps.description.txt'));
    expect(m.timestamps).toEqual([
      { start: 0, title: 'Intro', line: 6 },
      { start: 72, title: 'Baltic air policing', line: 7 },
      { start: 465, title: 'Procurement reform', line: 8 },
      { start: 930, title: 'Listener questions', line: 9 },
    ]);
    expect(m.links.map((l) => [l.platform, l.kind])).toEqual([
      ['Patreon', 'other'],
      ['X/Twitter', 'social'],
    ]);
  });

  it('French and Ukrainian descriptions: dates, places, Unicode hashtags, short links by context', () => {
    const fr = parseDescription(fixture('french.description.txt'));
    expect(fr.date).toBe('2025-02-13');
    expect(fr.place).toBe('Bruxelles');
    expect(fr.speakers).toEqual([{ role: "Secrétaire général de l'OTAN", name: 'Mark Rutte', label: "Secrétaire général de l'OTAN" }]);
    expect(fr.hashtags.map((h) => h.tag)).toEqual(['OTAN', 'Défense', 'Sécurité']);
    expect(fr.links.map((l) => [l.kind, l.platform])).toEqual([
      ['transcript', null],
      ['subscribe', 'YouTube'],
      ['social', 'Facebook'],
      ['social', 'X/Twitter'],
    ]);
    expect(fr.mentions.map((x) => x.handle)).toEqual(['NATO_fr']);

    const uk = parseDescription(fixture('cyrillic.description.txt'));
    expect(uk.date).toBe('2025-02-13');
    expect(uk.hashtags.map((h) => h.raw)).toEqual(['#НАТО', '#Україна', '#безпека']);
    expect(uk.links[0].kind).toBe('transcript');
    expect(uk.links[1]).toMatchObject({ platform: 'YouTube', kind: 'social' });
  });

  it('podcast: emoji-marked lines, mailto, substack, a sponsor short link', () => {
    const m = parseDescription(fixture('podcast.description.txt'));
    expect(m.title).toBe('🎙️ The Cyber Brief — S3E7: Ransomware at the hospital');
    expect(m.transcript).toBeNull();
    expect(m.emojiLines.map((e) => e.emoji)).toEqual(['🎙️', '🎧', '🍎', '📧', '✉️', '👉']);
    expect(m.emojiLines[1].text).toBe('Listen on Spotify: https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk');
    expect(m.links.map((l) => [l.platform, l.kind, l.shortLink])).toEqual([
      ['Spotify', 'other', false],
      ['Apple Podcasts', 'other', false],
      ['Substack', 'newsletter', false],
      ['Email', 'other', false],
      [null, 'other', true],
    ]);
    expect(m.links[3].url).toBe('mailto:hello@cyberbrief.example.org');
    expect(m.mentions.map((x) => x.handle)).toEqual(['dr_ines_m']);
  });

  it('Q&A labels become speakers; a headquarters is a place, not an event', () => {
    const m = parseDescription(fixture('qa-labels.description.txt'));
    expect(m.speakers).toEqual([
      { role: 'Moderator', name: null, label: 'Moderator' },
      { role: 'Prime Minister of Norway', name: null, label: 'Prime Minister of Norway' },
      { role: 'Question', name: null, label: 'Question (Reuters)' },
    ]);
    expect(m.event).toBeNull();
    expect(m.place).toBe('Brussels');
    expect(m.date).toBe('2024-06-05');
  });

  it('government channel: "Read the remarks" is the transcript, "Follow …:" heading feeds the section', () => {
    const m = parseDescription(
      'President Delivers Remarks on the Economy\n\nWatch live: https://www.whitehouse.gov/live/\nRead the remarks: https://www.whitehouse.gov/briefing-room/remarks/\n\nFollow the White House:\nX: https://x.com/WhiteHouse\nSubscribe to our newsletter: mailto:news@example.gov\nhttps://www.example.gov/about',
    );
    expect(m.links.map((l) => [l.kind, l.platform, l.section])).toEqual([
      ['other', null, null],
      ['transcript', null, null],
      ['social', 'X/Twitter', 'Follow the White House'],
      ['newsletter', 'Email', 'Follow the White House'],
      ['other', null, 'Follow the White House'],
    ]);
  });

  it('no links at all', () => {
    const m = parseDescription(fixture('no-links.description.txt'));
    expect(m.links).toEqual([]);
    expect(m.title).toBe('Morning walk through the old town');
    expect(m.summary).toContain('bakeries opening');
    expect(m.hashtags).toHaveLength(3);
  });
});

describe('hashtags and mentions', () => {
  it('Unicode-aware, in order, not inside URLs, not numbers or entities', () => {
    const m = parseDescription('Tags: #NATO, #ОТАН #北约 #défense_2025 #1 &#39; C# https://x.com/#frag mail me a@b.org #NATO @nato_press @Ελλάδα');
    expect(m.hashtags.map((h) => h.tag)).toEqual(['NATO', 'ОТАН', '北约', 'défense_2025', 'NATO']);
    // Shown above the title: the first three distinct ones; a repeat is not flagged again.
    expect(m.hashtags.map((h) => h.shownAboveTitle)).toEqual([true, true, true, false, false]);
    expect(m.mentions.map((x) => x.handle)).toEqual(['nato_press', 'Ελλάδα']);
  });

  it('more than 15 distinct hashtags: none shown, warning', () => {
    const tags = Array.from({ length: 16 }, (_, i) => `#tag${String.fromCharCode(97 + i)}`).join(' ');
    const m = parseDescription(`Title\n${tags}`);
    expect(m.hashtags).toHaveLength(16);
    expect(m.hashtags.some((h) => h.shownAboveTitle)).toBe(false);
    expect(m.warnings.map((w) => w.code)).toContain('too-many-hashtags');
  });
});

describe('dates', () => {
  const cases: Array<[string, string | null]> = [
    ['Briefing, 13 FEB 2025', '2025-02-13'],
    ['Briefing, 13 February 2025', '2025-02-13'],
    ['Briefing, February 13, 2025', '2025-02-13'],
    ['Briefing, Feb. 13th, 2025', '2025-02-13'],
    ['Briefing 2025-02-13', '2025-02-13'],
    ['Briefing 13.02.2025', '2025-02-13'],
    ['Briefing 02/13/2025', '2025-02-13'],
    ['Briefing 2025/02/13', '2025-02-13'],
    ['Pressekonferenz, 13. Februar 2025', '2025-02-13'],
    ['Rueda de prensa, 13 de febrero de 2025', '2025-02-13'],
    ['Conferenza stampa, 13 febbraio 2025', '2025-02-13'],
    ['Пресс-конференция, 13 февраля 2025 г.', '2025-02-13'],
    ['Briefing, 31 FEB 2025', null],
    ['Briefing at 13:45 about 2025 plans', null],
  ];
  it.each(cases)('%s → %s', (title, iso) => {
    expect(parseDescription(`${title}\n\nSome text here.`).date).toBe(iso);
  });

  it('flags a day/month order it had to guess', () => {
    const m = parseDescription('Briefing 03/04/2025\n\ntext');
    expect(m.date).toBe('2025-04-03');
    expect(m.warnings.map((w) => w.code)).toContain('ambiguous-date');
  });
});

describe('hostile descriptions', () => {
  it('flags javascript:/data:/file: links as unsafe and never gives them a URL', () => {
    const m = parseDescription(hostileDescription());
    const unsafe = m.links.filter((l) => !l.safe);
    expect(unsafe.map((l) => l.scheme)).toEqual(['javascript', 'javascript', 'data', 'file']);
    expect(unsafe.every((l) => l.url === null && l.kind === 'other' && l.problems.includes('unsafe-scheme'))).toBe(true);
    expect(m.warnings.filter((w) => w.code === 'unsafe-link')).toHaveLength(4);
  });

  it('reports broken links, invisible characters, control characters and angle brackets', () => {
    const text = hostileDescription();
    const m = parseDescription(text);
    const codes = m.warnings.map((w) => w.code);
    expect(codes).toContain('control-characters');
    expect(codes).toContain('angle-brackets');
    const broken = m.warnings.filter((w) => w.code === 'broken-link');
    expect(broken.some((w) => text.startsWith('https:// ', w.position!))).toBe(true);
    expect(broken.some((w) => text.startsWith('http://exa', w.position!))).toBe(true);
    expect(m.links.find((l) => l.raw === 'https://bit.ly/')?.problems).toContain('short-link-without-path');
    expect(m.links.find((l) => l.raw.startsWith('https://exa\u200B'))?.problems).toContain('invisible-characters');
    const ok = m.links.find((l) => l.raw === 'https://www.example.org/ok')!;
    expect(ok).toMatchObject({ safe: true, problems: [], label: 'Real one' });
    // Control characters never leak into labels or titles.
    expect(JSON.stringify([m.title, m.links.map((l) => l.label)])).not.toMatch(/[\u0000-\u0008\u202E]/);
    expect(m.title).toBe('Press briefing with <b>bold</b> claims, 1 APR 2025');
    expect(m.date).toBe('2025-04-01');
  });

  it('keeps a 15,000-character URL whole and flags it', () => {
    const text = longLineDescription();
    const t0 = performance.now();
    const m = parseDescription(text);
    expect(performance.now() - t0).toBeLessThan(3000);
    const long = m.links.find((l) => l.raw.length > 10000)!;
    expect(long.raw.length).toBe(15000 + 'https://www.example.com/'.length);
    expect(long.problems).toContain('very-long');
    expect(m.links.at(-1)).toMatchObject({ kind: 'website', label: 'Visit our website' });
    expect(m.warnings.map((w) => w.code)).toContain('over-byte-limit');
  });
});
