/**
 * Word-start errors by voice, signed, next to what the audio itself says about each voice's labels.
 *
 *   npx tsx bench/voices.ts --set heldout            # after bench/sets.ts has run the engines on it
 *   npx tsx bench/voices.ts --set heldout,tuning
 *
 * Why: the truth of a synthetic word is the synthesizer's own segment label. If a voice's labels sit
 * systematically before (or after) where its sound starts, every honest aligner shows the same
 * signed offset on that voice, and the set's median error measures the labels, not the aligners.
 * Two independent views are printed per voice:
 *   - label check: in noise-free, reverberation-free recordings, after every pause of ≥ 150 ms,
 *     the first 5 ms frame louder than −45 dBFS against the label's word start, for words that open
 *     with a vowel, nasal, liquid or glide (bench/corpus/verify.ts); positive = sound after label;
 *   - each engine's signed start error (engine − label) over the voice's words placed within 250 ms.
 * Engines are read from their stored outputs (bench/.cache/sets-out/<set>/<engine>/<case>/out/).
 * Nothing here is fitted or fed back: it reads, it prints.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { capsyncEngine, echogardenEngine, type CaseFiles, type EngineSpec } from './lib/engines.js';
import { type CaseTruth, mapByIndex, mapByText, quantile } from './lib/metrics.js';
import { loadTruth } from './lib/truth.js';
import { readWav } from './corpus/wav.js';
import { verifyTruth } from './corpus/verify.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'heldout' },
    engines: { type: 'string', default: 'capsync,echogarden' },
  },
});
/** Words further off than this are misplacements, not label offsets; they are left out of the signed figures. */
const NEAR_SECONDS = 0.25;

const engines: Record<string, EngineSpec> = {
  capsync: capsyncEngine({ root: ROOT, cli: join(ROOT, 'dist/bin/capsync.js') }),
  echogarden: echogardenEngine(BENCH),
};
const engineNames = args.engines!.split(',');

/** A voice without its pitch/rate variant suffix: "festival:us3_mbrola+rate0.95" → "festival:us3_mbrola". */
const baseVoice = (v: string) => v.split('+')[0];

interface VoiceFigures {
  words: number;
  labelOnsetsMs: number[];
  signedMs: Record<string, number[]>;
  /** Every spoken word's |start error| (ms; unplaced = ∞), per engine. */
  absoluteMs: Record<string, number[]>;
}
const byVoice = new Map<string, VoiceFigures>();
const figuresOf = (voice: string): VoiceFigures => {
  let f = byVoice.get(voice);
  if (!f) byVoice.set(voice, (f = { words: 0, labelOnsetsMs: [], signedMs: {}, absoluteMs: {} }));
  return f;
};

for (const set of args.set!.split(',')) {
  const setDir = join(BENCH, '.cache/sets', set);
  if (!existsSync(setDir)) throw new Error(`${setDir} missing: npx tsx bench/corpus/make.ts --sets ${set}`);
  for (const name of readdirSync(setDir).sort()) {
    const dir = join(setDir, name);
    const labelled = loadTruth(join(dir, 'truth.json'));
    const truth = labelled as unknown as CaseTruth;
    const voiceOfToken = new Map<number, string>();
    for (const w of truth.words) {
      if (w.transcriptIndex != null) voiceOfToken.set(w.transcriptIndex, baseVoice(w.voice));
      figuresOf(baseVoice(w.voice)).words++;
    }
    const conditions = truth.conditions as { noise?: unknown; reverb?: unknown } | undefined;
    if (conditions && conditions.noise == null && conditions.reverb == null && existsSync(join(dir, 'audio.wav'))) {
      const wav = readWav(join(dir, 'audio.wav'));
      const report = verifyTruth(labelled, wav.samples, wav.sampleRate);
      for (const [voice, v] of Object.entries(report.byVoice)) figuresOf(baseVoice(voice)).labelOnsetsMs.push(...v.onsetErrors.map((e) => e * 1000));
    }
    for (const engine of engineNames) {
      const out = join(BENCH, '.cache/sets-out', set, engine, name, 'out');
      if (!existsSync(out)) continue;
      const media = join(dir, String(truth.media ?? 'audio.wav'));
      const files: CaseFiles = { name, hash: '', media, wav: join(dir, 'audio.wav'), transcript: join(dir, 'transcript.txt'), truth };
      let placements;
      try {
        const o = engines[engine].read(files, out, truth.transcriptTokens.length, '');
        placements = o.mapping === 'index' ? mapByIndex(o.words, truth.transcriptTokens) : mapByText(o.words, truth.transcriptTokens);
      } catch {
        continue; // a failed run wrote nothing to read
      }
      truth.transcriptTokens.forEach((t, i) => {
        const p = placements[i];
        const voice = voiceOfToken.get(i);
        if (t.start == null || !voice) return;
        const absolute = (figuresOf(voice).absoluteMs[engine] ??= []);
        if (p.status !== 'placed' || p.start == null) return void absolute.push(Infinity);
        const e = p.start - t.start;
        absolute.push(Math.abs(e) * 1000);
        if (Math.abs(e) > NEAR_SECONDS) return;
        ((figuresOf(voice).signedMs[engine] ??= [])).push(e * 1000);
      });
    }
  }
}

const median = (xs: number[]) => (xs.length ? quantile([...xs].sort((a, b) => a - b), 0.5) : NaN);
const fmt = (xs: number[] | undefined) => (xs && xs.length ? `${median(xs).toFixed(0)} (${xs.length})` : '–');
const spread = (xs: number[] | undefined) => {
  if (!xs || !xs.length) return '–';
  const s = [...xs].sort((a, b) => a - b);
  const ms = (q: number) => (Number.isFinite(quantile(s, q)) ? quantile(s, q).toFixed(0) : '∞');
  return `${ms(0.5)} / ${ms(0.9)} / ${((100 * s.filter((e) => e <= 100).length) / s.length).toFixed(1)}%`;
};
const rows = [...byVoice.entries()].sort((a, b) => b[1].words - a[1].words);
console.log(`| voice | words | label check: sound onset − label, ms (onsets) | ${engineNames.map((e) => `${e}: signed median, ms (words ≤ 250 ms) | ${e}: \\|error\\| median / p90 ms / ≤100 ms (all spoken words)`).join(' | ')} |`);
console.log(`| --- | ---: | ---: | ${engineNames.map(() => '---: | ---:').join(' | ')} |`);
for (const [voice, f] of rows) console.log(`| ${voice} | ${f.words} | ${fmt(f.labelOnsetsMs)} | ${engineNames.map((e) => `${fmt(f.signedMs[e])} | ${spread(f.absoluteMs[e])}`).join(' | ')} |`);
const all = (pick: (f: VoiceFigures) => number[]) => rows.flatMap(([, f]) => pick(f));
console.log(`| all | ${rows.reduce((s, [, f]) => s + f.words, 0)} | ${fmt(all((f) => f.labelOnsetsMs))} | ${engineNames.map((e) => `${fmt(all((f) => f.signedMs[e] ?? []))} | ${spread(all((f) => f.absoluteMs[e] ?? []))}`).join(' | ')} |`);
const others = rows.filter(([, f]) => f.labelOnsetsMs.length < 20 || Math.abs(median(f.labelOnsetsMs)) < 15);
console.log(
  `| all but voices whose label check is off by ≥ 15 ms (${rows.length - others.length}) | ${others.reduce((s, [, f]) => s + f.words, 0)} | ${fmt(others.flatMap(([, f]) => f.labelOnsetsMs))} | ` +
    `${engineNames.map((e) => `${fmt(others.flatMap(([, f]) => f.signedMs[e] ?? []))} | ${spread(others.flatMap(([, f]) => f.absoluteMs[e] ?? []))}`).join(' | ')} |`,
);
