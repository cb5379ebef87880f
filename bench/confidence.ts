/**
 * Confidence benchmark (issue 3): does a word's confidence say how likely it is to be right?
 *
 *   npx tsx bench/confidence.ts [--cases a,b] [--fit] [--write]
 *
 * Aligns each bench case in-process (bench/.cache/cases, see bench/corpus) and keeps, per placed
 * word, what its confidence is computed from (src/align/confidence.ts) and whether it is wrong:
 * its start is more than 250 ms from the truth, or it was never spoken. Evidence is cached in
 * bench/.cache/confidence/<case>.json (delete it after changing the aligner).
 *
 * Prints, for capsync's confidence as shipped: ROC AUC (how often a wrong word scores below a
 * right one), a reliability table (share of right words per confidence bin, against the bin's mean
 * confidence) and the expected calibration error. With --fit, it fits the logistic weights on the
 * TRAIN cases by Newton's method and reports them on the TEST cases (held out), so the shipped
 * weights can be checked for overfitting; the weights go into CONFIDENCE_WEIGHTS by hand.
 * --write puts the table into BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignTranscript, type DtwAlignmentResult } from '../src/align/index.js';
import { CONFIDENCE_WEIGHTS, confidenceFeatures, type WordEvidence } from '../src/align/confidence.js';
import { decodeAudio } from '../src/media/decode.js';
import { parseTranscript } from '../src/text/index.js';
import { fit, predict } from './lib/logistic.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'bench/.cache/cases');
const CACHE = join(ROOT, 'bench/.cache/confidence');
const TRAIN = ['clean-10min', 'voices-10min', 'partial-35'];
const TEST = ['clean-2min', 'as-prepared', 'noisy-10min'];
const WRONG_SECONDS = 0.25;

interface Row {
  features: number[];
  wrong: boolean;
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

async function caseRows(name: string): Promise<Row[]> {
  const dir = join(CASES_DIR, name);
  if (!existsSync(join(dir, 'truth.json'))) throw new Error(`${dir} is missing: run bench/corpus/make.ts first`);
  mkdirSync(CACHE, { recursive: true });
  const cached = join(CACHE, `${name}.json`);
  let evidence: Array<WordEvidence | null>;
  if (existsSync(cached)) evidence = JSON.parse(readFileSync(cached, 'utf8'));
  else {
    process.stderr.write(`aligning ${name}…\n`);
    const audio = await decodeAudio(join(dir, 'audio.wav'));
    const transcript = parseTranscript(readFileSync(join(dir, 'transcript.txt'), 'utf8'), { language: 'en' });
    // This tool fits the DTW engine's confidence: that engine's result carries the evidence.
    const result = (await alignTranscript(audio.samples, audio.sampleRate, transcript, { engine: 'dtw' })) as DtwAlignmentResult;
    evidence = result.evidence;
    const truthTokens = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')).transcriptTokens;
    // Keep the placed start next to the evidence so the cache alone can score the words.
    const starts = result.words.map((w) => w.start);
    writeFileSync(cached, JSON.stringify(evidence.map((e, i) => (e ? { ...e, start: starts[i], truth: truthTokens[i]?.start ?? null } : null))));
    evidence = JSON.parse(readFileSync(cached, 'utf8'));
  }
  const rows: Row[] = [];
  evidence.forEach((e, w) => {
    if (!e) return;
    const { start, truth } = e as WordEvidence & { start: number | null; truth: number | null };
    if (start === null) return;
    const features = confidenceFeatures(evidence, w);
    if (!features) return;
    rows.push({ features, wrong: truth === null || Math.abs(start - truth) > WRONG_SECONDS });
  });
  return rows;
}


/** Probability that a random wrong word scores below a random right word (ties count half). */
function auc(scores: number[], wrong: boolean[]): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (!wrong[order[k]]) rankSum += rank;
    i = j + 1;
  }
  const right = wrong.filter((w) => !w).length;
  const bad = wrong.length - right;
  if (right === 0 || bad === 0) return NaN;
  return (rankSum - (right * (right + 1)) / 2) / (right * bad);
}

const BINS = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0001];

function reliability(scores: number[], wrong: boolean[]): { rows: string[][]; ece: number } {
  const rows: string[][] = [];
  let ece = 0;
  for (let b = 0; b + 1 < BINS.length; b++) {
    const idx = scores.map((s, i) => i).filter((i) => scores[i] >= BINS[b] && scores[i] < BINS[b + 1]);
    if (idx.length === 0) continue;
    const meanConf = idx.reduce((a, i) => a + scores[i], 0) / idx.length;
    const rightShare = idx.filter((i) => !wrong[i]).length / idx.length;
    ece += (idx.length / scores.length) * Math.abs(meanConf - rightShare);
    rows.push([`${BINS[b].toFixed(2)}–${Math.min(1, BINS[b + 1]).toFixed(2)}`, String(idx.length), meanConf.toFixed(3), rightShare.toFixed(3)]);
  }
  return { rows, ece };
}



function report(title: string, rows: Row[], weights: readonly number[]): string[] {
  const scores = rows.map((r) => predict(weights, r.features));
  const wrong = rows.map((r) => r.wrong);
  const { rows: table, ece } = reliability(scores, wrong);
  const wrongCount = wrong.filter(Boolean).length;
  const low = scores.map((s, i) => i).filter((i) => scores[i] < 0.5);
  const lines = [
    `#### ${title}`,
    '',
    `${rows.length} placed words, ${wrongCount} wrong (${((wrongCount / rows.length) * 100).toFixed(1)}%). ROC AUC ${auc(scores, wrong).toFixed(3)}; expected calibration error ${ece.toFixed(3)}. ` +
      `Words under 0.5: ${low.length}, of which wrong ${low.filter((i) => wrong[i]).length}; wrong words under 0.5: ${low.filter((i) => wrong[i]).length} of ${wrongCount}.`,
    '',
    '| confidence | words | mean confidence | share right |',
    '| --- | ---: | ---: | ---: |',
    ...table.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  return lines;
}

async function main(): Promise<void> {
  const selected = option('--cases')?.split(',');
  const train = (selected ?? TRAIN).filter((c) => !selected || TRAIN.includes(c) || !TEST.includes(c));
  const test = (selected ?? TEST).filter((c) => !selected || TEST.includes(c));
  const trainRows: Row[] = [];
  for (const name of train) trainRows.push(...(await caseRows(name)));
  const testRows: Row[] = [];
  for (const name of test) testRows.push(...(await caseRows(name)));

  let weights: readonly number[] = CONFIDENCE_WEIGHTS;
  if (flag('--fit')) {
    weights = fit(trainRows);
    console.log(`fitted on ${train.join(', ')}: [${weights.map((w) => w.toFixed(3)).join(', ')}]`);
  }
  const out = [
    ...report(`Held-out cases (${test.join(', ')})`, testRows, weights),
    ...report(`Fitting cases (${train.join(', ')})`, trainRows, weights),
  ];
  console.log(out.join('\n'));
  if (flag('--write')) {
    const section = [
      '<!-- confidence:start -->',
      '## Word confidence: does a low value mark a wrong placement?',
      '',
      `Generated by \`npx tsx bench/confidence.ts --write\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores, Node ${process.version}). ` +
        `A word is *wrong* when its start is more than ${WRONG_SECONDS * 1000} ms from the truth or it was never spoken. ` +
        `The weights in \`src/align/confidence.ts\` were fitted (\`--fit\`) on the fitting cases only; the held-out cases show how well they carry over.`,
      '',
      ...out,
      '<!-- confidence:end -->',
      '',
    ].join('\n');
    const file = join(ROOT, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const re = /<!-- confidence:start -->[\s\S]*?<!-- confidence:end -->\n?/;
    writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.replace(/\n*$/, '\n\n')}${section}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
