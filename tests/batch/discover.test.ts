/**
 * Batch inputs and bookkeeping without running any item: folder pairing, the two manifest
 * forms and their errors, the memory estimate and pool admission, content hashing for resume,
 * and the chapter-title background each item gets.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  batchBackgroundTexts,
  discoverBatchFolder,
  loadBatchSource,
  parseBatchManifestCsv,
  parseBatchManifestJson,
} from '../../src/pipeline/batch/index.js';
import { canStart, estimateItemMemoryMb, parseFfmpegDuration, probeDurationSeconds } from '../../src/pipeline/batch/memory.js';
import { canonicalJson, hashItem, removeStaleTemps, type ItemMarker } from '../../src/pipeline/batch/resume.js';
import { isCapsyncError } from '../../src/util/errors.js';
import { AUDIO, JFK } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-batch-unit-'));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const d = path.join(dir, name);
  await fs.mkdir(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) await fs.writeFile(path.join(d, f), text);
  return d;
}

async function capsyncErrorOf(fn: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await fn();
  } catch (error) {
    if (isCapsyncError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a CapsyncError');
}

describe('folder pairing', () => {
  test('media paired by stem with .transcript.txt (preferred) or .txt, and .description.txt', async () => {
    const d = await folder('pairs', {
      'a.mp4': 'x',
      'a.txt': 'plain',
      'a.transcript.txt': 'preferred',
      'b.MKV': 'x',
      'b.txt': 't',
      'b.description.txt': 'd',
      'c.webm': 'x',
      'c.description.txt': 'd only',
      'd.mp3': 'x',
      'notes.txt': 'no media of this stem',
      '.hidden.wav': 'x',
      'e.pdf': 'not media',
    });
    const items = await discoverBatchFolder(d);
    expect(items.map((i) => i.name)).toEqual(['a', 'b', 'c', 'd']);
    const [a, b, c, dd] = items;
    expect(a).toMatchObject({ media: path.join(d, 'a.mp4'), transcript: path.join(d, 'a.transcript.txt') });
    expect(a.description).toBeUndefined();
    expect(b).toMatchObject({ media: path.join(d, 'b.MKV'), transcript: path.join(d, 'b.txt'), description: path.join(d, 'b.description.txt') });
    // A description alone is enough: generate takes the transcript excerpt from it.
    expect(c.problem).toBeUndefined();
    expect(c.description).toBe(path.join(d, 'c.description.txt'));
    expect(dd.problem?.code).toBe('NO_TRANSCRIPT');
    expect(dd.problem?.message).toContain('d.txt, d.transcript.txt, d.html, d.description (or .description.txt) or a caption track d.<lang>.vtt');
    for (const item of [a, b, c]) expect(item.problem).toBeUndefined();
  });

  test('two media files with one stem are both refused (they would write the same outputs)', async () => {
    const d = await folder('clash', { 'talk.mp4': 'x', 'talk.wav': 'x', 'talk.txt': 't', 'other.ogg': 'x', 'other.txt': 't' });
    const items = await discoverBatchFolder(d);
    expect(items.map((i) => [i.name, i.problem?.code ?? null])).toEqual([
      ['other', null],
      ['talk', 'BATCH_STEM_CLASH'],
      ['talk', 'BATCH_STEM_CLASH'],
    ]);
  });

  test('a folder source defaults its output to <folder>/capsync-out; a missing input is a clear error', async () => {
    const d = await folder('src', { 'x.m4a': 'x', 'x.txt': 't' });
    const source = await loadBatchSource(d);
    expect(source).toMatchObject({ kind: 'folder', out: null, defaultOut: path.join(d, 'capsync-out') });
    expect((await capsyncErrorOf(() => loadBatchSource(path.join(dir, 'nope')))).code).toBe('BATCH_INPUT_NOT_FOUND');
    await fs.writeFile(path.join(dir, 'list.txt'), 'x');
    expect((await capsyncErrorOf(() => loadBatchSource(path.join(dir, 'list.txt')))).code).toBe('BATCH_INPUT_KIND');
  });
});

describe('manifests', () => {
  const manifest = '/data/batch/manifest.json';

  test('JSON object form: defaults merged under per-item options, paths resolved against the manifest', () => {
    const { items, out } = parseBatchManifestJson(
      JSON.stringify({
        out: '../results',
        defaults: { language: 'en', captions: { maxLineLength: 37, speakerStyle: 'none' }, minChapter: 20 },
        items: [
          { media: 'a/briefing.mp4', transcript: 'a/briefing.txt', captions: { maxLineLength: 32 } },
          { name: 'second', media: '/abs/talk.mkv', description: 'talk.description.txt', maxChapters: 4, language: 'fr' },
          { timingFrom: 'auto.en.vtt', transcript: 'auto.txt' },
        ],
      }),
      manifest,
    );
    expect(out).toBe('/data/results');
    expect(items[0]).toEqual({
      name: 'briefing',
      media: '/data/batch/a/briefing.mp4',
      transcript: '/data/batch/a/briefing.txt',
      language: 'en',
      captions: { maxLineLength: 32, speakerStyle: 'none' },
      minChapter: 20,
    });
    expect(items[1]).toEqual({
      name: 'second',
      media: '/abs/talk.mkv',
      description: '/data/batch/talk.description.txt',
      language: 'fr',
      captions: { maxLineLength: 37, speakerStyle: 'none' },
      minChapter: 20,
      maxChapters: 4,
    });
    // A track-only item is named after the track (language suffix dropped).
    expect(items[2].name).toBe('auto');
  });

  test('JSON array form', () => {
    const { items, out } = parseBatchManifestJson(JSON.stringify([{ media: 'x.wav', transcript: 'x.txt' }]), manifest);
    expect(out).toBeNull();
    expect(items).toEqual([{ name: 'x', media: '/data/batch/x.wav', transcript: '/data/batch/x.txt' }]);
  });

  test.each([
    ['not JSON', '{"items": [', /not valid JSON/],
    ['a misspelt field', JSON.stringify([{ media: 'a.mp4', langauge: 'en' }]), /item 1: unknown field "langauge"/],
    ['no media nor track', JSON.stringify({ items: [{ media: 'a.mp4' }, { transcript: 'b.txt' }] }), /item 2: needs "media"/],
    ['a bad speaker style', JSON.stringify([{ media: 'a.mp4', captions: { speakerStyle: '>>>' } }]), /item 1\/captions\/speakerStyle must be one of/],
    ['a bad language', JSON.stringify([{ media: 'a.mp4', language: 'english please' }]), /item 1: "english please" is not a language code/],
    ['no items', JSON.stringify({ items: [] }), /items must NOT have fewer than 1 items/],
    ['a name with a slash', JSON.stringify([{ media: 'a.mp4', name: '../x' }]), /item 1\/name must match/],
  ])('JSON manifest with %s is refused before anything runs', async (_what, text, message) => {
    const error = await capsyncErrorOf(() => parseBatchManifestJson(text, manifest));
    expect(error.code).toBe('BATCH_MANIFEST_INVALID');
    expect(error.message).toMatch(message);
  });

  test('two items writing one folder are refused', async () => {
    const error = await capsyncErrorOf(() =>
      parseBatchManifestJson(JSON.stringify([{ media: 'a/talk.mp4' }, { media: 'b/talk.mp4' }]), manifest),
    );
    expect(error).toMatchObject({ code: 'BATCH_MANIFEST_DUPLICATE' });
    expect(error.message).toContain('items 1 and 2');
  });

  test('CSV: header names columns, quoted cells keep commas, typed cells, empty cells unset', () => {
    const csv = [
      '\uFEFFmedia,transcript,timing-from,language,max_line,speakerStyle,speaker names,max-chapters,name',
      '"clips/one, two.mp4",one.txt,,en,32,none,yes,5,',
      '# a comment row',
      ',auto.txt,auto.en.vtt,,,,,,track',
      '',
    ].join('\r\n');
    const { items } = parseBatchManifestCsv(csv, '/m/list.csv');
    expect(items).toEqual([
      {
        name: 'one, two',
        media: '/m/clips/one, two.mp4',
        transcript: '/m/one.txt',
        language: 'en',
        captions: { maxLineLength: 32, speakerStyle: 'none', speakerNames: true },
        maxChapters: 5,
      },
      { name: 'track', transcript: '/m/auto.txt', timingFrom: '/m/auto.en.vtt' },
    ]);
  });

  test.each([
    ['an unknown column', 'media,transcrpt\na.mp4,a.txt\n', /unknown column "transcrpt"/],
    ['a non-number', 'media,maxCps\na.mp4,fast\n', /row 2, column "maxCps": "fast" is not a number/],
    ['a bad boolean', 'media,speakerNames\na.mp4,maybe\n', /"maybe" is not true\/false/],
    ['a row without media', 'media,transcript\n,a.txt\n', /item 1: needs "media"/],
    ['only a header', 'media,transcript\n', /header row and at least one item/],
    ['an unclosed quote', 'media\n"a.mp4\n', /not valid CSV/],
  ])('CSV manifest with %s is refused', async (_what, text, message) => {
    const error = await capsyncErrorOf(() => parseBatchManifestCsv(text, '/m/list.csv'));
    expect(error.code).toBe('BATCH_MANIFEST_INVALID');
    expect(error.message).toMatch(message);
  });
});

describe('memory-aware pool', () => {
  test('estimate: 300 MB + 60 MB per audio minute', () => {
    expect(estimateItemMemoryMb(null)).toBe(300);
    expect(estimateItemMemoryMb(300)).toBe(600);
    expect(estimateItemMemoryMb(3600)).toBe(3900);
  });

  test('admission: under the job limit and within the budget, and always one when none runs', () => {
    expect(canStart([], 50_000, 2, 1000)).toBe(true);
    expect(canStart([600], 600, 2, 1500)).toBe(true);
    expect(canStart([600], 1000, 2, 1500)).toBe(false);
    expect(canStart([300, 300], 300, 2, 10_000)).toBe(false);
    expect(canStart([300, 300], 300, 3, 10_000)).toBe(true);
  });

  test('duration from the container header, with a size fallback', async () => {
    expect(parseFfmpegDuration('  Duration: 01:02:03.50, start: 0.000000, bitrate: 128 kb/s')).toBeCloseTo(3723.5, 6);
    expect(parseFfmpegDuration('  Duration: N/A, bitrate: N/A')).toBeNull();
    const ogg = await probeDurationSeconds(path.join(AUDIO, 'rms-numbers.ogg'));
    expect(ogg).toBeGreaterThan(18.5);
    expect(ogg).toBeLessThan(20);
    expect(await probeDurationSeconds(path.join(JFK, 'jfk.wav'))).toBeCloseTo(11, 0);
    // Not media: no header duration, so the size at 16 kB/s.
    const junk = path.join(dir, 'junk.mp4');
    await fs.writeFile(junk, Buffer.alloc(32_000, 7));
    expect(await probeDurationSeconds(junk)).toBeCloseTo(2, 6);
    expect(await probeDurationSeconds(path.join(dir, 'missing.mp4'))).toBeNull();
  });
});

describe('resume hashing', () => {
  test('content decides: a touched file keeps its hash, an edited one changes it, and so do options', async () => {
    const d = await folder('hash', {});
    const media = path.join(d, 'a.wav');
    const transcript = path.join(d, 'a.txt');
    await fs.copyFile(path.join(JFK, 'jfk.wav'), media);
    await fs.writeFile(transcript, 'ask not what your country can do for you');
    const item = { name: 'a', media, transcript };
    const first = await hashItem(item, null);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.inputs.media).toMatchObject({ size: (await fs.stat(media)).size });

    const later = new Date(Date.now() + 5000);
    await fs.utimes(transcript, later, later);
    await fs.utimes(media, later, later);
    expect((await hashItem(item, null)).hash).toBe(first.hash);

    await fs.appendFile(transcript, ' ask what you can do');
    const edited = await hashItem(item, null);
    expect(edited.hash).not.toBe(first.hash);
    expect(edited.inputs.media!.sha256).toBe(first.inputs.media!.sha256);

    expect((await hashItem({ ...item, captions: { maxLineLength: 32 } }, null)).hash).not.toBe(edited.hash);
    expect((await hashItem({ ...item, language: 'en' }, null)).hash).toBe(edited.hash);
    // Paths are not hashed: a moved folder is still up to date.
    const moved = path.join(d, 'b.wav');
    await fs.copyFile(media, moved);
    await fs.utimes(moved, later, later);
    expect((await hashItem({ ...item, media: moved }, null)).hash).toBe(edited.hash);
  });

  test('an unchanged size and mtime reuse the recorded SHA-256 instead of reading the file again', async () => {
    const d = await folder('reuse', { 'm.wav': 'audio bytes', 't.txt': 'words' });
    const item = { name: 'm', media: path.join(d, 'm.wav'), transcript: path.join(d, 't.txt') };
    const first = await hashItem(item, null);
    const marker = { inputs: { ...first.inputs, media: { ...first.inputs.media!, sha256: 'recorded' } } } as unknown as ItemMarker;
    expect((await hashItem(item, marker)).inputs.media!.sha256).toBe('recorded');
    const later = new Date(Date.now() + 9000);
    await fs.utimes(item.media, later, later);
    expect((await hashItem(item, marker)).inputs.media!.sha256).toBe(first.inputs.media!.sha256);
  });

  test('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  test('stale atomic-write temp files are removed, outputs are not', async () => {
    const d = await folder('temps', { '.talk.vtt.4242.1732730000000.tmp': 'half', 'talk.vtt': 'WEBVTT\n', '.capsync-item.json': '{}', 'notes.tmp': 'x' });
    expect(await removeStaleTemps(d)).toEqual(['.talk.vtt.4242.1732730000000.tmp']);
    expect((await fs.readdir(d)).sort()).toEqual(['.capsync-item.json', 'notes.tmp', 'talk.vtt']);
  });
});

test("chapter background: every other item's transcript (a description's excerpt when it has no transcript), never its own", async () => {
  const d = await folder('bg', {
    'a.txt': 'alpha transcript text',
    'b.txt': 'bravo transcript text',
    'c.description.txt': await fs.readFile(path.resolve(JFK, '../briefing/briefing.description.txt'), 'utf8'),
  });
  const items = [
    { name: 'a', media: 'a.mp4', transcript: path.join(d, 'a.txt') },
    { name: 'b', media: 'b.mp4', transcript: path.join(d, 'b.txt') },
    { name: 'c', media: 'c.mp4', description: path.join(d, 'c.description.txt') },
    { name: 'd', media: 'd.mp4', transcript: path.join(d, 'missing.txt') },
  ];
  const bg = await batchBackgroundTexts(items);
  expect(bg[0]).toHaveLength(2);
  expect(bg[0][0]).toBe('bravo transcript text');
  expect(bg[0][1]).toMatch(/^Good morning\.\nToday Defence Ministers met/);
  expect(bg[0][1]).not.toContain('Transcript continues');
  expect(bg[2]).toEqual(['alpha transcript text', 'bravo transcript text']);
  expect(bg[3]).toHaveLength(3);
});
