/**
 * The whole pipeline on real audio: festival/flite speech (a synthesizer other than capsync's
 * eSpeak-NG reference) with exact word truth, the bundled briefing sample, and real human
 * speech (JFK). Every output is read back and validated (WebVTT by the W3C parser). Accuracy
 * bounds are deliberately loose — the benchmark measures accuracy; these catch a broken
 * pipeline: words not placed, placed in the wrong place, in music, or over untranscribed speech.
 */
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate, type GenerateProgress, type GenerateResult } from '../../src/pipeline/index.js';
import { GENERATE_STAGE_WEIGHTS } from '../../src/cli/progress.js';
import type { TimeSpan } from '../../src/types.js';
import { checkOutputs } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/audio');
const SAMPLES = path.join(ROOT, 'samples');

interface TruthToken {
  index: number;
  text: string;
  spoken: boolean;
  start: number | null;
  end: number | null;
}
interface Truth {
  duration: number;
  transcriptTokens: TruthToken[];
  nonSpeech: Array<TimeSpan & { kind: string }>;
  untranscribedSpeech: Array<TimeSpan & { text: string }>;
}

const loadTruth = (file: string): Truth => JSON.parse(readFileSync(file, 'utf8')) as Truth;

/** |placed start − true start| for every spoken truth token, by transcript index; null when unplaced. */
function startErrors(result: GenerateResult, tokens: readonly TruthToken[], offset = 0): Array<number | null> {
  return tokens
    .filter((t) => t.spoken && t.start !== null)
    .map((t) => {
      const word = result.words[t.index + offset];
      expect(word.text).toBe(t.text);
      return word.start === null ? null : Math.abs(word.start - t.start!);
    });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Loose accuracy: ≥ 90% of spoken words placed, median start error < 100 ms, ≥ 80% within 250 ms. */
function expectLooselyAccurate(errors: Array<number | null>, within250 = 0.8): void {
  const placed = errors.filter((e): e is number => e !== null);
  expect(placed.length / errors.length, 'share of spoken words placed').toBeGreaterThanOrEqual(0.9);
  expect(median(placed), 'median word-start error (s)').toBeLessThan(0.1);
  expect(placed.filter((e) => e <= 0.25).length / errors.length, 'share within 250 ms').toBeGreaterThanOrEqual(within250);
}

// Known limitation (README, "Alignment"): 25 s of the HTS slt voice and ked is too little, and too
// unlike eSpeak, for any block to stand out, so the clip falls back to spanning the whole clip and
// its words are less tight (~75% within 250 ms today).
const WITHIN_250_BY_CLIP: Record<string, number> = { 'slt-ked-turns': 0.7 };

const overlap = (a: TimeSpan, b: TimeSpan): number => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

let out: string;
beforeAll(async () => {
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-audio-'));
});
afterAll(async () => {
  if (out) await fs.rm(out, { recursive: true, force: true });
});

describe('briefing sample (mp4: music intro, labelled turns, description)', () => {
  const truth = loadTruth(path.join(SAMPLES, 'briefing/briefing.truth.json'));
  let result: GenerateResult;
  const progress: GenerateProgress[] = [];
  beforeAll(async () => {
    result = await generate({
      media: path.join(SAMPLES, 'briefing/briefing.mp4'),
      transcript: path.join(SAMPLES, 'briefing/briefing.transcript.txt'),
      description: path.join(SAMPLES, 'briefing/briefing.description.txt'),
      outDir: path.join(out, 'briefing'),
      onProgress: (p) => progress.push(p),
    });
  });

  test('reports its stages in the order the progress bar lays them out, the re-timing included', () => {
    const order = Object.keys(GENERATE_STAGE_WEIGHTS);
    const at = progress.map((p) => order.indexOf(p.stage));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at.every((i, k) => k === 0 || i >= at[k - 1])).toBe(true);
    // The scoring passes report under 'features' and may stop early when the adaptation has
    // converged; the later stages then move the bar on. These always run to the end:
    for (const stage of ['decode', 'retime', 'write'] as const) {
      expect(progress.filter((p) => p.stage === stage).at(-1)?.fraction, stage).toBe(1);
    }
  });

  test('all outputs are written and valid', async () => {
    const { words } = await checkOutputs(result);
    expect(words.media).toMatch(/briefing\.mp4$/);
    expect(words.duration).toBeCloseTo(truth.duration, 0);
    expect(words.turns.map((t: { label: string }) => t.label)).toEqual(['NATO Secretary General', 'Moderator', 'Question', 'NATO Secretary General']);
    const description = await fs.readFile(result.files.description!, 'utf8');
    // The chapters block is in the new description; the links are kept.
    for (const c of result.chapters) expect(description).toContain(c.title.slice(0, 20));
    expect(description).toContain('https://bit.ly/NATOsubscribe');
    expect(result.metadata.transcript?.sourceUrl).toMatch(/nato\.int/);
  });

  test('words are placed where they were spoken', () => {
    expectLooselyAccurate(startErrors(result, truth.transcriptTokens));
    expect(result.words.filter((w) => w.start !== null).every((w) => w.source === 'audio')).toBe(true);
  });

  test('no word and no caption inside the music intro', () => {
    const music = truth.nonSpeech.filter((s) => s.kind === 'music');
    expect(music.length).toBeGreaterThan(0);
    for (const span of music) {
      for (const w of result.words) if (w.start !== null) expect(overlap({ start: w.start, end: w.end! }, span)).toBeLessThan(0.05);
      for (const c of result.cues) expect(overlap(c, span)).toBeLessThan(0.05);
    }
  });
});

describe('partial transcript: only the description excerpt (briefing)', () => {
  const truth = loadTruth(path.join(SAMPLES, 'briefing/briefing.truth.json'));
  let result: GenerateResult;
  beforeAll(async () => {
    result = await generate({
      media: path.join(SAMPLES, 'briefing/briefing.mp4'),
      description: path.join(SAMPLES, 'briefing/briefing.description.txt'),
      outDir: path.join(out, 'excerpt'),
    });
  });

  test('the transcript is the excerpt, and the outputs are valid', async () => {
    await checkOutputs(result);
    expect(result.transcript.source).toBe('description');
    expect(result.transcript.words[0].text).toBe('Good');
    expect(result.transcript.words.at(-1)!.text).toBe('drones.');
  });

  test('the covered part is placed, and nothing is captioned after the last excerpt word', () => {
    const n = result.transcript.words.length;
    const tokens = truth.transcriptTokens.slice(0, n);
    expectLooselyAccurate(startErrors(result, tokens));
    const lastSpoken = tokens.at(-1)!.end!;
    for (const c of result.cues) expect(c.end).toBeLessThanOrEqual(lastSpoken + 1.5);
    // The report says the text covers only part of the recording, and the rest is speech with no text.
    const covered = result.report.coverage.spans;
    expect(covered.at(-1)!.end).toBeLessThan(lastSpoken + 3);
    const untexted = result.report.speechWithoutText.reduce((a, s) => a + overlap(s, { start: lastSpoken, end: truth.duration }), 0);
    expect(untexted).toBeGreaterThan(0.6 * (truth.duration - lastSpoken - 2));
  });
});

describe('applause, music and a spoken sentence missing from the transcript', () => {
  const truth = loadTruth(path.join(FIXTURES, 'ked-applause-missing.truth.json'));
  let result: GenerateResult;
  beforeAll(async () => {
    result = await generate({
      media: path.join(FIXTURES, 'ked-applause-missing.m4a'),
      transcript: path.join(FIXTURES, 'ked-applause-missing.txt'),
      outDir: path.join(out, 'applause'),
    });
  });

  // The untranscribed sentence sits *inside* the first block, which only the gap pass finds,
  // squeezed over the missing sentence with its located end 5 s short. The fine pass may take such
  // a block's end on through the speech that follows (up to the next break), and a textless run
  // absorbs the sentence, so the block's words land where they were spoken.
  test('outputs valid; words placed where spoken', async () => {
    await checkOutputs(result);
    expectLooselyAccurate(startErrors(result, truth.transcriptTokens));
  });

  test('no word or caption inside applause or music', () => {
    expect(truth.nonSpeech.some((s) => s.kind === 'applause')).toBe(true);
    for (const span of truth.nonSpeech.filter((s) => s.kind === 'applause' || s.kind === 'music')) {
      for (const w of result.words) if (w.start !== null) expect(overlap({ start: w.start, end: w.end! }, span)).toBeLessThan(0.05);
      for (const c of result.cues) expect(overlap(c, span)).toBeLessThan(0.6);
    }
  });

  // The missing sentence lies inside the block: the band must let the path wait it out there, and
  // the open end must not skip the block's last sentence for free (or it lays it on the missing one).
  test('the untranscribed sentence gets no caption and is reported as speech with no text', () => {
    const [missing] = truth.untranscribedSpeech;
    // A cue may linger briefly after the sentence before it, not over the middle of this one.
    const middle = { start: missing.start + 0.6, end: missing.end - 0.3 };
    for (const c of result.cues) expect(overlap(c, middle)).toBe(0);
    expect(result.report.speechWithoutText.some((s) => overlap(s, missing) > 0.5 * (missing.end - missing.start))).toBe(true);
  });
});

describe('other clips: voices, turns, acronyms, numbers, dates and percentages', () => {
  // Every fixture clip not tested on its own above (names may change as fixtures are remade).
  const own = new Set(['kal-pauses', 'ked-applause-missing']);
  const clips = readdirSync(FIXTURES)
    .filter((f) => /\.(?:ogg|m4a|mp4|wav|webm|mp3)$/.test(f) && !own.has(f.replace(/\.\w+$/, '')))
    .sort();
  test('there are such clips', () => expect(clips.length).toBeGreaterThan(0));
  for (const name of clips) {
    test(name, async () => {
      const stem = name.replace(/\.\w+$/, '');
      const truth = loadTruth(path.join(FIXTURES, `${stem}.truth.json`));
      const transcript = path.join(FIXTURES, `${stem}.txt`);
      const result = await generate({ media: path.join(FIXTURES, name), transcript, outDir: path.join(out, stem) });
      const { vtt } = await checkOutputs(result);
      expectLooselyAccurate(startErrors(result, truth.transcriptTokens), WITHIN_250_BY_CLIP[stem]);
      // Numbers, percentages and acronyms are spoken for the reference but shown as written.
      const text = readFileSync(transcript, 'utf8');
      for (const written of ['2024', '2025', '60%', '3.5%', 'UDCG', 'EU', 'US']) {
        if (new RegExp(`(?:^|\\s)${written.replace('.', '\\.')}(?=[\\s.,;:?!]|$)`).test(text)) expect(vtt).toContain(written);
      }
    });
  }
});

describe('a transcript paragraph never spoken, with a word-timed track (kal-pauses + an extra paragraph)', () => {
  const truthFile = path.join(FIXTURES, 'kal-pauses.truth.json');
  const truth = loadTruth(truthFile);
  const EXTRA = 'The Secretary General also met the President of Finland to discuss shipping lanes, undersea cables and the security of the Baltic Sea region.';
  let result: GenerateResult;
  let inserted: { first: number; count: number };
  beforeAll(async () => {
    const text = readFileSync(path.join(FIXTURES, 'kal-pauses.txt'), 'utf8');
    const lines = text.split('\n');
    // Label line, paragraph 1, [extra], paragraph 2.
    const withExtra = [lines[0], lines[1], EXTRA, ...lines.slice(2)].join('\n');
    const transcript = path.join(out, 'kal-extra.txt');
    await fs.writeFile(transcript, withExtra);
    inserted = { first: lines[1].trim().split(/\s+/).length, count: EXTRA.split(/\s+/).length };
    // The truth file doubles as a word-timed track ({words: [{text, start, end}]}, read as
    // words-json): what was spoken, so it has nothing for the extra paragraph either.
    result = await generate({ media: path.join(FIXTURES, 'kal-pauses.m4a'), transcript, timingFrom: truthFile, outDir: path.join(out, 'kal-extra') });
  });

  test('the unspoken paragraph has null times and is reported with its text', async () => {
    await checkOutputs(result);
    const { first, count } = inserted;
    expect(result.words[first].text).toBe('The');
    const extra = result.words.slice(first, first + count);
    expect(extra.filter((w) => w.start !== null).length).toBeLessThanOrEqual(2);
    const reported = result.report.notFound.find((p) => p.firstWord <= first + 2 && p.lastWord >= first + count - 3);
    expect(reported, JSON.stringify(result.report.notFound)).toBeDefined();
    expect(reported!.text).toContain('undersea cables');
  });

  test('the spoken words around it keep their places (judged on audio timings only)', () => {
    const { first, count } = inserted;
    // Words the track filled are not the audio's doing: count them as unplaced here.
    const audioOnly = { ...result, words: result.words.map((w) => (w.source === 'audio' || w.source === 'audio+track' ? w : { ...w, start: null })) };
    const before = truth.transcriptTokens.filter((t) => t.index < first);
    const after = truth.transcriptTokens.filter((t) => t.index >= first);
    expectLooselyAccurate([...startErrors(audioOnly, before), ...startErrors(audioOnly, after, count)]);
  });

  test('the track confirms the audio timings and is reported', () => {
    expect(result.report.timingFrom).toBe('audio+track');
    expect(result.report.track?.format).toBe('words-json');
    const spoken = result.words.length - inserted.count;
    // The track is the exact truth: audio onsets within 0.3 s of it are marked as confirmed.
    expect(result.report.track!.merge!.confirmed).toBeGreaterThanOrEqual(0.8 * spoken);
    expect(result.words.filter((w) => w.source === 'audio+track').length).toBe(result.report.track!.merge!.confirmed);
  });
});

describe('real human speech (JFK, 11 s)', () => {
  // Phrase onsets/ends from the audio's energy (ffmpeg silencedetect, −20 dB, ≥ 0.2 s pauses):
  // "And so my fellow Americans," 0.33–2.11 · "ask" 3.29 · "not" 4.03 · "what … for you," 5.42–7.50 ·
  // "ask what you can do for your country." 8.19–10.18.
  const ONSETS: Array<[index: number, text: string, start: number]> = [
    [0, 'And', 0.33],
    [5, 'ask', 3.29],
    [6, 'not', 4.03],
    [7, 'what', 5.42],
    [14, 'ask', 8.19],
  ];
  const ENDS: Array<[index: number, text: string, end: number]> = [
    [4, 'Americans,', 2.11],
    [13, 'you,', 7.5],
    [21, 'country.', 10.18],
  ];
  let result: GenerateResult;
  beforeAll(async () => {
    result = await generate({ media: path.join(SAMPLES, 'jfk/jfk.wav'), transcript: path.join(SAMPLES, 'jfk/jfk.txt'), outDir: path.join(out, 'jfk') });
  });

  // This speaker pauses 1.1 s inside "ask not | what your country…", where the reference has no
  // pause: the fine pass must wait through it (a flat pause cost), not shift the reference's pauses.
  test('every word is placed, phrases start and end with the speech', async () => {
    await checkOutputs(result);
    expect(result.words.filter((w) => w.start !== null).length).toBe(result.words.length);
    for (const [i, text, start] of ONSETS) {
      expect(result.words[i].text).toBe(text);
      expect(Math.abs(result.words[i].start! - start), `${text} (word ${i}) starts at ${result.words[i].start}, speech at ${start}`).toBeLessThan(0.2);
    }
    for (const [i, text, end] of ENDS) {
      expect(result.words[i].text).toBe(text);
      expect(Math.abs(result.words[i].end! - end), `${text} (word ${i}) ends at ${result.words[i].end}, speech at ${end}`).toBeLessThan(0.3);
    }
  });
});

describe('a spoken sentence missing from the transcript (kal-pauses without "Ministers met today…")', () => {
  const truth = loadTruth(path.join(FIXTURES, 'kal-pauses.truth.json'));
  const MISSING = 'Ministers met today to discuss air and missile defence.';
  let result: GenerateResult;
  let missing: TimeSpan;
  beforeAll(async () => {
    const text = readFileSync(path.join(FIXTURES, 'kal-pauses.txt'), 'utf8');
    expect(text).toContain(MISSING);
    const transcript = path.join(out, 'kal-missing.txt');
    await fs.writeFile(transcript, text.replace(`${MISSING} `, ''));
    // Where the sentence is spoken, from the truth of the full transcript.
    const tokens = truth.transcriptTokens;
    const first = tokens.findIndex((t) => t.text === 'Ministers');
    const last = tokens.findIndex((t, i) => i > first && t.text === 'defence.');
    missing = { start: tokens[first].start!, end: tokens[last].end! };
    result = await generate({ media: path.join(FIXTURES, 'kal-pauses.m4a'), transcript, outDir: path.join(out, 'kal-missing') });
  });

  // The first block ("Good afternoon. We agreed…") is not located in a clip this short, so it is
  // spread over the clip's start. Priced per frame, the missing sentence cost more than skipping
  // the opening and laying "Good afternoon." on its last words; priced as one textless run
  // (VoicingGuide.textlessOpen), the phrase stays on its own speech.
  test('no word and no caption over the sentence; it is reported as speech with no text', async () => {
    await checkOutputs(result);
    // A cue may linger briefly after the sentence before it, not over the middle of this one.
    const middle = { start: missing.start + 0.5, end: missing.end - 0.3 };
    for (const w of result.words) if (w.start !== null) expect(overlap({ start: w.start, end: w.end! }, middle), w.text).toBeLessThan(0.05);
    for (const c of result.cues) expect(overlap(c, middle), c.lines.join(' ')).toBeLessThan(0.1);
    expect(result.report.speechWithoutText.some((s) => overlap(s, missing) > 0.5 * (missing.end - missing.start))).toBe(true);
  });

  test('the words around it keep their places', () => {
    const spoken = truth.transcriptTokens.filter((t) => !MISSING.split(' ').includes(t.text) || t.start! < missing.start || t.start! > missing.end);
    expect(spoken.length).toBe(result.words.length);
    const errors = result.words.map((w, i) => (w.start === null ? null : Math.abs(w.start - spoken[i].start!)));
    expectLooselyAccurate(errors);
  });
});
