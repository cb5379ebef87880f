/**
 * Generates the benchmark recordings with exact word truth:
 *
 *   npx tsx bench/corpus/make.ts [--cases a,b] [--force] [--jobs 2] [--out bench/.cache]
 *
 * Each case goes to bench/.cache/cases/<case>/ as audio.wav (16 kHz mono s16),
 * transcript.txt (labelled nato.int style) and truth.json (see bench/lib/truth.ts).
 * Sentences are synthesized by festival or flite (never eSpeak, the aligner's own reference voice)
 * and cached by content; a case whose inputs and generator code are unchanged is skipped.
 * Needs festival, its voices and sox: run bench/corpus/setup.sh once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCase, type CaseSpec } from './build.js';
import { encodeMedia, mediaExists } from './codec.js';
import { FestivalSynth } from './festival.js';
import { frenchSet, frenchTuningSet } from './french.js';
import { loadClip } from './real.js';
import { drawSet, SET_NAMES, type FrenchSetName, type ScenarioSpec, type SetName } from './scenario.js';

const FRENCH_SETS: readonly FrenchSetName[] = ['french', 'french-tuning'];

/** A set's recordings: drawn at random (the English sets), or the French sets' fixed lists. */
function specsOf(set: SetName | FrenchSetName): ScenarioSpec[] {
  if (set === 'french') return frenchSet();
  if (set === 'french-tuning') return frenchTuningSet();
  return drawSet(set);
}
import { loadSeedParagraphs } from './textgen.js';
import { encodeWav } from './wav.js';
import { checkTruth } from '../lib/truth.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export const CASES: CaseSpec[] = [
  {
    name: 'clean-2min', seconds: 120, host: 'kal', moderator: 'kal', questioners: ['kal'],
    seedParagraphs: Infinity, statementParagraphs: 2, transcript: { kind: 'full' }, longSilence: 0,
  },
  {
    name: 'clean-10min', seconds: 600, host: 'kal', moderator: 'kal', questioners: ['kal'],
    seedParagraphs: Infinity, statementParagraphs: 4, transcript: { kind: 'full' }, longSilence: 0.05,
  },
  {
    name: 'voices-10min', seconds: 600, host: 'kal', moderator: 'slt', questioners: ['awb'],
    seedParagraphs: 12, statementParagraphs: 5, transcript: { kind: 'full' }, longSilence: 0.05,
  },
  {
    name: 'partial-35', seconds: 600, host: 'ked', moderator: 'slt', questioners: ['kal', 'rms'],
    seedParagraphs: Infinity, statementParagraphs: 4, transcript: { kind: 'partial', fraction: 0.35 }, longSilence: 0.05,
  },
  {
    name: 'as-prepared', seconds: 600, host: 'kal', moderator: 'slt', questioners: ['ked', 'awb'],
    seedParagraphs: Infinity, statementParagraphs: 6, transcript: { kind: 'as-prepared', editRate: 0.07 }, longSilence: 0.05,
    questionLabel: 'Q:',
  },
  {
    name: 'noisy-10min', seconds: 600, host: 'kal', moderator: 'slt', questioners: ['ked', 'rms', 'kalhi'],
    seedParagraphs: Infinity, statementParagraphs: 3, transcript: { kind: 'full' }, longSilence: 0.05,
    music: { intro: 20, outro: 20 }, applause: true, noiseSnrDb: 25,
  },
  {
    name: 'long-60min', seconds: 3600, host: 'kal', moderator: 'slt', questioners: ['ked', 'awb', 'rms', 'kalhi'],
    seedParagraphs: Infinity, statementParagraphs: 25, transcript: { kind: 'full' }, longSilence: 0.04,
  },
  {
    name: 'long-90min', seconds: 5400, host: 'ked', moderator: 'slt', questioners: ['kal', 'rms', 'awb', 'kalhi'],
    seedParagraphs: Infinity, statementParagraphs: 30, transcript: { kind: 'full' }, longSilence: 0.04,
  },
];

/**
 * The modules a recording is made by: a change in any of them regenerates the cases (the
 * synthesized sentences stay cached by content). The CLI glue, the checks and the benchmark's
 * metrics are not among them.
 */
const GENERATOR_FILES = [
  'build.ts', 'codec.ts', 'festival.ts', 'flite.ts', 'french.ts', 'mbrola.ts', 'proc.ts', 'real.ts', 'rng.ts', 'room.ts', 'scenario.ts',
  'sounds.ts', 'textgen.ts', 'wav.ts', '../lib/truth.ts',
];

/** Hash of the generator's own code: a change anywhere regenerates the cases. */
function generatorHash(): string {
  const h = createHash('sha1');
  for (const f of GENERATOR_FILES) h.update(f).update(readFileSync(join(HERE, f)));
  for (const p of loadSeedParagraphs()) h.update(p);
  return h.digest('hex');
}

function writeAtomic(path: string, data: string | Buffer): void {
  writeFileSync(path + '.tmp', data);
  renameSync(path + '.tmp', path);
}

function parseArgs(argv: string[]) {
  const opts = { cases: null as string[] | null, sets: null as (SetName | FrenchSetName)[] | null, force: false, jobs: 2, out: resolve(HERE, '..', '.cache'), list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') opts.force = true;
    else if (a === '--cases') opts.cases = argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--cases=')) opts.cases = a.slice(8).split(',');
    else if (a === '--sets') {
      opts.sets = argv[++i].split(',').map((x) => x.trim()).filter(Boolean) as (SetName | FrenchSetName)[];
      for (const x of opts.sets) if (!FRENCH_SETS.includes(x as FrenchSetName) && !SET_NAMES.includes(x as SetName)) throw new Error(`unknown set ${x}; known: ${[...SET_NAMES, ...FRENCH_SETS].join(', ')}`);
    } else if (a === '--list') opts.list = true;
    else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log(`usage: npx tsx bench/corpus/make.ts [--cases ${CASES.map((c) => c.name).join(',')}] [--force] [--jobs N] [--out DIR]
       npx tsx bench/corpus/make.ts --sets tuning,heldout [--cases tune-01-5min,…] [--list] [--force] [--jobs N] [--out DIR]
  --sets: the randomized sets (bench/corpus/scenario.ts) into <out>/sets/<set>/<case>/; --list prints their conditions only`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

export async function makeCases(names: string[] | null, opts: { force: boolean; jobs: number; out: string }): Promise<string[]> {
  const specs = names ? names.map((n) => CASES.find((c) => c.name === n) ?? fail(`unknown case ${n}; known: ${CASES.map((c) => c.name).join(', ')}`)) : CASES;
  const synth = new FestivalSynth(opts.out, opts.jobs);
  const seed = loadSeedParagraphs();
  const gen = generatorHash();
  const dirs: string[] = [];
  for (const spec of specs) {
    const dir = join(opts.out, 'cases', spec.name);
    dirs.push(dir);
    const hash = createHash('sha1').update(gen).update(JSON.stringify(spec, (_k, v) => (v === Infinity ? 'inf' : v))).digest('hex');
    const manifest = join(dir, 'manifest.json');
    if (!opts.force && existsSync(manifest) && ['audio.wav', 'transcript.txt', 'truth.json'].every((f) => existsSync(join(dir, f)))) {
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as { hash: string };
      if (m.hash === hash) {
        console.log(`${spec.name}: up to date (${dir})`);
        continue;
      }
    }
    const t0 = performance.now();
    console.log(`${spec.name}: building (${spec.seconds} s target)`);
    const built = await buildCase(spec, synth, opts.out, seed, (s) => console.log(s));
    const problems = checkTruth(built.truth);
    if (problems.length) throw new Error(`${spec.name}: truth failed its own checks: ${problems.slice(0, 5).join('; ')}`);
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, 'audio.wav'), encodeWav(built.audio));
    writeAtomic(join(dir, 'transcript.txt'), built.transcript);
    writeAtomic(join(dir, 'truth.json'), JSON.stringify(built.truth, null, 1));
    const secs = (performance.now() - t0) / 1000;
    writeAtomic(manifest, JSON.stringify({ hash, generatedIn: secs, stats: built.stats }, null, 1));
    const t = built.truth;
    console.log(
      `${spec.name}: ${t.duration.toFixed(1)} s audio, ${t.words.length} spoken words, ${t.transcriptTokens.length} transcript tokens, ` +
        `${built.stats.sentences} sentences (${built.stats.fresh} newly synthesized in ${built.stats.synthSeconds.toFixed(1)} s), ` +
        `voices ${t.voices.join(', ')}; total ${secs.toFixed(1)} s`,
    );
  }
  return dirs;
}

const specKey = (spec: unknown) => JSON.stringify(spec, (_k, v) => (v === Infinity ? 'inf' : v));

/** One line per case: what was drawn. */
export function describeScenario(s: ScenarioSpec): string {
  const c = s.conditions as Record<string, unknown>;
  const lead = (parts: { kind: string; seconds: number }[]) => (parts.length ? parts.map((p) => `${p.kind} ${p.seconds}s`).join('+') : 'none');
  const noise = c.noise as { kind: string; snrDb: number } | null;
  return [
    `${s.name}: ${c.minutes} min, ${c.speakers} speakers, opens with ${c.opening}`,
    `in ${lead(s.leadIn ?? [])}, out ${lead(s.leadOut ?? [])}`,
    noise ? `${noise.kind} ${noise.snrDb} dB` : 'no noise',
    s.reverb ? `reverb ${s.reverb.reverberance}%` : 'dry',
    `${s.codec.kind}${s.codec.kbps ? ` ${s.codec.kbps}k` : ''}`,
    `text ${s.transcript.kind}${s.transcript.kind === 'partial' ? ` ${s.transcript.fraction}` : ''}`,
    s.telephoneQuestions?.length ? 'phone question' : '',
    s.realClipIds.length ? `real ${s.realClipIds.map((q) => q.clip).join('+')}` : '',
    `[${c.profile}]`,
  ].filter(Boolean).join(', ');
}

/** Builds the randomized sets into `<out>/sets/<set>/<case>/` (audio.<ext>, audio.wav, transcript.txt, truth.json). */
export async function makeSets(sets: (SetName | FrenchSetName)[], names: string[] | null, opts: { force: boolean; jobs: number; out: string }): Promise<string[]> {
  const synth = new FestivalSynth(opts.out, opts.jobs);
  const seed = loadSeedParagraphs();
  const gen = generatorHash();
  const dirs: string[] = [];
  const failed: string[] = [];
  for (const set of sets) {
    const specs = specsOf(set).filter((s) => !names || names.includes(s.name));
    for (const spec of specs) {
      try {
        const dir = join(opts.out, 'sets', set, spec.name);
        dirs.push(dir);
        const hash = createHash('sha1').update(gen).update(specKey(spec)).digest('hex');
        const manifest = join(dir, 'manifest.json');
        if (!opts.force && existsSync(manifest) && ['transcript.txt', 'truth.json'].every((f) => existsSync(join(dir, f)))) {
          const m = JSON.parse(readFileSync(manifest, 'utf8')) as { hash: string; media: string };
          if (m.hash === hash && mediaExists(dir, m.media)) {
            console.log(`${spec.name}: up to date`);
            continue;
          }
        }
        const t0 = performance.now();
        console.log(`${describeScenario(spec)}\n${spec.name}: building`);
        const realQuestions = await Promise.all(spec.realClipIds.map(async (q) => ({ question: q.question, clip: await loadClip(q.clip, opts.out) })));
        const built = await buildCase({ ...spec, realQuestions }, synth, opts.out, seed, (s) => console.log(s));
        const problems = checkTruth(built.truth);
        if (problems.length) throw new Error(`${spec.name}: truth failed its own checks: ${problems.slice(0, 5).join('; ')}`);
        mkdirSync(dir, { recursive: true });
        // Same truth as on disk (the code changed elsewhere): the audio is the same too, so keep
        // the files — a benchmark may be reading them — and only restamp the manifest.
        const truthText = JSON.stringify({ ...built.truth, media: undefined }, null, 1);
        const old = existsSync(join(dir, 'truth.json')) ? (JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { media?: string }) : null;
        if (old?.media && mediaExists(dir, old.media) && JSON.stringify({ ...old, media: undefined }, null, 1) === truthText) {
          writeAtomic(manifest, JSON.stringify({ hash, media: old.media, generatedIn: (performance.now() - t0) / 1000, stats: built.stats, unchanged: true }, null, 1));
          console.log(`${spec.name}: rebuilt, identical truth; kept the files (total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
          continue;
        }
        for (const f of readdirSync(dir)) if (/^audio\./.test(f)) rmSync(join(dir, f), { force: true });
        const mix = join(dir, 'mix.tmp.wav');
        writeFileSync(mix, encodeWav(built.audio));
        const { media } = await encodeMedia(mix, dir, spec.codec);
        built.truth.media = media;
        writeAtomic(join(dir, 'transcript.txt'), built.transcript);
        writeAtomic(join(dir, 'truth.json'), JSON.stringify(built.truth, null, 1));
        const secs = (performance.now() - t0) / 1000;
        writeAtomic(manifest, JSON.stringify({ hash, media, generatedIn: secs, stats: built.stats }, null, 1));
        const t = built.truth;
        console.log(
          `${spec.name}: ${t.duration.toFixed(1)} s audio (${media}), ${t.words.length} spoken words, ${t.transcriptTokens.length} transcript tokens, ` +
            `${built.stats.sentences} sentences (${built.stats.fresh} new in ${built.stats.synthSeconds.toFixed(1)} s), ${t.voices.length} voices; total ${secs.toFixed(1)} s`,
        );
      } catch (e) {
        // One broken recording must not cost the others: report it, go on, fail at the end.
        console.error(`${spec.name}: FAILED: ${(e as Error).message}`);
        failed.push(spec.name);
      }
    }
  }
  if (failed.length) throw new Error(`${failed.length} recording(s) failed: ${failed.join(', ')}`);
  return dirs;
}

function fail(msg: string): never {
  throw new Error(msg);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  if (opts.sets && opts.list) {
    for (const set of opts.sets) for (const s of specsOf(set)) console.log(describeScenario(s));
    process.exit(0);
  }
  (opts.sets ? makeSets(opts.sets, opts.cases, opts) : makeCases(opts.cases, opts))
    .then(() => console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`))
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
