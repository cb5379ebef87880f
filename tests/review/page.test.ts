import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReviewData, mediaKindOf, readCues, relativeHref, type ReviewSources } from '../../src/review/data.js';
import { loudnessEnvelope } from '../../src/review/envelope.js';
import { jsonForScript, renderReviewPage } from '../../src/review/page.js';
import { loadReviewAssets } from '../../src/review/assets.js';
import { resolveOutputPrefix, writeReviewPage } from '../../src/review/write.js';
import { assertBuilt, capsync } from '../cli/helpers.js';

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Moderator>Thank you &amp; welcome.\nNext question.\n\n00:00:03.000 --> 00:00:04.000\n<v Moderator>Reuters?\n';

function sources(overrides: Partial<ReviewSources> = {}): ReviewSources {
  return {
    stem: 'talk',
    vtt: VTT,
    chapters: [{ start: 0, title: 'Opening' }],
    words: {
      duration: 5,
      words: [
        { text: 'Thank', start: 1, end: 1.3, confidence: 0.9, paragraph: 0, turn: 0 },
        { text: 'you', start: 1.3, end: 1.5, confidence: 0.2, paragraph: 0, turn: 0 },
        { text: 'Reuters?', start: null, end: null, confidence: 0, paragraph: 1, turn: 0 },
      ],
      turns: [{ index: 0, label: 'Moderator', role: 'moderator', firstWord: 0, lastWord: 2 }],
    },
    report: { duration: 5, language: 'en', notFound: [{ firstWord: 2, lastWord: 2, words: 1, text: 'Reuters?' }], coverage: { note: 'transcript covers 0:01–0:02 of 0:05', spans: [{ start: 1, end: 1.5 }] } },
    metadata: { title: 'Briefing </script><script>alert(1)</script>', captions: { limits: { maxLineLength: 37, maxLines: 2, maxCps: 17, minDurationMs: 833, maxDurationMs: 7000, gapMs: 80 } } },
    media: { href: '../media/talk%20one.mp4', name: 'talk one.mp4' },
    envelope: null,
    ...overrides,
  };
}

describe('review data', () => {
  test('gathers cues (voices kept), words, spots, limits and spans from the outputs', () => {
    const data = buildReviewData(sources());
    expect(data.cues).toEqual([
      { id: 'c1', start: 1, end: 2.5, lines: ['Thank you & welcome.', 'Next question.'], speaker: 'Moderator' },
      { id: 'c2', start: 3, end: 4, lines: ['Reuters?'], speaker: 'Moderator' },
    ]);
    expect(data.voiceSpans).toBe(true);
    expect(data.limits).toMatchObject({ maxLineLength: 37, maxCps: 17 });
    expect(data.words.start).toEqual([1, 1.3, null]);
    expect(data.spots.map((s) => s.id)).toEqual(['not-found:0', 'weak-words:0']);
    expect(data.spans.notFound).toEqual([{ start: 1.5, end: 5 }]);
    expect(data.spans.covered).toEqual([{ start: 1, end: 1.5 }]);
    expect(data.title).toBe('Briefing </script><script>alert(1)</script>');
    expect(data.media.kind).toBe('video');
    // The same outputs give the same fingerprint (saved edits apply); other captions do not.
    expect(buildReviewData(sources()).fingerprint).toBe(data.fingerprint);
    expect(buildReviewData(sources({ vtt: VTT.replace('Reuters?', 'AFP?') })).fingerprint).not.toBe(data.fingerprint);
  });

  test('refuses outputs it cannot read, with a sentence', () => {
    expect(() => buildReviewData(sources({ words: { nope: 1 } }))).toThrow(/words\.json has no "words" list/);
    expect(() => readCues('WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nbackwards\n')).toThrow(/unreadable cue at line 3/);
    expect(buildReviewData(sources({ report: 'garbage', metadata: null })).notes[0]).toMatch(/report\.json could not be read/);
  });

  test('relative media URLs and kinds', () => {
    expect(relativeHref('/a/out', '/a/media/talk one#1.mp4')).toBe('../media/talk%20one%231.mp4');
    expect(relativeHref('/a/out', '/a/out/x.mp4')).toBe('x.mp4');
    expect(mediaKindOf('x.M4A')).toBe('audio');
    expect(mediaKindOf('x.webm')).toBe('video');
  });

  test('loudness envelope: one byte per 20 ms on a dB scale', () => {
    const samples = new Int16Array(16_000);
    for (let i = 8000; i < 16_000; i++) samples[i] = i % 2 ? 16_384 : -16_384; // −6 dBFS square wave
    const envelope = loudnessEnvelope(samples, 16_000);
    expect(envelope.binSeconds).toBe(0.02);
    expect(envelope.levels).toHaveLength(50);
    expect(envelope.levels[0]).toBe(0);
    expect(envelope.levels[49]).toBe(Math.round(255 * (1 - 6.0206 / 60)));
  });
});

describe('review page', () => {
  test('is one self-contained page: no external resource, data that cannot close its script', async () => {
    assertBuilt();
    const html = renderReviewPage(buildReviewData(sources()), await loadReviewAssets());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(?:script|img|iframe|audio|video|source|track)\b[^>]*\bsrc=/iu);
    expect(html).not.toMatch(/<link\b/iu);
    expect(html.match(/<script\b/giu)).toHaveLength(2);
    expect(html.match(/<\/script>/giu)).toHaveLength(2);
    expect(html).toContain('<title>Review: Briefing &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    const tag = '<script type="application/json" id="capsync-review-data">';
    const json = html.slice(html.indexOf(tag) + tag.length, html.indexOf('</script>'));
    expect(JSON.parse(json).title).toBe('Briefing </script><script>alert(1)</script>');
    expect(jsonForScript({ a: '\u2028<!--' })).toBe('{"a":"\\u2028\\u003c!--"}');
  });
});

describe('capsync review (command)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-review-cmd-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test('finds the outputs from a folder, a stem or one of the files', async () => {
    const out = path.join(dir, 'one');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'talk.report.json'), '{}');
    await fs.writeFile(path.join(out, 'talk.vtt'), VTT);
    expect(await resolveOutputPrefix(out)).toBe(path.join(out, 'talk'));
    expect(await resolveOutputPrefix(path.join(out, 'talk'))).toBe(path.join(out, 'talk'));
    expect(await resolveOutputPrefix(path.join(out, 'talk.vtt'))).toBe(path.join(out, 'talk'));
    await fs.writeFile(path.join(out, 'other.report.json'), '{}');
    await expect(resolveOutputPrefix(out)).rejects.toThrow(/outputs of 2 recordings \(other, talk\); name one/);
    await expect(resolveOutputPrefix(dir)).rejects.toThrow(/no capsync outputs in/);
  });

  test('errors a user can act on: one capsync: line, non-zero exit, nothing written', async () => {
    assertBuilt();
    const out = path.join(dir, 'two');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'talk.report.json'), JSON.stringify({ media: 'gone/talk.mp4' }));
    await fs.writeFile(path.join(out, 'talk.vtt'), VTT);
    await fs.writeFile(path.join(out, 'talk.words.json'), JSON.stringify(sources().words));
    const missing = await capsync(['review', out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('capsync: cannot find the media "gone/talk.mp4" that report.json names; pass it with --media <file>\n');
    const noDir = await capsync(['review', path.join(dir, 'nowhere')]);
    expect(noDir.stderr).toMatch(/^capsync: no capsync outputs at .*nowhere/);
    await expect(writeReviewPage(out, { media: path.join(out, 'talk.vtt') })).rejects.toThrow(/audio|media|decode/i);
    expect((await fs.readdir(out)).filter((f) => f.includes('review'))).toEqual([]);
  });
});
