/**
 * Timing from a caption track alone: word-start error of transcript words timed by aligning
 * the transcript to a noisy YouTube-style auto-caption track made from the recording's truth.
 *
 *   npx tsx bench/track.ts                       # every case in bench/.cache/cases, else a synthetic one
 *   npx tsx bench/track.ts --case clean-10min --case partial-35
 *   npx tsx bench/track.ts --synthetic           # the NATO statement on a synthetic timeline
 *   options: --seed N  --sub 0.1  --jitter 0.1  --digits 0  --layout youtube-vtt|srt|srv3|json3  --json out.json
 *
 * The track is what an auto-captioner would write for the audio (truth `words`, including
 * untranscribed speech): lower case, no punctuation, numbers spelled out, `--sub` of the words
 * misheard, 1% dropped, 1% fillers added, starts and ends jittered by ±`--jitter` s, rendered
 * in YouTube's rolling WebVTT layout and read back with readTimingTrack. Scored on transcript
 * tokens that are spoken (truth start known); unspoken tokens should stay unplaced.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignTranscriptToTrack, anchorsFromTrack, readTimingTrack, verbalizeTrackWord } from '../src/align/track/index.js';
import type { TrackWord } from '../src/align/track/index.js';
import { parseTranscript } from '../src/text/index.js';
import type { TranscriptWord } from '../src/types.js';
import {
  asrTrack, startErrors, synthTimeline, toJson3, toSrt, toSrv3, toYoutubeVtt,
  type AudioWord, type Timeline, type TimingErrorStats, type TruthWord,
} from './trackSynth.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CASES = path.join(HERE, '.cache', 'cases');
const FIXTURES = path.join(HERE, '..', 'tests', 'fixtures', 'tracks');

interface CaseInput {
  name: string;
  words: TranscriptWord[];
  timeline: Timeline;
  /** Transcript indices to score (spoken, with a truth start). */
  scored: number[];
  /** Transcript indices never spoken (should stay unplaced). */
  unspoken: number[];
}

interface TruthFile {
  words: Array<{ text: string; start: number; end: number; transcriptIndex: number | null }>;
  transcriptTokens: Array<{ index: number; text: string; spoken: boolean | string; start: number | null; end: number | null; edit?: string }>;
}

function arg(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

function args(name: string): string[] {
  return process.argv.flatMap((a, k) => (a === `--${name}` && process.argv[k + 1] ? [process.argv[k + 1]] : []));
}

const spokenOf = (text: string): string => verbalizeTrackWord(text).join(' ');

/** Transcript words from the case's transcript.txt via the text stage, or from truth tokens when that does not line up. */
function transcriptWords(dir: string, truth: TruthFile): { words: TranscriptWord[]; via: string } {
  const file = path.join(dir, 'transcript.txt');
  if (existsSync(file)) {
    const parsed = parseTranscript(readFileSync(file, 'utf8'), { path: file }).words;
    if (parsed.length === truth.transcriptTokens.length && parsed.every((w, i) => w.text === truth.transcriptTokens[i].text)) {
      return { words: parsed, via: 'parseTranscript' };
    }
  }
  let sentence = 0;
  const words = truth.transcriptTokens.map((t, index) => {
    const w: TranscriptWord = {
      index, text: t.text, spoken: typeof t.spoken === 'string' ? t.spoken : spokenOf(t.text),
      paragraph: 0, sentence, turn: 0, charStart: 0, charEnd: 0,
    };
    if (/[.?!]["'’)]*$/.test(t.text)) sentence++;
    return w;
  });
  return { words, via: 'truth tokens' };
}

function loadCase(name: string): CaseInput {
  const dir = path.join(CASES, name);
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
  const { words } = transcriptWords(dir, truth);
  const truthWords: TruthWord[] = words.map((w, i) => ({ ...w, start: truth.transcriptTokens[i].start ?? 0, end: truth.transcriptTokens[i].end ?? 0 }));
  // The audio as an ASR hears it: each spoken word split into its spoken tokens by length.
  const audio: AudioWord[] = [];
  for (const tw of truth.words) {
    const i = tw.transcriptIndex;
    const edited = i !== null && truth.transcriptTokens[i].edit === 'substituted';
    const spoken = (i !== null && !edited ? words[i].spoken : spokenOf(tw.text)).split(' ').filter(Boolean);
    if (!spoken.length) continue;
    const total = spoken.reduce((n, s) => n + s.length, 0);
    let t = tw.start;
    for (const s of spoken) {
      const d = ((tw.end - tw.start) * s.length) / total;
      audio.push({ text: s, start: t, end: t + d, wordIndex: i });
      t += d;
    }
  }
  const scored = truth.transcriptTokens.filter((t) => t.spoken && t.start !== null && t.edit !== 'inserted').map((t) => t.index);
  const unspoken = truth.transcriptTokens.filter((t) => !t.spoken || t.edit === 'inserted').map((t) => t.index).filter((i) => words[i].spoken);
  return { name, words, timeline: { words: truthWords, audio }, scored, unspoken };
}

/** No recordings yet: the NATO statement on a synthetic timeline, 2 min of untranscribed Q&A inserted. */
function syntheticCase(seed: number): CaseInput {
  const paras = readFileSync(path.join(FIXTURES, 'statement.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const qa = readFileSync(path.join(FIXTURES, 'qa-untranscribed.txt'), 'utf8');
  const base = synthTimeline(paras, spokenOf, { seed });
  const after = base.words.filter((w) => w.paragraph === 8).at(-1)!.index;
  const timeline = synthTimeline(paras, spokenOf, { seed, insertions: [{ afterWord: after, seconds: 120, text: qa }] });
  return {
    name: 'synthetic-statement',
    words: timeline.words,
    timeline,
    scored: timeline.words.filter((w) => w.spoken).map((w) => w.index),
    unspoken: [],
  };
}

const LAYOUTS: Record<string, (w: TrackWord[]) => string> = {
  'youtube-vtt': toYoutubeVtt,
  srt: (w) => toSrt(w, 7),
  srv3: toSrv3,
  json3: toJson3,
};

interface Row {
  /** With --audio: word-start errors of `capsync generate` from the recording alone, and with the track. */
  audio: { alone: TimingErrorStats; withTrack: TimingErrorStats } | null;
  case: string;
  transcriptWords: number;
  trackWords: number;
  fromTrackPct: number;
  interpolatedPct: number;
  unspokenPlaced: string;
  anchors: number;
  alignSeconds: number;
  largestBlockCells: number;
  errors: TimingErrorStats;
}

function run(input: CaseInput, seed: number): Row {
  const layout = arg('layout') ?? 'youtube-vtt';
  const noisy = asrTrack(input.timeline, {
    seed,
    substitutionRate: Number(arg('sub') ?? 0.1),
    jitter: Number(arg('jitter') ?? 0.1),
    digitRate: Number(arg('digits') ?? 0),
  });
  const track = readTimingTrack(LAYOUTS[layout](noisy), `track.${layout}`);
  const t0 = performance.now();
  const result = alignTranscriptToTrack(input.words, track);
  const alignSeconds = (performance.now() - t0) / 1000;
  const errors = startErrors(input.scored.map((i) => ({ truth: input.timeline.words[i].start, timed: result.timed[i].start })));
  // --audio: the same case through `capsync generate`, from the recording alone and with the track.
  let audio: Row['audio'] = null;
  if (process.argv.includes('--audio') && input.name !== 'synthetic') {
    const work = mkdtempSync(path.join(os.tmpdir(), 'capsync-track-'));
    try {
      const trackFile = path.join(work, 'track.vtt');
      writeFileSync(trackFile, toYoutubeVtt(noisy));
      const cli = path.join(HERE, '..', 'dist', 'bin', 'capsync.js');
      const scoreRun = (extra: string[], out: string) => {
        execFileSync(process.execPath, [cli, 'generate', path.join(CASES, input.name, 'audio.wav'), '--transcript', path.join(CASES, input.name, 'transcript.txt'), '--out', out, '--quiet', ...extra], { stdio: 'ignore' });
        const words = (JSON.parse(readFileSync(path.join(out, 'audio.words.json'), 'utf8')) as { words: Array<{ start: number | null }> }).words;
        return startErrors(input.scored.map((i) => ({ truth: input.timeline.words[i].start, timed: words[i]?.start ?? null })));
      };
      audio = { alone: scoreRun([], path.join(work, 'audio')), withTrack: scoreRun(['--timing-from', trackFile], path.join(work, 'both')) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const scoredSet = input.scored;
  const fromTrack = scoredSet.filter((i) => result.timed[i].source === 'track').length;
  const interpolated = scoredSet.filter((i) => result.timed[i].source === 'interpolated').length;
  const unspokenPlaced = input.unspoken.filter((i) => result.timed[i].start !== null).length;
  return {
    case: input.name,
    transcriptWords: input.words.length,
    trackWords: track.words.length,
    fromTrackPct: (100 * fromTrack) / scoredSet.length,
    interpolatedPct: (100 * interpolated) / scoredSet.length,
    unspokenPlaced: input.unspoken.length ? `${unspokenPlaced}/${input.unspoken.length}` : '–',
    anchors: anchorsFromTrack(result).length,
    alignSeconds,
    largestBlockCells: result.stats.largestBlockCells,
    errors,
    audio,
  };
}

function main(): void {
  const seed = Number(arg('seed') ?? 7);
  let names = args('case');
  const synthetic = process.argv.includes('--synthetic');
  if (!names.length && !synthetic && existsSync(CASES)) {
    names = readdirSync(CASES).filter((n) => existsSync(path.join(CASES, n, 'truth.json'))).sort();
  }
  const inputs = names.length && !synthetic ? names.map(loadCase) : [syntheticCase(seed)];
  const rows = inputs.map((input) => run(input, seed));
  const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const f0 = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '–');
  console.log(`Track alone (${arg('layout') ?? 'youtube-vtt'}, ${Number(arg('sub') ?? 0.1) * 100}% misheard, ±${Number(arg('jitter') ?? 0.1) * 1000} ms jitter, seed ${seed})\n`);
  console.log('| case | words | track words | placed % | from track % | interpolated % | median ms | p90 ms | p99 ms | within 100 ms % | unspoken placed | anchors | align s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const e = r.errors;
    console.log(`| ${r.case} | ${e.words} | ${r.trackWords} | ${f1(e.placedPct)} | ${f1(r.fromTrackPct)} | ${f1(r.interpolatedPct)} | ${f0(e.medianMs)} | ${f0(e.p90Ms)} | ${f0(e.p99Ms)} | ${f1(e.within100Pct)} | ${r.unspokenPlaced} | ${r.anchors} | ${r.alignSeconds.toFixed(2)} |`);
  }
  if (rows.some((r) => r.audio)) {
    console.log('\nSame cases through `capsync generate` (word-start error of transcript words vs truth):\n');
    console.log('| case | source | placed % | median ms | p90 ms | within 100 ms % |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      if (!r.audio) continue;
      for (const [label, e] of [['track alone', r.errors], ['audio alone', r.audio.alone], ['audio + track', r.audio.withTrack]] as const) {
        console.log(`| ${r.case} | ${label} | ${f1(e.placedPct)} | ${f0(e.medianMs)} | ${f0(e.p90Ms)} | ${f1(e.within100Pct)} |`);
      }
    }
  }
  console.log(`\npeak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB; largest DP block ${Math.max(...rows.map((r) => r.largestBlockCells))} cells`);
  const out = arg('json');
  if (out) writeFileSync(out, `${JSON.stringify({ seed, rows }, null, 2)}\n`);
}

main();
