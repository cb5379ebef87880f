/**
 * Fuzz: no parser of user text throws anything but a CapsyncError (one clear `capsync:` line),
 * hangs, or blows up in memory, on any description, transcript, timing track, caption file,
 * chapters list or batch manifest. Inputs are random strings, real files mutated (slices cut,
 * doubled or swapped, hostile tokens inserted) and degenerate runs (200,000 spaces, colons,
 * emoji). Each input must finish within PER_INPUT_MS, and what comes out stays proportional to
 * what went in. Kept to a few seconds in all so it runs in every `npm test`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCapsyncError } from '../../src/util/errors.js';
import { buildDescription, extractTranscriptFromDescription, parseDescription, validateDescriptionMetadata } from '../../src/metadata/index.js';
import { parseDescriptionChapters } from '../../src/metadata/inputs.js';
import { parseTranscript } from '../../src/text/index.js';
import { decodeTranscriptBytes } from '../../src/text/input.js';
import { readTimingTrack } from '../../src/align/track/index.js';
import { lintCaptions } from '../../src/captions/lint.js';
import { parseCaptionFile } from '../../src/captions/parse.js';
import { parseChapterList } from '../../src/chapters/index.js';
import { parseBatchManifestCsv, parseBatchManifestJson } from '../../src/pipeline/batch/discover.js';

/**
 * Time allowed per input: a base plus a linear share per character, generous for a loaded 2-core
 * machine (parsing a transcript costs ~10 µs per character); a quadratic pattern blows through it.
 */
const BASE_MS = 1000;
const MS_PER_CHAR = 0.05;
/** Output size allowed per input character (plus a constant): a parser's result never explodes. */
const OUTPUT_PER_INPUT_CHAR = 60;

const read = (p: string): string => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const SEEDS = {
  description: [read('samples/briefing/briefing.description.txt'), read('tests/fixtures/descriptions/nato-defmin-2025-02-13.description.txt')],
  transcript: [read('samples/briefing/briefing.transcript.txt'), read('tests/fixtures/tracks/statement.txt')],
  track: [read('tests/fixtures/tracks/youtube-auto.en.vtt'), read('tests/captions/fixtures/good.srt'), read('tests/captions/fixtures/vendor-bad.srt')],
};

/** Tokens that have broken parsers before, or that sit on a format's syntax. */
const HOSTILE = [
  ':', '：', '%', '%zz', 'https://', 'https://x.com/%', 'https://www.nato.int@evil.example/', 'javascript:alert(1)', 'nаto.int',
  '\u202E', '\u2066', '\u0000', '\uFEFF', '\uD800', '-->', ' --> ', '00:00:01.000 --> 00:00:00.500', '99:99:99,999', '<script>',
  '<v Bob>', '&amp;', '{', '}', '[', ']', '"', '{"events":[', '{"segments":[{"words":', '<timedtext format="3"><body><p t="1" d="-5">',
  'WEBVTT', '\n\n', '\r\n', '\r', '\t', ' '.repeat(300), ':'.repeat(300), '🗣 | NATO Secretary General:', 'Moderator:', 'Q:',
  'Transcript continues:', '0:00 Intro', '1:02:03', '#NATO', '@NATO', '👋🇺🇦.', '🇺', '\u200B', '2%', '1,000,000', '€5bn', 'NaN', '1e999',
];

/** A real file with random edits. */
function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...HOSTILE) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.string({ unit: 'binary', maxLength: 20 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
    fc.record({ kind: fc.constant('double' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([seed, edits]) => {
    let s = seed;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % (s.length + 1);
      if (e.kind === 'insert') s = s.slice(0, at) + e.token + s.slice(at);
      else if (e.kind === 'cut') s = s.slice(0, at) + s.slice(at + e.length);
      else if (e.kind === 'double') s = s.slice(0, at + e.length) + s.slice(at, at + e.length) + s.slice(at + e.length);
      else s = s.slice(0, at);
    }
    return s;
  });
}

/** Random text: any code units (lone surrogates included), or lines of hostile tokens and words. */
const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.constantFrom('Good', 'morning.', 'NATO', 'Allies', 'we', '2025', ' ', '\n')), { maxLength: 80 }).map((a) => a.join('')),
);

/**
 * Degenerate runs: one unit many times around a little text (the quadratic-regex hunters). Kept
 * as a recipe so a failure prints the recipe, not 40,000 characters.
 */
const degenerate = fc.record({
  unit: fc.constantFrom(' ', ':', '\t', '-', '.', '#', '@', '/', '%', '0', '0:', 'a', '🇺', '👋', '\n', ' :', '- ', '> ', '\n\n1\n'),
  n: fc.integer({ min: 1000, max: 10_000 }),
  text: fc.constantFrom('', 'Hello world.', 'Moderator:', 'https://x.com/a', '00:00:01.000 --> 00:00:02.000'),
  after: fc.boolean(),
});
const spell = (d: { unit: string; n: number; text: string; after: boolean }): string => d.unit.repeat(d.n) + d.text + (d.after ? d.unit.repeat(d.n) : '');

/** Run `parse` on `input`: a CapsyncError is a fine answer; anything else, a hang or an outsized result fails. */
function expectGraceful(parse: (input: string) => unknown, input: string): void {
  const started = performance.now();
  let result: unknown;
  try {
    result = parse(input);
  } catch (error) {
    if (!isCapsyncError(error)) {
      throw new Error(`threw ${(error as Error)?.name}: ${(error as Error)?.message} on ${JSON.stringify(input.slice(0, 200))}…`);
    }
  }
  const ms = performance.now() - started;
  expect(ms, `took ${Math.round(ms)} ms on ${JSON.stringify(input.slice(0, 80))}… (${input.length} chars)`).toBeLessThan(BASE_MS + MS_PER_CHAR * input.length);
  if (result !== undefined) {
    const size = JSON.stringify(result)?.length ?? 0;
    expect(size).toBeLessThan(input.length * OUTPUT_PER_INPUT_CHAR + 200_000);
  }
}

const PARSERS: Record<string, (input: string) => unknown> = {
  description: (s) => {
    const metadata = parseDescription(s);
    const check = validateDescriptionMetadata(metadata);
    if (!check.valid) throw new Error(`metadata does not match the schema: ${check.errors.join('; ')}`);
    return metadata;
  },
  'description excerpt': (s) => extractTranscriptFromDescription(s),
  transcript: (s) => parseTranscript(s, { language: 'en' }),
  'timing track (.vtt)': (s) => readTimingTrack(s, 'x.vtt'),
  'timing track (.srt)': (s) => readTimingTrack(s, 'x.srt'),
  'caption lint': (s) => lintCaptions(s),
  'caption parse': (s) => parseCaptionFile(s),
  'chapter list': (s) => parseChapterList(s),
  'chapters file': (s) => parseDescriptionChapters(s, 'chapters file'),
  'manifest (json)': (s) => parseBatchManifestJson(s, '/tmp/m.json'),
  'manifest (csv)': (s) => parseBatchManifestCsv(s, '/tmp/m.csv'),
};

describe('fuzz: every parser answers or refuses cleanly', () => {
  // First calls compile schemas and warm the JIT: not the parsers' own time.
  beforeAll(() => {
    for (const parse of Object.values(PARSERS)) {
      for (const seed of [...SEEDS.description, ...SEEDS.track]) {
        try {
          parse(seed);
        } catch {
          // Warm-up only.
        }
      }
    }
  });

  it.each(Object.keys(PARSERS))('%s: random and hostile text', (name) => {
    fc.assert(fc.property(randomText, (s) => expectGraceful(PARSERS[name], s)), { numRuns: 150 });
  });

  it('descriptions: mutated real ones', () => {
    fc.assert(fc.property(mutated(SEEDS.description), (s) => expectGraceful(PARSERS.description, s)), { numRuns: 150 });
  });

  it('transcripts: mutated real ones', () => {
    fc.assert(fc.property(mutated([...SEEDS.transcript, ...SEEDS.description]), (s) => expectGraceful(PARSERS.transcript, s)), { numRuns: 60 });
  });

  it('timing tracks and caption files: mutated real ones', () => {
    fc.assert(
      fc.property(mutated(SEEDS.track), fc.constantFrom('x.vtt', 'x.srt'), (s, name) => {
        expectGraceful((t) => readTimingTrack(t, name), s);
        expectGraceful(PARSERS['caption lint'], s);
      }),
      { numRuns: 150 },
    );
  });

  it('track JSON of every shape: json3, whisper, words.json with wrong types', () => {
    const value = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean(), fc.constant(-1), fc.constant(1e308));
    const json = fc.oneof(
      fc.record({ events: fc.array(fc.record({ tStartMs: value, dDurationMs: value, segs: fc.array(fc.record({ utf8: value, tOffsetMs: value }), { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 6 }) }),
      fc.record({ segments: fc.array(fc.record({ start: value, end: value, text: value, words: fc.array(fc.record({ word: value, start: value, end: value }, { requiredKeys: [] }), { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 6 }) }),
      fc.record({ version: fc.constant(1), words: fc.array(fc.record({ text: value, start: value, end: value }, { requiredKeys: [] }), { maxLength: 6 }) }),
      fc.anything(),
    );
    fc.assert(fc.property(json, (doc) => expectGraceful((t) => readTimingTrack(t, 'x.json'), JSON.stringify(doc) ?? 'null')), { numRuns: 200 });
  });

  it('transcript bytes: any bytes decode to text or a clear refusal', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          decodeTranscriptBytes(bytes, 'x.txt');
        } catch (error) {
          if (!isCapsyncError(error)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(Object.keys(PARSERS))('%s: degenerate runs finish in linear time', (name) => {
    fc.assert(fc.property(degenerate, (d) => expectGraceful(PARSERS[name], spell(d))), { numRuns: 8 });
  });

  // Quadratic patterns took 30 s to minutes here; linear ones take ~0.1–0.3 s, so 3 s holds on a
  // loaded 2-core machine and still catches any of them.
  it('200,000 leading spaces parse in linear time everywhere', () => {
    const input = `${' '.repeat(200_000)}Moderator:\nGood morning. https://x.com/a`;
    for (const [name, parse] of Object.entries(PARSERS)) {
      const started = performance.now();
      try {
        parse(input);
      } catch (error) {
        if (!isCapsyncError(error)) throw error;
      }
      expect(performance.now() - started, name).toBeLessThan(3000);
    }
  });

  it('memory stays bounded over the whole run', () => {
    const before = process.memoryUsage().heapUsed;
    fc.assert(fc.property(fc.oneof(randomText, mutated(SEEDS.description)), (s) => expectGraceful(PARSERS.description, s)), { numRuns: 100 });
    globalThis.gc?.();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a description built from any fuzzed description stays within 5000 bytes', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(SEEDS.description), randomText), (s) => {
        const built = buildDescription(s, [{ start: 0, title: 'Opening' }, { start: 60, title: 'Questions' }, { start: 120, title: 'End' }]);
        expect(new TextEncoder().encode(built.text).length).toBeLessThanOrEqual(5000);
      }),
      { numRuns: 50 },
    );
  });
});
