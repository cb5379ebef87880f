/**
 * The randomized benchmark: runs aligners on every recording of a generated set
 * (bench/.cache/sets/<set>/<case>/, made by `npx tsx bench/corpus/make.ts --sets …`) and reports
 * each recording, the worst one first, and the set's aggregates.
 *
 *   npx tsx bench/sets.ts --set heldout [--engines capsync,echogarden] [--cases a,b] [--repeat N] [--write]
 *   npx tsx bench/sets.ts --set tuning --capsync ../other/dist/bin/capsync.js --capsync-args "--engine dtw" --label capsync-dtw
 *
 * Per recording and engine: the engine's outputs and figures (with every word error) in
 * bench/.cache/sets-out/<set>/<label>/<case>/; per set and engine the committed summary
 * bench/results/sets/<set>-<label>.json (figures per recording and the aggregates, no word
 * lists); with --write, the sets section at the top of BENCHMARKS.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stripLabels } from './echogarden/align.mjs';
import { type CaseFiles, type EngineSpec, capsyncEngine, echogardenEngine, readJson } from './lib/engines.js';
import { type CaseTruth, type TokenPlacement, mapByIndex, mapByText } from './lib/metrics.js';
import { runRepeated } from './lib/run.js';
import {
  COLLAPSE_SECONDS,
  COLLAPSE_SHARE,
  CONFIDENT,
  type ConfidencePoint,
  type RecordingMetrics,
  WRONG_SECONDS,
  confidenceAuc,
  pooled,
  recordingMetrics,
} from './lib/setMetrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const RESULTS = join(BENCH, 'results', 'sets');
const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');
const START = '<!-- sets:start -->';
const END = '<!-- sets:end -->';
const SETS = ['heldout', 'fresh', 'tuning', 'french'] as const;
type SetName = (typeof SETS)[number];

// ---------------------------------------------------------------------------------------------
// Arguments

// `--capsync-args "--engine dtw"`: a value that starts with "--" is refused by parseArgs unless joined with "=".
const argv = process.argv.slice(2).flatMap((a, i, all) => (a === '--capsync-args' && i + 1 < all.length ? [] : all[i - 1] === '--capsync-args' ? [`--capsync-args=${a}`] : [a]));
const { values: args } = parseArgs({
  args: argv,
  options: {
    set: { type: 'string', default: 'heldout' },
    cases: { type: 'string' },
    engines: { type: 'string', default: 'capsync,echogarden' },
    repeat: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
    'write-only': { type: 'boolean', default: false },
    'missing-only': { type: 'boolean', default: false },
    capsync: { type: 'string', default: 'dist/bin/capsync.js' },
    'capsync-args': { type: 'string', default: '' },
    label: { type: 'string' },
    'sets-dir': { type: 'string', default: join(BENCH, '.cache', 'sets') },
    'out-dir': { type: 'string', default: join(BENCH, '.cache', 'sets-out') },
    timeout: { type: 'string', default: '30' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npx tsx bench/sets.ts --set heldout|tuning|french [options]
  --engines capsync,echogarden   which engines (default both)
  --cases a,b                    only these recordings (the set's summary still pools every recording run so far)
  --repeat N                     N runs per recording; wall time and peak memory are medians
  --capsync PATH                 capsync's built CLI (default dist/bin/capsync.js; another checkout's to compare versions)
  --capsync-args "ARGS"          extra arguments for \`capsync generate\`
  --label NAME                   name of this capsync variant in the results (default capsync, or capsync+ARGS)
  --write                        rewrite the sets section of BENCHMARKS.md from bench/results/sets/
  --missing-only                 run only recordings with no result for this engine (or one for an older version of the case)
  --write-only                   no runs: pool the cached results into bench/results/sets/ and rewrite BENCHMARKS.md
  --timeout MIN                  kill a run after MIN minutes (default 30)
  --verbose                      echo the engines' stderr`);
  process.exit(0);
}
const set = args.set as SetName;
if (!SETS.includes(set)) throw new Error(`unknown set ${set}; expected ${SETS.join(', ')}`);
const capsyncExtra = args['capsync-args']!.trim() ? args['capsync-args']!.trim().split(/\s+/) : [];
const capsyncLabel = args.label ?? (capsyncExtra.length ? `capsync+${capsyncExtra.join('')}`.replace(/[^A-Za-z0-9+=._-]/g, '') : 'capsync');
const repeat = Math.max(1, Number(args.repeat));
const engineNames = args.engines!.split(',').map((e) => e.trim()).filter(Boolean);
for (const e of engineNames) if (e !== 'capsync' && e !== 'echogarden') throw new Error(`unknown engine ${e}`);
const SPECS: Record<string, EngineSpec> = {
  capsync: capsyncEngine({ root: ROOT, cli: resolve(ROOT, args.capsync!), extraArgs: capsyncExtra }),
  echogarden: echogardenEngine(BENCH),
};
const labelOf = (engine: string) => (engine === 'capsync' ? capsyncLabel : engine);
const setDir = join(resolve(args['sets-dir']!), set);
const outRoot = join(resolve(args['out-dir']!), set);
const command = ['npx tsx bench/sets.ts', ...process.argv.slice(2)].join(' ');

// ---------------------------------------------------------------------------------------------
// Cases

function listCases(): string[] {
  if (!existsSync(setDir)) return [];
  const all = readdirSync(setDir).filter((c) => existsSync(join(setDir, c, 'truth.json'))).sort();
  if (!args.cases) return all;
  const want = args.cases.split(',').map((c) => c.trim());
  for (const w of want) if (!all.includes(w)) throw new Error(`no recording ${w} in ${setDir}`);
  return want;
}

function loadCase(name: string): CaseFiles {
  const dir = join(setDir, name);
  const truth = readJson(join(dir, 'truth.json')) as CaseTruth;
  const media = join(dir, truth.media ?? 'audio.wav');
  for (const f of [media, join(dir, 'audio.wav'), join(dir, 'transcript.txt')]) if (!existsSync(f)) throw new Error(`${f} missing: regenerate the set`);
  const transcript = join(dir, 'transcript.txt');
  const stripped = stripLabels(readFileSync(transcript, 'utf8')).split(/\s+/).filter(Boolean).length;
  if (stripped !== truth.transcriptTokens.length) console.warn(`  ! ${name}: label stripping leaves ${stripped} tokens, truth has ${truth.transcriptTokens.length}`);
  const hash = createHash('sha1').update(readFileSync(join(dir, 'truth.json'))).digest('hex').slice(0, 16);
  const language = (truth.conditions as { language?: string } | undefined)?.language ?? 'en';
  return { name, hash, media, wav: join(dir, 'audio.wav'), transcript, truth, language };
}

// ---------------------------------------------------------------------------------------------
// One engine on one recording

interface CaseResult {
  case: string;
  caseHash: string;
  engine: string;
  label: string;
  minutes: number;
  conditions: string;
  profile: string;
  date: string;
  loadBefore: number;
  /** Why the run produced no output (non-zero exit, timeout); the words then count as unplaced. */
  error: string | null;
  exitCode: number | null;
  wallSeconds: number;
  peakMB: number;
  metrics: RecordingMetrics;
  engineCommand: string[];
  /** The bench command that produced this result. */
  benchCommand: string;
}

/** The cache copy also keeps every start error (ms; -1 = unplaced) and confidence point, for the pooled figures. */
interface CachedResult extends CaseResult {
  errorsMs: number[];
  confidence: [number, 0 | 1][];
  /** Errors of the words whose truth is a reference aligner's (real speech), ms; -1 = unplaced. */
  referenceErrorsMs?: number[];
}

function summarizeConditions(t: CaseTruth): { text: string; profile: string } {
  const c = (t.conditions ?? {}) as Record<string, any>;
  if (!t.conditions) return { text: '', profile: 'fixed' };
  const lead = (parts: { kind: string; seconds: number }[]) => parts.map((p) => `${p.kind} ${Math.round(p.seconds)}s`).join('+') || '–';
  const tr = c.transcript as { kind: string; fraction?: number };
  const bits = [
    `${c.speakers} spk, ${c.opening} first`,
    `in ${lead(c.leadIn ?? [])}`,
    `out ${lead(c.leadOut ?? [])}`,
    c.noise ? `${c.noise.kind} ${c.noise.snrDb} dB` : 'no noise',
    c.reverb ? `reverb ${c.reverb.reverberance}%` : '',
    `${c.codec.kind}${c.codec.kbps ? ` ${c.codec.kbps}k` : ''}`,
    `text ${tr.kind}${tr.fraction ? ` ${tr.fraction}` : ''}`,
    c.telephoneQuestions?.length ? 'phone Q' : '',
    // The clips actually heard (a drawn clip whose question never came is not).
    t.referenceTruth ? `real ${Object.keys(t.referenceTruth).map((v) => v.replace(/^real:/, '')).join('+')}` : '',
    c.language ? `lang ${c.language}` : '',
  ];
  // "clean" means one voice, no noise, no reverb (scenario.ts); the French set's fr-01 is clean but has three voices.
  const profile = c.profile === 'clean' && c.speakers !== 1 ? 'quiet' : (c.profile ?? 'random');
  return { text: bits.filter(Boolean).join('; '), profile };
}

async function runOne(engine: string, c: CaseFiles): Promise<CachedResult> {
  const spec = SPECS[engine];
  const why = spec.unavailable();
  if (why) throw new Error(`${engine}: ${why}`);
  const dir = join(outRoot, labelOf(engine), c.name);
  const outDir = join(dir, 'out');
  const cmd = spec.command(c, outDir);
  const rep = await runRepeated(repeat, () => cmd, {
    cwd: ROOT,
    timeoutSeconds: Number(args.timeout) * 60,
    passStderr: args.verbose,
    prepare: () => {
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
    },
  });
  const last = rep.runs[rep.runs.length - 1];
  const tokens = c.truth.transcriptTokens;
  let placements: TokenPlacement[] = tokens.map(() => ({ status: 'null', start: null, end: null }));
  let cues = null;
  let error: string | null = null;
  if (!rep.ok) {
    const tail = last.stderr.trim().split('\n').slice(-2).join(' | ');
    error = last.timedOut ? `timed out after ${args.timeout} min` : `exit ${last.exitCode ?? last.signal}: ${tail}`;
  } else {
    try {
      const out = spec.read(c, outDir, tokens.length, last.stdout);
      placements = out.mapping === 'index' ? mapByIndex(out.words, tokens) : mapByText(out.words, tokens);
      cues = out.cues;
      // Echogarden's VTT carries YouTube's "Kind: captions" header line, which the W3C parser flags but reads past.
      const vttErrors = out.vttErrors.filter((e) => e !== 'no VTT written' && !/No blank line after the signature/.test(e));
      if (vttErrors.length) console.warn(`  ! ${engine} VTT errors: ${vttErrors.slice(0, 3).join('; ')}`);
    } catch (e) {
      error = `output unreadable: ${(e as Error).message}`;
    }
  }
  const { metrics: raw, errors, confidence } = recordingMetrics(c.truth, placements, cues);
  // JSON has no Infinity: unplaced words keep a large sentinel that the tables print as ∞.
  const finite = (x: number) => (Number.isFinite(x) ? x : Number.isNaN(x) ? x : 1e9);
  const metrics = { ...raw, startMedian: finite(raw.startMedian), startP90: finite(raw.startP90), startMax: finite(raw.startMax) };
  const refVoices = new Set(Object.keys(c.truth.referenceTruth ?? {}));
  const refIdx = new Set(c.truth.words.filter((w) => w.transcriptIndex != null && refVoices.has(w.voice)).map((w) => w.transcriptIndex!));
  const spokenIdx = tokens.map((t, i) => (t.start != null ? i : -1)).filter((i) => i >= 0);
  const ms = (e: number) => (Number.isFinite(e) ? Math.round(e * 1000) : -1);
  const cond = summarizeConditions(c.truth);
  return {
    case: c.name,
    caseHash: c.hash,
    engine,
    label: labelOf(engine),
    minutes: Math.round((c.truth.duration / 60) * 10) / 10,
    conditions: cond.text,
    profile: cond.profile,
    date: new Date().toISOString(),
    loadBefore: Math.round(loadavg()[0] * 100) / 100,
    error,
    exitCode: last.exitCode,
    wallSeconds: rep.ok ? rep.wallSeconds : last.wallSeconds,
    peakMB: rep.ok ? rep.peakMB : last.peakMB,
    metrics,
    engineCommand: cmd.map((a) => (a.startsWith(ROOT + '/') ? relative(ROOT, a) : a)),
    benchCommand: command,
    errorsMs: errors.map(ms),
    confidence: confidence.map((p) => [Math.round(p.confidence * 1000) / 1000, p.wrong ? 1 : 0]),
    referenceErrorsMs: spokenIdx.map((i, k) => (refIdx.has(i) ? errors[k] : NaN)).filter((e) => !Number.isNaN(e)).map(ms),
  };
}

// ---------------------------------------------------------------------------------------------
// Aggregates

interface SetSummary {
  set: SetName;
  label: string;
  engine: string;
  command: string;
  machine: string;
  date: string;
  recordings: CaseResult[];
  /** Cases of the set with no result for this label (or a result for another version of the case). */
  missing: string[];
  aggregates: Aggregates;
}

interface Aggregates {
  recordings: number;
  collapsed: number;
  words: { n: number; median: number; p90: number; within100: number; within500: number; placed: number };
  cleanSingleVoice: { recordings: number; n: number; within100: number } | null;
  hardestRooms: { recordings: number; n: number; p90: number; median: number } | null;
  confidence: { placed: number; wrong: number; auc: number | null; wrongBelowHalf: number | null };
  unspoken: { paragraphs: number; tokens: number; nullShare: number | null };
  captionOverNonSpeech: number;
  captionOverUntranscribed: number;
  cuesOutsideSpan: number;
  referenceWords: { n: number; within100: number | null; within500: number | null };
  long: { case: string; minutes: number; wallSeconds: number; peakMB: number }[];
  worst: string | null;
}

const fromMs = (x: number) => (x < 0 ? Infinity : x / 1000);
/** pooled() with JSON-safe quantiles (∞ → 1e9). */
function pooledSafe(errors: number[]) {
  const p = pooled(errors);
  const f = (x: number) => (Number.isFinite(x) || Number.isNaN(x) ? x : 1e9);
  return { ...p, median: f(p.median), p90: f(p.p90) };
}

/** Worst first: the lowest share within 0.5 s, then the larger p90. */
function byWorst(a: CaseResult, b: CaseResult): number {
  return a.metrics.within500 - b.metrics.within500 || b.metrics.startP90 - a.metrics.startP90 || a.case.localeCompare(b.case);
}

function aggregate(results: CachedResult[], truths: Map<string, CaseTruth>): Aggregates {
  const all = results.flatMap((r) => r.errorsMs.map(fromMs));
  const p = pooledSafe(all);
  const clean = results.filter((r) => r.profile === 'clean');
  const hard = results.filter((r) => r.profile === 'hard');
  const conf: ConfidencePoint[] = results.flatMap((r) => r.confidence.map(([c, w]) => ({ confidence: c, wrong: w === 1 })));
  const wrong = conf.filter((c) => c.wrong);
  const unspokenTokens = results.reduce((n, r) => n + r.metrics.unspokenTokens, 0);
  const ref = results.flatMap((r) => (r.referenceErrorsMs ?? []).map(fromMs));
  const sorted = [...results].sort(byWorst);
  const paragraphs = results.reduce((n, r) => n + (truths.get(r.case)?.unspokenParagraphs.length ?? 0), 0);
  return {
    recordings: results.length,
    collapsed: results.filter((r) => r.metrics.collapsed).length,
    words: {
      ...p,
      within500: all.length ? all.filter((e) => e <= COLLAPSE_SECONDS).length / all.length : NaN,
      placed: results.reduce((n, r) => n + r.metrics.placedSpoken, 0),
    },
    cleanSingleVoice: clean.length ? { recordings: clean.length, ...pick(pooledSafe(clean.flatMap((r) => r.errorsMs.map(fromMs))), ['n', 'within100']) } : null,
    hardestRooms: hard.length ? { recordings: hard.length, ...pick(pooledSafe(hard.flatMap((r) => r.errorsMs.map(fromMs))), ['n', 'p90', 'median']) } : null,
    confidence: {
      placed: conf.length,
      wrong: wrong.length,
      auc: conf.length ? confidenceAuc(conf) : null,
      wrongBelowHalf: wrong.length ? wrong.filter((c) => c.confidence < CONFIDENT).length / wrong.length : null,
    },
    unspoken: { paragraphs, tokens: unspokenTokens, nullShare: unspokenTokens ? results.reduce((n, r) => n + r.metrics.unspokenNull, 0) / unspokenTokens : null },
    captionOverNonSpeech: results.reduce((n, r) => n + r.metrics.captionOverNonSpeech, 0),
    captionOverUntranscribed: results.reduce((n, r) => n + r.metrics.captionOverUntranscribed, 0),
    cuesOutsideSpan: results.reduce((n, r) => n + r.metrics.cuesOutsideSpan, 0),
    referenceWords: {
      n: ref.length,
      within100: ref.length ? ref.filter((e) => e <= 0.1).length / ref.length : null,
      within500: ref.length ? ref.filter((e) => e <= 0.5).length / ref.length : null,
    },
    long: results.filter((r) => r.minutes >= 40).sort((a, b) => a.minutes - b.minutes).map((r) => ({ case: r.case, minutes: r.minutes, wallSeconds: r.wallSeconds, peakMB: r.peakMB })),
    worst: sorted[0]?.case ?? null,
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  return `${availableParallelism()} cores (nproc), ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

/** Pools every recording of the set that has a cached result for this label and the current case version. */
function summarize(label: string, engine: string, cases: string[]): SetSummary {
  const results: CachedResult[] = [];
  const missing: string[] = [];
  const truths = new Map<string, CaseTruth>();
  for (const name of cases) {
    const f = join(outRoot, label, name, 'result.json');
    let c: CaseFiles;
    try {
      c = loadCase(name);
    } catch {
      // Being (re)generated right now: not part of this summary.
      missing.push(name);
      continue;
    }
    truths.set(name, c.truth);
    if (!existsSync(f)) {
      missing.push(name);
      continue;
    }
    const r = readJson(f) as CachedResult;
    if (r.caseHash !== c.hash) missing.push(name);
    else {
      // Describe the case as this version of the bench does (the cache may be older).
      const cond = summarizeConditions(c.truth);
      results.push({ ...r, conditions: cond.text, profile: cond.profile });
    }
  }
  results.sort(byWorst);
  return {
    set,
    label,
    engine,
    command,
    machine: machine(),
    date: new Date().toISOString(),
    recordings: results.map(({ errorsMs: _e, confidence: _c, referenceErrorsMs: _r, ...rest }) => rest),
    missing,
    aggregates: aggregate(results, truths),
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

const msf = (s: number | null | undefined) => (s == null || Number.isNaN(s) ? '–' : !Number.isFinite(s) || s >= 1e8 ? '∞' : String(Math.round(s * 1000)));
const pct = (x: number | null | undefined, d = 1) => (x == null || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(d)}%`);
const sec = (x: number) => (x < 0.05 ? '0' : x.toFixed(1));

function recordingRow(r: CaseResult): string[] {
  const m = r.metrics;
  return [
    r.case + (r.profile === 'clean' || r.profile === 'hard' ? ` (${r.profile})` : ''),
    r.minutes.toFixed(1),
    `${m.placedSpoken}/${m.spokenTokens}${m.placedUnspoken ? ` +${m.placedUnspoken}` : ''}`,
    `${msf(m.startMedian)} / ${msf(m.startP90)} / ${msf(m.startMax)}`,
    pct(m.within100, 0),
    pct(m.within500, 0),
    m.collapsed ? '**yes**' : 'no',
    sec(m.captionOverNonSpeech),
    sec(m.captionOverUntranscribed),
    m.cuesOutsideSpan ? `${m.cuesOutsideSpan} (${sec(m.captionSecondsOutsideSpan)} s)` : '0',
    m.wrongWords ? `${m.wrongWords}: ${m.wrongMeanConfidence == null ? '–' : m.wrongMeanConfidence.toFixed(2)} / ${pct(m.wrongConfident, 0)}` : '0',
    Number.isFinite(r.wallSeconds) ? r.wallSeconds.toFixed(1) : '–',
    Number.isFinite(r.peakMB) ? String(Math.round(r.peakMB)) : '–',
    (r.error ? `⚠ ${r.error.slice(0, 80)}; ` : '') + r.conditions,
  ];
}

const RECORDING_HEADER = [
  'recording', 'min', 'placed', 'start err. median / p90 / max (ms)', '≤100 ms', '≤0.5 s', 'collapsed',
  'caption s over non-speech', 'caption s over untranscribed speech', 'cues outside span', 'wrong words: mean conf. / ≥0.5',
  'wall s', 'peak MB', 'conditions',
];

/** A Markdown table: the first column (and a trailing text column) left-aligned, figures right-aligned. */
function md(header: string[], rows: string[][], textLast = false): string {
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 || (textLast && i === header.length - 1) ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function aggregateRows(sums: SetSummary[]): string[][] {
  const col = (f: (a: Aggregates, s: SetSummary) => string) => sums.map((s) => f(s.aggregates, s));
  return [
    ['recordings (collapsed)', ...col((a) => `${a.recordings} (**${a.collapsed}** collapsed)`)],
    ['spoken words placed', ...col((a) => `${a.words.placed} of ${a.words.n} (${pct(a.words.placed / a.words.n)})`)],
    ['all words: start error median / p90 (ms)', ...col((a) => `${msf(a.words.median)} / ${msf(a.words.p90)}`)],
    ['all words: within 100 ms / 0.5 s', ...col((a) => `${pct(a.words.within100)} / ${pct(a.words.within500)}`)],
    ['clean single-voice recordings: within 100 ms', ...col((a) => (a.cleanSingleVoice ? `${pct(a.cleanSingleVoice.within100)} (${a.cleanSingleVoice.recordings} rec., ${a.cleanSingleVoice.n} words)` : '–'))],
    ['hardest rooms (strong reverb, 10–12 dB SNR): p90 (ms)', ...col((a) => (a.hardestRooms ? `${msf(a.hardestRooms.p90)} (median ${msf(a.hardestRooms.median)}; ${a.hardestRooms.recordings} rec.)` : '–'))],
    [`confidence AUC (wrong = > ${WRONG_SECONDS * 1000} ms off or unspoken)`, ...col((a) => (a.confidence.auc == null || Number.isNaN(a.confidence.auc) ? 'no confidence given' : a.confidence.auc.toFixed(3)))],
    [`wrong placed words scoring < ${CONFIDENT}`, ...col((a) => (a.confidence.wrongBelowHalf == null ? '–' : `${pct(a.confidence.wrongBelowHalf)} of ${a.confidence.wrong}`))],
    ['unspoken paragraphs: tokens left null', ...col((a) => (a.unspoken.tokens ? `${pct(a.unspoken.nullShare)} of ${a.unspoken.tokens} (${a.unspoken.paragraphs} par.)` : '–'))],
    ['caption s over non-speech / untranscribed speech', ...col((a) => `${a.captionOverNonSpeech.toFixed(0)} / ${a.captionOverUntranscribed.toFixed(0)}`)],
    ['cues outside the transcript span', ...col((a) => String(a.cuesOutsideSpan))],
    ['real-speech words (reference-aligner truth): within 100 ms / 0.5 s', ...col((a) => (a.referenceWords.n ? `${pct(a.referenceWords.within100)} / ${pct(a.referenceWords.within500)} of ${a.referenceWords.n}` : '–'))],
    ...[0, 1, 2].map((k) => [
      `long recording ${k + 1}: wall s / peak MB`,
      ...col((a) => (a.long[k] ? `${a.long[k].case} (${a.long[k].minutes} min): ${a.long[k].wallSeconds.toFixed(1)} / ${Math.round(a.long[k].peakMB)}` : '–')),
    ]),
  ];
}

function loadSummaries(): SetSummary[] {
  if (!existsSync(RESULTS)) return [];
  return readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson(join(RESULTS, f)) as SetSummary);
}

function setSection(which: SetName, sums: SetSummary[], title: string, intro: string[]): string[] {
  const mine = sums.filter((s) => s.set === which).sort((a, b) => (a.engine === b.engine ? a.label.localeCompare(b.label) : a.engine === 'capsync' ? -1 : 1));
  if (!mine.length) return [];
  const lines = [`### ${title}`, '', ...intro];
  lines.push(md(['', ...mine.map((s) => (s.engine === 'echogarden' ? 'Echogarden 2.10.2' : s.label))], aggregateRows(mine)), '');
  for (const s of mine) {
    lines.push(
      `#### ${which === 'tuning' ? 'Tuning set' : which === 'french' ? 'French set' : which === 'fresh' ? 'Second held-out set' : 'Held-out set'}, per recording (worst first): ${s.engine === 'echogarden' ? 'Echogarden 2.10.2' : s.label}`,
      '',
      `Measured with ${[...new Set(s.recordings.map((r) => r.benchCommand ?? s.command))].map((c) => `\`${c}\``).join(', ')} ` +
        `(${[...new Set(s.recordings.map((r) => r.date.slice(0, 10)))].join(', ')}; load average before the runs ${Math.min(...s.recordings.map((r) => r.loadBefore))}–${Math.max(...s.recordings.map((r) => r.loadBefore))}) on ${s.machine}.` +
        `${s.missing.length ? ` **Not measured: ${s.missing.join(', ')}.**` : ''}`,
      '',
      md(RECORDING_HEADER, s.recordings.map(recordingRow), true),
      '',
    );
  }
  return lines;
}

function worstLine(s: SetSummary | undefined): string {
  if (!s || !s.recordings.length) return '';
  const w = s.recordings[0];
  const m = w.metrics;
  return (
    `**Worst held-out recording for ${s.engine === 'echogarden' ? 'Echogarden 2.10.2' : s.label}: \`${w.case}\`** (${w.minutes} min; ${w.conditions}): ` +
    `${m.placedSpoken} of ${m.spokenTokens} spoken words placed, ${pct(m.within500)} within 0.5 s` +
    `${m.collapsed ? ' — **collapsed**' : ''}; start error median ${msf(m.startMedian)} ms, p90 ${msf(m.startP90)} ms, max ${msf(m.startMax)} ms` +
    `${w.error ? `; ${w.error}` : ''}.`
  );
}

function writeBenchmarks(): void {
  const sums = loadSummaries();
  const held = sums.filter((s) => s.set === 'heldout');
  const lines = [
    START,
    '## Held-out benchmark: randomized press conferences (read this first)',
    '',
    'Every recording below is a press conference generated with exact word truth, its conditions drawn at random from a seed ' +
      '(bench/corpus/scenario.ts): lead-ins of 0 s to 10 min (silence, room tone, music, applause, chatter that is in no transcript), ' +
      '1–14 speakers in any order, 12 festival/flite voices with pitch and rate variants (never eSpeak), room tone, mains hum or babble at 10–35 dB SNR, ' +
      'reverberation, level jumps, AAC/MP3/Opus, a telephone-band question, real speech clips, and full, partial, "as prepared" or questions-left-out transcripts. ' +
      'The **tuning** set may be tuned on; targets are reported on the **held-out** set only, which has a voice (festival `us3_mbrola`) and two conditions ' +
      '(a telephone-band question, the Opus codec) the tuning set never has. A recording **collapses** when fewer than ' +
      `${COLLAPSE_SHARE * 100}% of its spoken transcript words are placed within ${COLLAPSE_SECONDS} s of the truth.`,
    '',
    'Regenerate both sets and rerun (fresh machine: `bash bench/setup.sh && npm ci` first):',
    '',
    '```sh',
    'nice -n 10 npx tsx bench/corpus/make.ts --sets tuning,heldout     # both sets into bench/.cache/sets/ (cached: a rerun only checks)',
    'npx tsx bench/sets.ts --set heldout --engines capsync,echogarden --write',
    'npx tsx bench/sets.ts --set tuning --engines capsync,echogarden --write',
    '```',
    '',
    ...held.sort((a, b) => (a.engine === 'capsync' ? -1 : 1) - (b.engine === 'capsync' ? -1 : 1)).map((s) => worstLine(s) + '\n'),
    `Columns: *placed* = spoken transcript words given times (+ never-spoken words placed anyway); start errors over spoken words, unplaced words counting as ∞; ` +
      `*caption s over non-speech* = caption time over music, applause, room tone and silences ≥ 3 s, each span less 1 s at either edge; ` +
      `*over untranscribed speech* = over chatter, left-out questions, missing sentences and a partial text's tail, less 0.3 s at either edge; ` +
      `*cues outside span* = cues reaching more than 1 s before the first or after the last spoken transcript word; ` +
      `*wrong words* = placed words > ${WRONG_SECONDS * 1000} ms off (or never spoken), their mean confidence and the share scoring ≥ ${CONFIDENT}. ` +
      'Wall time and peak memory are whole-process figures (node start-up and decoding included) on a shared 2-core machine; the load average before each run is in the JSON. ' +
      'Words of real-speech clips are scored against a reference aligner (pocketsphinx), not exact truth (bench/corpus/README.md).',
    '',
    ...setSection('heldout', sums, 'Held-out set', [
      'Aggregates over the whole set (figures per recording below).',
      '',
    ]),
    ...setSection('fresh', sums, 'Second held-out set (`fresh`)', [
      'Drawn like the held-out set from its own seed and added when the held-out set had been run many times and two of its recordings diagnosed ' +
        '(bench/corpus/scenario.ts). Nothing is diagnosed on it: it is run once per engine change and reported as it comes.',
      '',
    ]),
    ...setSection('tuning', sums, 'Tuning set (for tuning only: do not report targets on it)', ['', '']),
    ...setSection('french', sums, 'French set (`--language fr`)', [
      'French speech by MBROLA diphone voices (bench/corpus/french.ts); see bench/corpus/README.md for how its truth is made and its caveats.',
      '',
    ]),
    END,
  ];
  let text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n\n';
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) text = text.slice(0, a) + lines.join('\n') + text.slice(b + END.length);
  else text = text.replace(/^# Benchmarks\n+/, `# Benchmarks\n\n${lines.join('\n')}\n\n`);
  const tmp = `${BENCHMARKS_MD}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, BENCHMARKS_MD);
  console.log(`updated ${relative(ROOT, BENCHMARKS_MD)} (sets section)`);
}

// ---------------------------------------------------------------------------------------------
// Main

function printTable(s: SetSummary): void {
  const rows = s.recordings.map(recordingRow);
  const header = RECORDING_HEADER.slice(0, -1);
  const all = [header, ...rows.map((r) => r.slice(0, -1))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  console.log(all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n'));
}

async function main(): Promise<void> {
  const cases = listCases();
  if (!cases.length && !args['write-only']) {
    console.error(`no recordings in ${setDir}: generate them first (npx tsx bench/corpus/make.ts --sets ${set === 'french' ? 'french' : set === 'fresh' ? 'fresh' : 'tuning,heldout'})`);
    process.exit(1);
  }
  if (!args['write-only']) {
    console.log(`capsync randomized benchmark — set ${set}, ${cases.length} recordings, engines ${engineNames.map(labelOf).join(', ')} — ${machine()}`);
    for (const name of cases) {
      const c = loadCase(name);
      for (const e of engineNames) {
        if (args['missing-only']) {
          const f = join(outRoot, labelOf(e), name, 'result.json');
          if (existsSync(f) && (readJson(f) as CaseResult).caseHash === c.hash) continue;
        }
        process.stdout.write(`${name} (${(c.truth.duration / 60).toFixed(1)} min) ${labelOf(e)}… `);
        const r = await runOne(e, c);
        const dir = join(outRoot, labelOf(e), name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'result.json'), JSON.stringify(r) + '\n');
        const m = r.metrics;
        console.log(
          `${r.error ? `FAILED (${r.error.slice(0, 100)}) ` : ''}${m.placedSpoken}/${m.spokenTokens} placed, median ${msf(m.startMedian)} ms, p90 ${msf(m.startP90)} ms, ` +
            `${pct(m.within500)} ≤0.5 s${m.collapsed ? ' COLLAPSED' : ''}; ${r.wallSeconds.toFixed(1)} s, ${Math.round(r.peakMB)} MB`,
        );
      }
    }
  }
  {
    // Pool every cached result of the set (this run's and earlier ones) per engine.
    mkdirSync(RESULTS, { recursive: true });
    for (const e of engineNames) {
      const s = summarize(labelOf(e), e, listCasesAll());
      writeFileSync(join(RESULTS, `${set}-${labelOf(e)}.json`), JSON.stringify(s, null, 1) + '\n');
      console.log(`\n=== ${set}: ${labelOf(e)} — worst first${s.missing.length ? ` (not measured: ${s.missing.join(', ')})` : ''}`);
      printTable(s);
      const a = s.aggregates;
      console.log(
        `\n${a.recordings} recordings, ${a.collapsed} collapsed; all words: median ${msf(a.words.median)} ms, p90 ${msf(a.words.p90)} ms, ${pct(a.words.within100)} ≤100 ms; ` +
          `clean ≤100 ms ${pct(a.cleanSingleVoice?.within100)}; hardest rooms p90 ${msf(a.hardestRooms?.p90)} ms; AUC ${a.confidence.auc?.toFixed(3) ?? '–'}; worst ${a.worst}`,
      );
    }
  }
  if (args.write || args['write-only']) writeBenchmarks();
}

/** Every recording of the set on disk (the summary pools all of them, not only this run's). */
function listCasesAll(): string[] {
  return existsSync(setDir) ? readdirSync(setDir).filter((c) => existsSync(join(setDir, c, 'truth.json'))).sort() : [];
}

await main();
