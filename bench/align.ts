/**
 * Alignment benchmark: capsync vs Echogarden 2.10.2 (engine `dtw`) on the generated cases in
 * bench/.cache/cases/<case>/ (audio.wav, transcript.txt, truth.json).
 *
 *   npx tsx bench/align.ts [--cases a,b] [--engines capsync,echogarden] [--repeat N] [--write]
 *
 * Prints a table per case and PASS/FAIL per issue target, keeps raw per-run JSON in
 * bench/results/, and with --write rewrites the align section of BENCHMARKS.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { cpus, totalmem, availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type CaseTruth,
  type Drift,
  type ErrorStats,
  type RobustnessMetrics,
  type TokenPlacement,
  drift,
  mapByIndex,
  mapByText,
  robustnessMetrics,
  wordErrors,
  COVERAGE_GRACE_SECONDS,
} from './lib/metrics.js';
import { type CaseFiles, type EngineOutput, type EngineSpec, capsyncEngine, echogardenEngine, readJson } from './lib/engines.js';
import { type RunResult, runRepeated } from './lib/run.js';
import { stripLabels } from './echogarden/align.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const RESULTS = join(BENCH, 'results');
const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');
const START = '<!-- align:start -->';
const END = '<!-- align:end -->';

/** The corpus's cases, in the order they are reported. Only these go into BENCHMARKS.md. */
const CASE_ORDER = ['clean-2min', 'clean-10min', 'voices-10min', 'partial-35', 'as-prepared', 'noisy-10min', 'long-60min', 'long-90min'];
const ENGINES = ['capsync', 'echogarden'] as const;
type Engine = (typeof ENGINES)[number];

/** A caption may brush an untranscribed span by this much (cue end padding) before it counts as "over" it. */
const UNTRANSCRIBED_TOLERANCE_SECONDS = 0.3;
/** "No drift": the last window's median error may exceed the first's by at most this (noise). */
const DRIFT_TOLERANCE_SECONDS = 0.005;

// ---------------------------------------------------------------------------------------------
// Arguments

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string' },
    engines: { type: 'string', default: ENGINES.join(',') },
    repeat: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
    'cases-dir': { type: 'string', default: join(BENCH, '.cache', 'cases') },
    'out-dir': { type: 'string', default: join(BENCH, '.cache', 'align-out') },
    timeout: { type: 'string', default: '60' },
    verbose: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    capsync: { type: 'string', default: 'dist/bin/capsync.js' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npx tsx bench/align.ts [--cases a,b] [--engines capsync,echogarden] [--repeat N] [--write]
  --cases-dir DIR   where the cases are (default bench/.cache/cases)
  --out-dir DIR     engine outputs (default bench/.cache/align-out)
  --timeout MIN     kill a run after MIN minutes (default 60)
  --verbose         echo the engines' stderr
  --capsync PATH    capsync's built CLI (default dist/bin/capsync.js)
  --offline         run each engine in a network namespace with no network (unshare -n, needs root)`);
  process.exit(0);
}
const casesDir = resolve(args['cases-dir']!);
const outDir = resolve(args['out-dir']!);
const repeat = Math.max(1, Number(args.repeat));
const engines = args.engines!.split(',').map((e) => e.trim()).filter(Boolean) as Engine[];
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}; expected ${ENGINES.join(', ')}`);
const capsyncCli = resolve(ROOT, args.capsync!);
const command = ['npx tsx bench/align.ts', ...process.argv.slice(2)].join(' ');

function listCases(): string[] {
  if (args.cases) return args.cases.split(',').map((c) => c.trim()).filter(Boolean);
  if (!existsSync(casesDir)) return [];
  const found = readdirSync(casesDir).filter((c) => existsSync(join(casesDir, c, 'truth.json')));
  const rank = (c: string) => (CASE_ORDER.includes(c) ? CASE_ORDER.indexOf(c) : CASE_ORDER.length);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// ---------------------------------------------------------------------------------------------
// Engines

const SPECS: Record<Engine, EngineSpec> = {
  capsync: capsyncEngine({ root: ROOT, cli: capsyncCli }),
  echogarden: echogardenEngine(BENCH),
};

// ---------------------------------------------------------------------------------------------
// Measuring one engine on one case

interface EngineResult {
  case: string;
  caseHash: string;
  duration: number;
  engine: Engine;
  date: string;
  command: string;
  error: string | null;
  wallSeconds: number;
  peakMB: number;
  /** The engine's command line, paths relative to the repository. */
  engineCommand: string[];
  /** Whether the engine ran with no network (--offline). */
  offline: boolean;
  /** 1-minute load average just before the runs: other work on the machine slows wall times. */
  loadBefore: number;
  runs: Pick<RunResult, 'exitCode' | 'wallSeconds' | 'peakMB' | 'peakProcessMB' | 'peakTreeMB' | 'timedOut'>[];
  mapping?: 'index' | 'text';
  spokenTokens?: number;
  start?: ErrorStats;
  end?: ErrorStats;
  robustness?: RobustnessMetrics;
  drift?: Drift | null;
  cues?: number;
  vttErrors?: string[];
  extra?: Record<string, unknown>;
}

function sanitizeStats(s: ErrorStats): ErrorStats {
  // JSON has no Infinity: keep it as a large sentinel the tables print as "∞".
  const fix = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : Number.isNaN(x) ? x : 1e9);
  return { ...s, median: fix(s.median), p90: fix(s.p90), mean: fix(s.mean), max: fix(s.max), within100: fix(s.within100) };
}

async function runEngine(engine: Engine, c: CaseFiles): Promise<EngineResult> {
  const spec = SPECS[engine];
  const base: EngineResult = {
    case: c.name,
    caseHash: c.hash,
    duration: c.truth.duration,
    engine,
    date: new Date().toISOString(),
    command,
    error: null,
    engineCommand: [],
    offline: args.offline!,
    loadBefore: Math.round(loadavg()[0] * 100) / 100,
    wallSeconds: NaN,
    peakMB: NaN,
    runs: [],
  };
  const why = spec.unavailable();
  if (why) return { ...base, error: why };
  const dir = join(outDir, c.name, engine);
  const cmd = spec.command(c, dir);
  base.engineCommand = cmd.map((a) => (a.startsWith(ROOT + '/') ? relative(ROOT, a) : a));
  const rep = await runRepeated(repeat, () => (args.offline ? ['unshare', '--net', '--', ...cmd] : cmd), {
    cwd: ROOT,
    timeoutSeconds: Number(args.timeout) * 60,
    passStderr: args.verbose,
    prepare: () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    },
  });
  base.runs = rep.runs.map((r) => ({
    exitCode: r.exitCode,
    wallSeconds: r.wallSeconds,
    peakMB: r.peakMB,
    peakProcessMB: r.peakProcessMB,
    peakTreeMB: r.peakTreeMB,
    timedOut: r.timedOut,
  }));
  base.wallSeconds = rep.wallSeconds;
  base.peakMB = rep.peakMB;
  if (!rep.ok) {
    const last = rep.runs[rep.runs.length - 1];
    const tail = last.stderr.trim().split('\n').slice(-3).join(' | ');
    return { ...base, error: last.timedOut ? `timed out after ${args.timeout} min` : `exit ${last.exitCode ?? last.signal}: ${tail}` };
  }
  let out: EngineOutput;
  try {
    out = spec.read(c, dir, c.truth.transcriptTokens.length, rep.runs[rep.runs.length - 1].stdout);
  } catch (err) {
    return { ...base, error: `output unreadable: ${(err as Error).message}` };
  }
  const tokens = c.truth.transcriptTokens;
  const placements: TokenPlacement[] = out.mapping === 'index' ? mapByIndex(out.words, tokens) : mapByText(out.words, tokens);
  const errs = wordErrors(tokens, placements);
  return {
    ...base,
    mapping: out.mapping,
    spokenTokens: tokens.filter((t) => t.start != null).length,
    start: sanitizeStats(errs.start),
    end: sanitizeStats(errs.end),
    robustness: robustnessMetrics(c.truth, placements, out.cues, out.report),
    drift: drift(tokens, placements),
    cues: out.cues?.length ?? 0,
    vttErrors: out.vttErrors.slice(0, 5),
    extra: out.extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets (issues 2 and 3)

interface Check {
  target: string;
  /** null: cannot be judged (engine failed or gives no such output). */
  pass: boolean | null;
  value: string;
}

const ms = (s: number | undefined) => (s == null || Number.isNaN(s) ? '–' : s >= 1e8 || !Number.isFinite(s) ? '∞' : `${Math.round(s * 1000)}`);
const pct = (x: number | undefined) => (x == null || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const secs = (x: number | undefined) => (x == null || Number.isNaN(x) ? '–' : `${x.toFixed(1)}`);

function checksFor(r: EngineResult): Check[] {
  const name = r.case;
  const ok = r.error == null && r.start != null;
  const c = (target: string, test: () => boolean, value: () => string): Check =>
    ok ? { target, pass: test(), value: value() } : { target, pass: null, value: 'did not run' };
  const st = r.start!;
  const rb = r.robustness;
  const out: Check[] = [];
  if (/clean/.test(name)) {
    out.push(
      c('start median ≤ 20 ms', () => st.median <= 0.02, () => `${ms(st.median)} ms`),
      c('start p90 ≤ 60 ms', () => st.p90 <= 0.06, () => `${ms(st.p90)} ms`),
      c('≥ 97% within 100 ms', () => st.within100 >= 0.97, () => pct(st.within100)),
      c('none > 300 ms', () => st.max <= 0.3, () => `max ${ms(st.max)} ms`),
    );
  }
  if (/60min/.test(name)) {
    out.push(
      { target: 'wall ≤ 45 s', pass: r.error ? null : r.wallSeconds <= 45, value: r.error ? 'did not run' : `${secs(r.wallSeconds)} s` },
      { target: 'peak ≤ 1 GB', pass: r.error ? null : r.peakMB <= 1000, value: r.error ? 'did not run' : `${Math.round(r.peakMB)} MB` },
    );
  }
  if (/partial/.test(name)) {
    out.push(
      c('covered p90 ≤ 100 ms', () => st.p90 <= 0.1, () => `${ms(st.p90)} ms`),
      c(`0 s captions after coverage (+${COVERAGE_GRACE_SECONDS} s grace)`, () => rb!.captionSecondsAfterCoverage === 0, () => `${rb!.captionSecondsAfterCoverage.toFixed(1)} s, ${rb!.wordsAfterCoverage} words`),
      c('≤ 2% covered speech uncaptioned', () => rb!.coveredSpeechUncaptioned <= 0.02, () => pct(rb!.coveredSpeechUncaptioned)),
    );
  }
  if (/as-prepared|prepared/.test(name)) {
    const paras = ok ? rb!.unspokenParagraphs : [];
    out.push(
      c('spoken p90 ≤ 150 ms', () => st.p90 <= 0.15, () => `${ms(st.p90)} ms`),
      c('unspoken paragraph reported', () => paras.length > 0 && paras.every((p) => p.reported === true), () =>
        paras.length ? paras.map((p) => (p.reported == null ? 'no report' : p.reported ? 'reported' : 'not reported')).join(', ') : 'no unspoken paragraph in truth'),
      c('unspoken paragraph words null', () => paras.length > 0 && paras.every((p) => p.nullShare >= 0.95), () => paras.map((p) => `${pct(p.nullShare)} null`).join(', ')),
      c(`no caption over missing sentence (≤ ${UNTRANSCRIBED_TOLERANCE_SECONDS} s)`, () => rb!.missingSentences.length > 0 && rb!.missingSentences.every((m) => m.captionSeconds <= UNTRANSCRIBED_TOLERANCE_SECONDS && m.words === 0), () =>
        rb!.missingSentences.length ? rb!.missingSentences.map((m) => `${m.captionSeconds.toFixed(2)} s captioned, ${m.words} words inside`).join('; ') : 'no missing sentence in truth'),
    );
  }
  if (/noisy/.test(name)) {
    out.push(
      c('p90 ≤ 100 ms', () => st.p90 <= 0.1, () => `${ms(st.p90)} ms`),
      c('no word in music/applause', () => rb!.wordsInMusicApplause === 0, () => `${rb!.wordsInMusicApplause} words, ${rb!.captionSecondsInMusicApplause.toFixed(1)} s captioned`),
    );
  }
  if (/90min/.test(name)) {
    const d = r.drift;
    out.push(
      c(`no drift (last 10 min median ≤ first + ${DRIFT_TOLERANCE_SECONDS * 1000} ms)`, () => d != null && d.lastMedian <= d.firstMedian + DRIFT_TOLERANCE_SECONDS, () =>
        d ? `first ${ms(d.firstMedian)} ms, last ${ms(d.lastMedian)} ms (p90 ${ms(d.firstP90)} → ${ms(d.lastP90)})` : 'too short'),
      { target: 'peak ≤ 1.5 GB', pass: r.error ? null : r.peakMB <= 1500, value: r.error ? 'did not run' : `${Math.round(r.peakMB)} MB` },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

type Row = [string, ...string[]];

function ratio(eg: number | undefined, cs: number | undefined): string {
  if (eg == null || cs == null || !Number.isFinite(eg) || !Number.isFinite(cs) || eg >= 1e8 || cs >= 1e8 || cs <= 0) return '–';
  return `${(eg / cs).toFixed(2)}×`;
}

function caseRows(results: Partial<Record<Engine, EngineResult>>): Row[] {
  const cs = results.capsync;
  const eg = results.echogarden;
  const val = (r: EngineResult | undefined, f: (r: EngineResult) => string) => (r == null ? '–' : f(r));
  const rows: Row[] = [];
  const stat = (label: string, pick: (r: EngineResult) => number | undefined, fmt: (x: number | undefined) => string, withRatio = true) =>
    rows.push([label, val(cs, (r) => fmt(pick(r))), val(eg, (r) => fmt(pick(r))), withRatio ? ratio(eg && pick(eg), cs && pick(cs)) : '']);
  for (const which of ['start', 'end'] as const) {
    stat(`${which} median (ms)`, (r) => r[which]?.median, ms);
    stat(`${which} p90 (ms)`, (r) => r[which]?.p90, ms);
    stat(`${which} ≤100 ms`, (r) => r[which]?.within100, pct, false);
    stat(`${which} max (ms)`, (r) => r[which]?.max, ms);
  }
  stat('unplaced spoken words', (r) => r.start?.unplaced, (x) => (x == null ? '–' : String(x)), false);
  stat('wall (s)', (r) => r.wallSeconds, secs);
  stat('peak memory (MB)', (r) => r.peakMB, (x) => (x == null || Number.isNaN(x) ? '–' : String(Math.round(x))));
  return rows;
}

function robustnessRows(caseName: string, results: Partial<Record<Engine, EngineResult>>): Row[] {
  const cs = results.capsync?.robustness;
  const eg = results.echogarden?.robustness;
  const rows: Row[] = [];
  const add = (label: string, f: (r: RobustnessMetrics) => string) => rows.push([label, cs ? f(cs) : '–', eg ? f(eg) : '–', '']);
  if (/partial|prepared|noisy/.test(caseName)) {
    add('caption s after coverage', (r) => r.captionSecondsAfterCoverage.toFixed(1));
    add('words after coverage', (r) => String(r.wordsAfterCoverage));
    add('covered speech uncaptioned', (r) => pct(r.coveredSpeechUncaptioned));
    add('words in music/applause', (r) => String(r.wordsInMusicApplause));
    add('caption s over music/applause', (r) => r.captionSecondsInMusicApplause.toFixed(1));
    add('words in untranscribed speech', (r) => String(r.wordsInUntranscribedSpeech));
    add('caption s over untranscribed speech', (r) => r.captionSecondsInUntranscribedSpeech.toFixed(2));
    if (/prepared/.test(caseName) && (cs ?? eg)?.missingSentences.length)
      add('missing sentence: caption s / words', (r) => r.missingSentences.map((m) => `${m.captionSeconds.toFixed(2)} / ${m.words}`).join('; '));
    if ((cs ?? eg)?.unspokenParagraphs.length)
      add('unspoken paragraphs null / reported', (r) => r.unspokenParagraphs.map((p) => `${pct(p.nullShare)} / ${p.reported == null ? 'no report' : p.reported ? 'yes' : 'no'}`).join('; '));
  }
  const dcs = results.capsync?.drift;
  const deg = results.echogarden?.drift;
  if (dcs || deg) {
    const f = (d: Drift | null | undefined) => (d ? `${ms(d.firstMedian)} → ${ms(d.lastMedian)}` : '–');
    rows.push(['median start error first → last 10 min (ms)', f(dcs), f(deg), '']);
  }
  return rows;
}

function textTable(header: Row, rows: Row[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : (cell ?? '').padStart(widths[i]))).join('  ')).join('\n');
}

function mdTable(header: Row, rows: Row[]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function checkRows(results: Partial<Record<Engine, EngineResult>>, which: readonly Engine[]): Row[] {
  const byEngine = which.map((e) => (results[e] ? checksFor(results[e]!) : []));
  const targets = [...new Set(byEngine.flat().map((c) => c.target))];
  const mark = (c: Check | undefined) => (c == null ? '–' : `${c.pass == null ? 'N/A' : c.pass ? 'PASS' : 'FAIL'} (${c.value})`);
  return targets.map((t) => [t, ...byEngine.map((cs) => mark(cs.find((c) => c.target === t)))] as Row);
}

// ---------------------------------------------------------------------------------------------
// BENCHMARKS.md

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  return `${availableParallelism()} cores (nproc), ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

function loadResults(): Map<string, Partial<Record<Engine, EngineResult>>> {
  const map = new Map<string, Partial<Record<Engine, EngineResult>>>();
  if (!existsSync(RESULTS)) return map;
  for (const f of readdirSync(RESULTS).filter((f) => /^align-.+\.json$/.test(f))) {
    const r = readJson(join(RESULTS, f)) as EngineResult;
    if (!CASE_ORDER.includes(r.case)) continue;
    map.set(r.case, { ...map.get(r.case), [r.engine]: r });
  }
  return map;
}

function alignSection(): string {
  const all = loadResults();
  const lines: string[] = [
    START,
    '## Alignment accuracy and speed: capsync vs Echogarden 2.10.2 (`dtw`)',
    '',
    `Generated by \`bench/align.ts\` (see bench/README.md). Section updated ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    'Errors are |engine − truth| per spoken transcript word, against the synthesizer\'s exact word times; words an engine leaves unplaced count as infinitely wrong. ' +
      'Ratio = Echogarden / capsync (above 1× means capsync is better). Wall time and peak memory cover the whole process tree (GNU time %M and /proc polling, the larger), audio decode included.',
    '',
  ];
  if (all.size === 0) lines.push('_No results yet._', '');
  for (const name of CASE_ORDER) {
    const res = all.get(name);
    if (!res) continue;
    const any = res.capsync ?? res.echogarden!;
    lines.push(`### ${name} (${(any.duration / 60).toFixed(1)} min)`, '');
    const cmds = [...new Set(ENGINES.map((e) => res[e]).filter((r): r is EngineResult => r != null).map((r) => `\`${r.command}\` (${r.engine}, ${r.date.slice(0, 10)}, load avg ${r.loadBefore}${r.offline ? ', no network' : ''})`))];
    lines.push(`Measured with ${cmds.join('; ')}; ${any.spokenTokens ?? '?'} spoken words, ${any.runs.length} run(s) each, medians.`, '');
    if (res.capsync && res.echogarden && res.capsync.caseHash !== res.echogarden.caseHash)
      lines.push('**Warning: the two engines were measured on different versions of this case; rerun both.**', '');
    for (const e of ENGINES) if (res[e]?.error) lines.push(`- ${e}: **did not run** — ${res[e]!.error}`);
    if (ENGINES.some((e) => res[e]?.error)) lines.push('');
    const header: Row = ['', 'capsync', 'Echogarden', 'ratio'];
    lines.push(mdTable(header, [...caseRows(res), ...robustnessRows(name, res)]), '');
    const present = ENGINES.filter((e) => res[e] != null);
    const checks = checkRows(res, present);
    if (checks.length) lines.push(mdTable(['issue target', ...present.map((e) => (e === 'echogarden' ? 'Echogarden' : e))] as Row, checks), '');
    const eg = res.echogarden?.extra as { passes?: { granularity: string; windowSeconds: number }[] } | undefined;
    if (eg?.passes?.length) lines.push(`Echogarden chose ${eg.passes.map((p) => `${p.granularity}/${p.windowSeconds} s`).join(' then ')} (granularity/DTW window) automatically.`, '');
  }
  lines.push(END);
  return lines.join('\n');
}

function writeBenchmarks(): void {
  const section = alignSection();
  let text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n\n';
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) text = text.slice(0, a) + section + text.slice(b + END.length);
  else text = text.replace(/\s*$/, '\n\n') + section + '\n';
  const tmp = `${BENCHMARKS_MD}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, BENCHMARKS_MD);
  console.log(`\nupdated ${relative(ROOT, BENCHMARKS_MD)} (align section)`);
}

// ---------------------------------------------------------------------------------------------
// Main

function loadCase(name: string): CaseFiles {
  const dir = join(casesDir, name);
  for (const f of ['audio.wav', 'transcript.txt', 'truth.json'])
    if (!existsSync(join(dir, f))) throw new Error(`case ${name}: ${join(dir, f)} missing (generate the corpus first, see bench/README.md)`);
  const truth = readJson(join(dir, 'truth.json')) as CaseTruth;
  const transcript = join(dir, 'transcript.txt');
  // Echogarden gets the transcript without label lines; warn if that rule disagrees with the truth's tokens.
  const stripped = stripLabels(readFileSync(transcript, 'utf8')).split(/\s+/).filter(Boolean).length;
  if (stripped !== truth.transcriptTokens.length)
    console.warn(`  ! ${name}: label stripping leaves ${stripped} tokens, truth has ${truth.transcriptTokens.length}`);
  // Hash of the truth, not of the corpus manifest: the generator re-stamps unchanged cases.
  const hash = createHash('sha1').update(readFileSync(join(dir, 'truth.json'))).digest('hex').slice(0, 16);
  return { name, hash, media: join(dir, 'audio.wav'), wav: join(dir, 'audio.wav'), transcript, truth };
}

async function main(): Promise<void> {
  const cases = listCases();
  if (cases.length === 0) {
    console.error(`no cases in ${casesDir}: generate the corpus first (see bench/README.md)`);
    process.exit(1);
  }
  console.log(`capsync alignment benchmark — ${machine()}`);
  console.log(`cases: ${cases.join(', ')}; engines: ${engines.join(', ')}; ${repeat} run(s) each\n`);
  for (const name of cases) {
    const c = loadCase(name);
    const spoken = c.truth.transcriptTokens.filter((t) => t.start != null).length;
    console.log(`=== ${name}: ${c.truth.duration.toFixed(1)} s, ${c.truth.transcriptTokens.length} transcript tokens (${spoken} spoken)`);
    const results: Partial<Record<Engine, EngineResult>> = {};
    for (const e of engines) {
      process.stdout.write(`  running ${e}…`);
      const r = await runEngine(e, c);
      results[e] = r;
      console.log(r.error ? ` failed: ${r.error}` : ` ${secs(r.wallSeconds)} s, ${Math.round(r.peakMB)} MB`);
      // Canonical cases are the committed record; others (dev cases) stay in the cache.
      const dir = CASE_ORDER.includes(name) ? RESULTS : join(outDir, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `align-${name}-${e}.json`), JSON.stringify(r, null, 1) + '\n');
      if (r.vttErrors?.length && r.vttErrors[0] !== 'no VTT written') console.warn(`  ! ${e} VTT errors: ${r.vttErrors.join('; ')}`);
    }
    const header: Row = ['', 'capsync', 'Echogarden', 'ratio EG/cs'];
    console.log(textTable(header, [...caseRows(results), ...robustnessRows(name, results)]));
    const checks = checkRows(results, engines);
    if (checks.length) {
      console.log('');
      console.log(textTable(['target', ...engines] as Row, checks));
    }
    console.log('');
  }
  if (args.write) writeBenchmarks();
}

await main();
