/**
 * A transcript that is not what is spoken (issue 18, items 1 and 4). Another talk's text must
 * fail loudly (exit 3, one `capsync:` line saying how little was found, nothing written), never
 * become confident captions; sentences the speaker never said must get null times and be
 * reported, while the spoken words around them stay where they were spoken.
 *
 * Every case runs the real pipeline on the bundled briefing sample (or a clip cut from it), once
 * per scenario; the runs start together (two at a time) and each test awaits its own.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate, type GenerateResult } from '../../src/pipeline/index.js';
import { EXIT_TRANSCRIPT_NOT_FOUND } from '../../src/pipeline/generate.js';
import { parseTranscript } from '../../src/text/index.js';
import { isCapsyncError } from '../../src/util/errors.js';
import { assertBuilt, capsync, ffmpeg, listFiles, type CliResult } from '../cli/helpers.js';
import { checkOutputs } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BRIEFING = path.join(ROOT, 'samples/briefing');
const MEDIA = path.join(BRIEFING, 'briefing.mp4');
const TRANSCRIPT = readFileSync(path.join(BRIEFING, 'briefing.transcript.txt'), 'utf8');

interface TruthToken {
  index: number;
  text: string;
  spoken: boolean;
  start: number | null;
}
const TRUTH = (JSON.parse(readFileSync(path.join(BRIEFING, 'briefing.truth.json'), 'utf8')) as { transcriptTokens: TruthToken[] }).transcriptTokens;

/** The Gettysburg Address (1863, public domain): real prose of another talk, in English. */
const GETTYSBURG = [
  'Four score and seven years ago our fathers brought forth on this continent a new nation, conceived in liberty, and dedicated to the proposition that all men are created equal.',
  'Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure. We are met on a great battlefield of that war. We have come to dedicate a portion of that field, as a final resting place for those who here gave their lives that that nation might live. It is altogether fitting and proper that we should do this.',
  'But, in a larger sense, we can not dedicate, we can not consecrate, we can not hallow this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The world will little note, nor long remember what we say here, but it can never forget what they did here.',
  'It is for us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so nobly advanced. It is rather for us to be here dedicated to the great task remaining before us: that from these honored dead we take increased devotion to that cause for which they gave the last full measure of devotion; that we here highly resolve that these dead shall not have died in vain; that this nation, under God, shall have a new birth of freedom; and that government of the people, by the people, for the people, shall not perish from the earth.',
].join('\n');

/** Another NATO briefing's transcript (the pipeline fixtures' talks): the same vocabulary, a different talk. */
const OTHER_BRIEFING = ['kal-pauses', 'rms-numbers', 'ked-applause-missing', 'slt-ked-turns']
  .map((name) => readFileSync(path.join(ROOT, 'tests/fixtures/audio', `${name}.txt`), 'utf8').trim())
  .join('\n\n');

// Sentences the speaker never says, inserted into the real transcript.
const UNSPOKEN_START = 'The committee will publish its annual report on maritime surveillance next spring.';
const UNSPOKEN_MIDDLE = 'Our coastal radar network was upgraded last winter with help from three partner nations.';
const UNSPOKEN_END = 'Finally, let me remind everyone that the library closes early on Fridays during the holidays.';
const UNSPOKEN_EMOJI_RTL = 'Greetings to everyone watching 👋🇺🇦 שלום לכולם, مرحبا بكم جميعا 🙏';
const UNSPOKEN_RTL_ONLY = '🇺🇦🇪🇺 שלום עליכם! السلام عليكم ✌️';

/** `lines` with `line` inserted as a paragraph of its own after the first line for which `after` is true. */
function insertLine(lines: string[], line: string, after: (l: string, i: number) => boolean): string[] {
  const at = lines.findIndex(after);
  if (at < 0) throw new Error(`no line to insert "${line}" after`);
  return [...lines.slice(0, at + 1), line, ...lines.slice(at + 1)];
}
const transcriptLines = TRANSCRIPT.trimEnd().split('\n');
const lastLine = transcriptLines.length - 1;
const WITH_EXTRA_SENTENCES = insertLine(
  insertLine(insertLine(transcriptLines, UNSPOKEN_END, (_, i) => i === lastLine), UNSPOKEN_MIDDLE, (l) => l.endsWith('ammunition and drones.')),
  UNSPOKEN_START,
  (_, i) => i === 0,
).join('\n');
// After the opening greeting, and after the moderator's line, where the DTW engine loses the moderator's own words.
const WITH_EMOJI_RTL_LINES = insertLine(
  insertLine(transcriptLines, UNSPOKEN_RTL_ONLY, (l) => l.startsWith('Thank you, Secretary General.')),
  UNSPOKEN_EMOJI_RTL,
  (l) => l === 'Good morning.',
).join('\n');

let dir: string;
const file = (name: string) => path.join(dir, name);

/** Run at most two pipelines at once: the machine has two cores, shared. */
const slots: Array<() => void> = [];
let running = 0;
async function limited<T>(job: () => Promise<T>): Promise<T> {
  if (running < 2) running++;
  else await new Promise<void>((resolve) => slots.push(resolve)); // a finishing job hands its slot over
  try {
    return await job();
  } finally {
    const next = slots.shift();
    if (next) next();
    else running--;
  }
}

/** A CLI run into its own output folder, and what that folder holds afterwards (hidden files too). */
interface CliRun extends CliResult {
  out: string;
  outFiles: string[];
  spokenWords: number;
}
const cliRuns = new Map<string, Promise<CliRun>>();
const libraryRuns = new Map<string, Promise<GenerateResult>>();

function startCli(name: string, media: string, transcript: string, language = 'en'): void {
  const job = limited(async () => {
    const out = file(`out-${name}`);
    const result = await capsync(['generate', media, '--transcript', transcript, '--language', language, '--no-siblings', '--out', out]);
    const text = await fs.readFile(transcript, 'utf8');
    const spokenWords = parseTranscript(text, { language }).words.filter((w) => w.spoken !== '').length;
    return { ...result, out, outFiles: await listFiles(out), spokenWords };
  });
  job.catch(() => {}); // awaited by its test; no unhandled rejection meanwhile
  cliRuns.set(name, job);
}

function startLibrary(name: string, transcript: string): void {
  const job = limited(() => generate({ media: MEDIA, transcript, siblings: false, outDir: file(`out-${name}`), quiet: true }));
  job.catch(() => {});
  libraryRuns.set(name, job);
}

let inputsBefore: string[];
beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-wrongtext-'));
  // Clips of the briefing's speech (it starts at 6.2 s, after the music): 10 s and 1 min.
  await Promise.all([
    ffmpeg(['-ss', '8', '-t', '10', '-i', MEDIA, '-vn', '-ac', '1', '-ar', '16000', file('clip-10s.wav')]),
    ffmpeg(['-ss', '5.5', '-t', '60', '-i', MEDIA, '-vn', '-ac', '1', '-ar', '16000', file('clip-1min.wav')]),
    fs.writeFile(file('gettysburg.txt'), GETTYSBURG),
    fs.writeFile(file('gettysburg-first.txt'), GETTYSBURG.split('\n')[0]),
    fs.writeFile(file('other-briefing.txt'), OTHER_BRIEFING),
    fs.copyFile(path.join(ROOT, 'samples/jfk/jfk.txt'), file('jfk.txt')),
    fs.copyFile(path.join(ROOT, 'samples/french/point-de-presse.transcript.txt'), file('french.txt')),
    fs.writeFile(file('extra-sentences.txt'), WITH_EXTRA_SENTENCES),
    fs.writeFile(file('emoji-rtl.txt'), WITH_EMOJI_RTL_LINES),
  ]);
  inputsBefore = (await listFiles(dir)).sort();
  startCli('jfk-10s', file('clip-10s.wav'), file('jfk.txt'));
  startCli('other-briefing-1min', file('clip-1min.wav'), file('other-briefing.txt'));
  startCli('gettysburg-full', MEDIA, file('gettysburg.txt'));
  startCli('french-full', MEDIA, file('french.txt'), 'fr');
  startLibrary('extra-sentences', file('extra-sentences.txt'));
  startLibrary('emoji-rtl', file('emoji-rtl.txt'));
});

afterAll(async () => {
  await Promise.allSettled([...cliRuns.values(), ...libraryRuns.values()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('another talk\'s transcript is not found: exit 3, one line, nothing written', () => {
  async function expectNotFound(name: string): Promise<void> {
    const run = await cliRuns.get(name)!;
    expect(run.code, run.stderr).toBe(EXIT_TRANSCRIPT_NOT_FOUND);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    // The line says what was found: how many of the transcript's spoken words were placed.
    const found = /^capsync: the transcript was not found in the audio: (\d+) of (\d+) spoken words placed/.exec(lines[0]);
    expect(found, lines[0]).not.toBeNull();
    expect(Number(found![2])).toBe(run.spokenWords);
    expect(Number(found![1])).toBeLessThan(0.25 * run.spokenWords);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(run.stdout).toBe('');
    // No captions, no words, no staging folder, lock or temp file: the folder is gone or empty.
    expect(run.outFiles).toEqual([]);
    const inputs = (names: string[]) => names.filter((f) => !f.startsWith('out-')).sort();
    expect(inputs(await listFiles(dir))).toEqual(inputs(inputsBefore));
  }

  test('10 s clip with another sample\'s transcript (JFK)', () => expectNotFound('jfk-10s'));
  test('1 min clip with another NATO briefing\'s transcript (same vocabulary)', () => expectNotFound('other-briefing-1min'));
  test('the full sample with the Gettysburg Address', () => expectNotFound('gettysburg-full'));
  test('the French sample\'s transcript, as French, against the English audio', () => expectNotFound('french-full'));

  test('the French text with the default language (en) is refused as French before any decoding', async () => {
    const out = file('out-french-as-en');
    const run = await limited(() => capsync(['generate', MEDIA, '--transcript', file('french.txt'), '--no-siblings', '--out', out]));
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr.trimEnd()).toMatch(/^capsync: the transcript looks like French, not English; pass --language fr/);
    expect(await listFiles(out)).toEqual([]);
  });

  test('the library raises the typed error (10 s clip, the Gettysburg Address\'s first sentence), and writes nothing', async () => {
    const out = file('out-library-10s');
    const error = await limited(() =>
      generate({ media: file('clip-10s.wav'), transcript: file('gettysburg-first.txt'), siblings: false, outDir: out, quiet: true }).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(isCapsyncError(error), String(error)).toBe(true);
    if (!isCapsyncError(error)) return;
    expect(error.code).toBe('TRANSCRIPT_NOT_FOUND');
    expect(error.exitCode).toBe(EXIT_TRANSCRIPT_NOT_FOUND);
    expect(error.message).toMatch(/not found in the audio: \d+ of 30 spoken words placed/);
    expect(await listFiles(out)).toEqual([]);
  });
});

/** Transcript words that are not in the original transcript, by index, found by walking both in order. */
function insertedIndices(result: GenerateResult): number[] {
  const inserted: number[] = [];
  let j = 0;
  result.transcript.words.forEach((w, i) => {
    if (j < TRUTH.length && w.text === TRUTH[j].text) j++;
    else inserted.push(i);
  });
  expect(j, 'every original word is still in the transcript, in order').toBe(TRUTH.length);
  return inserted;
}

/** Start errors (s) of the original spoken words, by their index in `result`; null when unplaced. */
function originalErrors(result: GenerateResult): Map<number, number | null> {
  const errors = new Map<number, number | null>();
  let j = 0;
  result.words.forEach((w, i) => {
    if (j >= TRUTH.length || w.text !== TRUTH[j].text) return;
    const t = TRUTH[j++];
    if (t.spoken && t.start !== null) errors.set(i, w.start === null ? null : Math.abs(w.start - t.start));
  });
  return errors;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const bare = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The checks every unspoken-text scenario shares; `neighbours` are the spoken sentences beside an insertion. */
async function expectUnspokenLeftOut(result: GenerateResult, insertedText: string[], neighbours: string[]): Promise<void> {
  const { words, report, vtt, srt } = await checkOutputs(result); // every file read back, the VTT by the W3C parser
  const inserted = insertedIndices(result);

  // The inserted words are exactly the inserted lines' words (emoji alone are not words).
  const expectedWords = insertedText.flatMap((line) => line.split(/\s+/)).filter((t) => /[\p{L}\p{N}]/u.test(t));
  expect(inserted.map((i) => result.transcript.words[i].text)).toEqual(expectedWords);

  // Null times in words.json, and listed as not found in the report.
  for (const i of inserted) {
    expect(words.words[i], `words.json word ${i}`).toMatchObject({ start: null, end: null, source: null });
    expect(report.notFound.some((p: { firstWord: number; lastWord: number }) => p.firstWord <= i && i <= p.lastWord), `word ${i} "${words.words[i].text}" in report.notFound`).toBe(true);
  }
  expect(result.summary.notFound.reduce((n, p) => n + p.words, 0)).toBeGreaterThanOrEqual(inserted.length);

  // The spoken words around them: ≥ 95% placed, as accurate as on the clean transcript.
  const errors = originalErrors(result);
  const placed = [...errors.values()].filter((e): e is number => e !== null);
  expect(placed.length / errors.size, 'share of spoken words placed').toBeGreaterThanOrEqual(0.95);
  expect(median(placed), 'median start error (s)').toBeLessThan(0.1);
  expect(placed.filter((e) => e <= 0.25).length / errors.size, 'share within 250 ms').toBeGreaterThanOrEqual(0.9);

  // The sentences right beside each insertion are placed, every word within 300 ms of the truth.
  for (const sentence of neighbours) {
    const tokens = sentence.split(/\s+/);
    const at = result.transcript.words.findIndex((_, i) => tokens.every((t, k) => result.transcript.words[i + k]?.text === t));
    expect(at, `"${sentence}" in the transcript`).toBeGreaterThanOrEqual(0);
    tokens.forEach((t, k) => {
      const error = errors.get(at + k);
      expect(error, `"${t}" (word ${at + k}) of "${sentence}": placed, start error`).not.toBeNull();
      expect(error!, `"${t}" (word ${at + k}) of "${sentence}": start error (s)`).toBeLessThan(0.3);
    });
  }

  // No caption carries an unspoken word (a word of the inserted lines that the real text never uses).
  const realWords = new Set(TRUTH.map((t) => bare(t.text)));
  const foreign = [...new Set(expectedWords.map(bare))].filter((w) => w && !realWords.has(w));
  expect(foreign.length).toBeGreaterThan(3);
  const captionWords = new Set(result.cues.flatMap((c) => c.lines.join(' ').split(/\s+/)).map(bare));
  for (const w of foreign) expect(captionWords.has(w), `"${w}" in a cue`).toBe(false);
  for (const text of [vtt, srt]) for (const symbol of ['👋', '🇺🇦', '🙏', '✌', 'שלום', 'مرحبا', 'السلام']) expect(text).not.toContain(symbol);
}

describe('unspoken text gets null times, and the spoken text around it keeps its place', () => {
  test('a sentence added at the start, one between two paragraphs, one at the end', async () => {
    const result = await libraryRuns.get('extra-sentences')!;
    await expectUnspokenLeftOut(result, [UNSPOKEN_START, UNSPOKEN_MIDDLE, UNSPOKEN_END], [
      'Good morning.',
      'We will also invest in air defence, ammunition and drones.',
      'We discussed our support for Ukraine with Minister Umerov in the NATO-Ukraine Council.',
      'So there is no time to waste.',
    ]);
    // The end is not squeezed into the last half second: nothing is placed after the last real word.
    const lastReal = result.words.findLastIndex((w) => w.text === 'waste.');
    expect(result.words.slice(lastReal + 1).every((w) => w.start === null)).toBe(true);
  });

  test('lines of emoji and right-to-left text', async () => {
    const result = await libraryRuns.get('emoji-rtl')!;
    await expectUnspokenLeftOut(result, [UNSPOKEN_EMOJI_RTL, UNSPOKEN_RTL_ONLY], [
      'Good morning.',
      'Today Defence Ministers met here in Brussels to prepare for the summit in The Hague.',
      'Thank you, Secretary General. We have time for one question. Reuters, please.',
      'Anna Kowalska, Reuters.',
    ]);
  });
});
