/**
 * Caption benchmark (issue 4): on the bench recordings, the share of cues within every caption
 * rule and how far cue starts/ends are from the true speech, for
 *   - capsync's cue builder fed the true word times ("truth words": the builder alone),
 *   - capsync's own VTT from `bench/align.ts` (bench/.cache/align-out/<case>/capsync/audio.vtt),
 *   - Echogarden 2.10.2's subtitles on the same input (…/echogarden/echogarden.json).
 *
 *   npx tsx bench/captions.ts [--cases clean-2min,clean-10min] [--out-dir bench/.cache/align-out] [--json out.json]
 *
 * Engine outputs older than the case's truth.json (the case was regenerated since) are skipped.
 *
 * Every engine's cues are mapped to transcript tokens by text (bench/lib/metrics mapByText),
 * so the figures are computed the same way for each; rules are judged by captionStats, the
 * same checks as `capsync lint` (42 chars, 2 lines, 20 cps, 5/6–7 s, 2 frames at 25 fps).
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCues } from '../src/captions/build.js';
import { readCaptionCues } from '../src/captions/parse.js';
import { type CaptionStats, type StatCue, captionStats } from '../src/captions/stats.js';
import { parseTranscript } from '../src/text/parse.js';
import type { TimedWord } from '../src/types.js';
import { type CaseTruth, type TruthToken, mapByText } from './lib/metrics.js';

const CASES_DIR = 'bench/.cache/cases';

interface Row {
  case: string;
  engine: string;
  stats: CaptionStats;
  /** Cues whose words could not be found in the transcript (left out of the timing errors). */
  unmappedCues: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Word ranges of foreign cues: their words matched to transcript tokens by text. */
function withWordRanges(cues: Array<{ start: number; end: number; lines: string[] }>, tokens: TruthToken[]): { cues: StatCue[]; unmapped: number } {
  // Each cue word becomes an "engine word" whose time is its cue's number, so the mapping
  // tells which cue each transcript token landed in.
  const words = cues.flatMap((c, k) => c.lines.join(' ').split(/\s+/).filter(Boolean).map((text) => ({ text, start: k, end: k })));
  const placements = mapByText(words, tokens);
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  placements.forEach((p, i) => {
    if (p.status !== 'placed') return;
    const k = p.start as number;
    if (!first.has(k)) first.set(k, i);
    last.set(p.end as number, i);
  });
  const out = cues.map((c, k) => ({ ...c, firstWord: first.get(k), lastWord: last.get(k) }));
  return { cues: out, unmapped: out.filter((c) => c.firstWord === undefined || c.lastWord === undefined).length };
}

/** The builder fed the truth: transcript structure from the text stage, times from truth.json. */
function truthWordCues(transcriptText: string, truth: CaseTruth): StatCue[] {
  const transcript = parseTranscript(transcriptText);
  if (transcript.words.length !== truth.transcriptTokens.length) {
    throw new Error(`transcript has ${transcript.words.length} words, truth ${truth.transcriptTokens.length} tokens`);
  }
  const words: TimedWord[] = transcript.words.map((w, i) => {
    const t = truth.transcriptTokens[i];
    return { index: w.index, text: w.text, start: t.start, end: t.end, confidence: 1, sentence: w.sentence, paragraph: w.paragraph, turn: w.turn, source: 'audio' };
  });
  return buildCues(words, transcript.turns);
}

function evaluate(caseName: string, outDir: string): Row[] {
  const dir = path.join(CASES_DIR, caseName);
  const truthTime = statSync(path.join(dir, 'truth.json')).mtimeMs;
  const readIf = (file: string): string | null => {
    if (!existsSync(file)) return null;
    if (statSync(file).mtimeMs < truthTime) {
      process.stderr.write(`${caseName}: ${file} is older than the case's truth.json; skipped\n`);
      return null;
    }
    return readFileSync(file, 'utf8');
  };
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as CaseTruth;
  const tokens = truth.transcriptTokens;
  const truthTimes = tokens.map((t) => (t.start !== null && t.end !== null ? { start: t.start, end: t.end } : null));
  const rows: Row[] = [];
  const own = truthWordCues(readFileSync(path.join(dir, 'transcript.txt'), 'utf8'), truth);
  rows.push({ case: caseName, engine: 'capsync builder, truth words', stats: captionStats(own, truthTimes), unmappedCues: 0 });
  const sources: Array<[string, () => string | null]> = [
    ['capsync (aligned)', () => readIf(path.join(outDir, caseName, 'capsync', 'audio.vtt'))],
    ['Echogarden 2.10.2', () => {
      const json = readIf(path.join(outDir, caseName, 'echogarden', 'echogarden.json'));
      return json ? ((JSON.parse(json) as { subtitlesVtt?: string }).subtitlesVtt ?? null) : null;
    }],
  ];
  for (const [engine, load] of sources) {
    const vtt = load();
    if (!vtt) continue;
    const mapped = withWordRanges(readCaptionCues(vtt, 'vtt'), tokens);
    rows.push({ case: caseName, engine, stats: captionStats(mapped.cues, truthTimes), unmappedCues: mapped.unmapped });
  }
  return rows;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const msStr = (x: number | undefined): string => (x === undefined ? '–' : `${Math.round(x * 1000)}`);

function table(rows: Row[]): string {
  const head = '| case | engine | cues | line ≤42 | ≤2 lines | cps ≤20 | 5/6–7 s | gap ≥2f | no overlap | all rules | start err median / p90 ms | end err median / p90 ms |';
  const sep = `|${' --- |'.repeat(12)}`;
  const body = rows.map(({ case: c, engine, stats: s }) =>
    [c, engine, s.cues, pct(s.rules.lineLength.share), pct(s.rules.lineCount.share), pct(s.rules.cps.share), pct(s.rules.duration.share), pct(s.rules.gap.share), pct(s.rules.overlap.share), pct(s.rules.all.share),
      `${msStr(s.startError?.median)} / ${msStr(s.startError?.p90)}`, `${msStr(s.endError?.median)} / ${msStr(s.endError?.p90)}`].join(' | '),
  );
  return [head, sep, ...body.map((b) => `| ${b} |`)].join('\n');
}

const wanted = arg('cases')?.split(',') ?? readdirSync(CASES_DIR).filter((d) => existsSync(path.join(CASES_DIR, d, 'truth.json')));
const rows = wanted.flatMap((c) => {
  try {
    return evaluate(c, arg('out-dir') ?? 'bench/.cache/align-out');
  } catch (error) {
    process.stderr.write(`${c}: ${(error as Error).message}\n`);
    return [];
  }
});
process.stdout.write(`${table(rows)}\n`);
const jsonOut = arg('json');
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(rows, null, 2)}\n`);
