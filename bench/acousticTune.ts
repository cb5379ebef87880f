/**
 * The acoustic engine's tuning harness: runs passes 2–5 of the engine (src/align/acoustic/align.ts)
 * in-process over the benchmark's TUNING set and prints per-recording and pooled figures, and the
 * confidence calibration. The only place the values in src/align/acoustic/tuning.ts are chosen.
 *
 *   npx tsx bench/acousticTune.ts                          # the tuning set with ACOUSTIC_TUNING
 *   TUNE='{"standOutMarginZ":0.5}' npx tsx bench/acousticTune.ts   # try other values without editing tuning.ts
 *   npx tsx bench/acousticTune.ts --only tune-04,tune-07 --passages   # every block's placement vs truth
 *   npx tsx bench/acousticTune.ts --fit-confidence         # refit confidenceWeights (bench/lib/logistic.ts)
 *
 * Each recording's frame scores (the slow part: GMM scoring) are cached under
 * bench/.cache/acoustic-scores/, keyed by the recording's audio, the front end's source and what the
 * scorer gives (scorerFingerprint), so a rerun takes minutes and a change to the front end or the
 * scorer rescores, while a change to the searches does not.
 *
 *   npx tsx bench/acousticTune.ts --set bench/.cache/sets/tuning-prepared   # as-prepared variants (bench/corpus/prepared.ts)
 *   npx tsx bench/acousticTune.ts --set bench/.cache/sets/tuning2           # the second tuning set (short recordings, more hard rooms)
 *   npx tsx bench/acousticTune.ts --set A,B,C --fit-confidence             # several sets pooled
 *   npx tsx bench/acousticTune.ts --set bench/.cache/sets/french-tuning --language fr   # the French tuning set
 * It refuses the held-out sets and the French set: targets are reported on recordings nothing was tuned on.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../src/media/decode.js';
import { parseTranscript } from '../src/text/parse.js';
import { loadAcousticModel } from '../src/align/acoustic/model.js';
import { AcousticKernels } from '../src/align/acoustic/kernels.js';
import { alignScored, prepareRecording, withTriphoneTimes, type PreparedRecording } from '../src/align/acoustic/align.js';
import { scoreLayout } from '../src/align/acoustic/frames.js';
import { ACOUSTIC_TUNING, type AcousticTuning } from '../src/align/acoustic/tuning.js';
import { confidenceFeatures, type WordEvidence } from '../src/align/acoustic/confidence.js';
import { adaptInRounds, applyTransform, mapDistance, type FeatureTransform } from '../src/align/acoustic/adapt.js';

/** The map that leaves the features as they are. */
const identityTransform = (dims: number): FeatureTransform => ({ scale: new Float32Array(dims).fill(1), offset: new Float32Array(dims), gainPerFrame: 0 });
import { fit, predict } from './lib/logistic.js';
import { mulberry32 } from '../src/util/random.js';
import { confidenceAuc, recordingMetrics } from './lib/setMetrics.js';
import { type CaseTruth, mapByIndex } from './lib/metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: join(ROOT, 'bench/.cache/sets/tuning') },
    only: { type: 'string' },
    passages: { type: 'boolean', default: false },
    'fit-confidence': { type: 'boolean', default: false },
    /** Report the first pass only (no adaptation), as the engine was before adapt.ts. */
    'no-adapt': { type: 'boolean', default: false },
    /** Report the word times of the context-independent phones (no re-timing from triphones), as the engine was before. */
    'no-triphones': { type: 'boolean', default: false },
    /** Write every placed word's confidence features, rightness and recording to this JSON file (for exploring fits). */
    rows: { type: 'string' },
    /** The recordings of this language only, with its model (en, or fr for the French tuning set). */
    language: { type: 'string', default: 'en' },
  },
});
// One set folder, or several separated by commas (their recordings pooled, e.g. for a confidence fit).
const setDirs = args.set!.split(',').map((d) => resolve(d.trim()));
for (const setDir of setDirs) {
  if (/held|fresh/i.test(setDir) || /(^|[\\/])french$/.test(setDir)) throw new Error('bench/acousticTune.ts tunes on the tuning sets only; the held-out and French sets are for reporting (bench/sets.ts)');
}
const only = args.only?.split(',');
const tuning: AcousticTuning = Object.freeze({ ...ACOUSTIC_TUNING, ...(process.env.TUNE ? (JSON.parse(process.env.TUNE) as Partial<AcousticTuning>) : {}) });
const cacheDir = join(ROOT, 'bench/.cache/acoustic-scores');
mkdirSync(cacheDir, { recursive: true });

interface TruthToken {
  index: number;
  spoken: boolean;
  start: number | null;
  end: number | null;
  edit?: string;
}
interface Truth {
  media?: string;
  transcriptTokens: TruthToken[];
  conditions?: { language?: string; profile?: string; transcript?: { kind?: string } };
}
/** One placed word for the confidence fit: its features, whether it is right (≤ 250 ms), its confidence. */
interface ConfidenceRow {
  features: number[];
  right: 0 | 1;
  confidence: number;
  recording: string;
  /** The word's index, its start error in seconds (null: never spoken) and its raw evidence. */
  word: number;
  error: number | null;
  evidence: WordEvidence;
  /** Its start less the truth's (seconds; spoken words only): which way it is off. */
  signed?: number;
}

if (args.language !== 'en' && args.language !== 'fr') throw new Error(`--language en|fr, not ${args.language}`);
const language: 'en' | 'fr' = args.language;
const model = await loadAcousticModel(language);
const kernels = new AcousticKernels(model.gaussians, Int32Array.from({ length: model.ciSenones }, (_, i) => i));
const scoringVersion = scorerFingerprint();

/**
 * What the cached scores depend on: the front end's source (observations from samples), and what
 * the scorer gives. The scorer shares its files with the searches (kernels.ts, assembly/acoustic.ts),
 * so it is known by its output: frames drawn near the model's own Gaussians, scored with a full
 * search every 1–4 frames across batch boundaries. A change to the searches leaves the cache valid;
 * any change to what a frame scores changes the fingerprint.
 */
function scorerFingerprint(): string {
  const hash = createHash('sha1');
  for (const file of ['frontend.ts', 'features.ts', 'frames.ts', 'modelFiles.ts']) hash.update(readFileSync(join(ROOT, 'src/align/acoustic', file)));
  const g = model.gaussians;
  const frames = 700;
  const dims = g.streams * g.dims;
  const probe = new Float32Array(frames * dims);
  const rand = mulberry32(20261207);
  for (let t = 0; t < frames; t++) {
    // Frames move between nearby sounds: a codebook held for a few frames, one density per stream, jittered.
    const codebook = Math.floor(t / 7 + rand() * 2) % g.codebooks;
    for (let f = 0; f < g.streams; f++) {
      const density = Math.floor(rand() * g.densities);
      const mean = ((codebook * g.streams + f) * g.densities + density) * g.dims;
      for (let d = 0; d < g.dims; d++) {
        const sigma = Math.sqrt(1 / (2 * g.halfPrecision[mean + d]));
        probe[t * dims + f * g.dims + d] = g.mean[mean + d] + sigma * (rand() * 2 - 1);
      }
    }
  }
  for (let fullEvery = 1; fullEvery <= 4; fullEvery++) {
    const raw = new Float32Array(frames * model.ciSenones);
    kernels.scoreRaw(probe, 0, frames, raw, fullEvery);
    hash.update(Buffer.from(raw.buffer));
  }
  return hash.digest('hex').slice(0, 8);
}
const allErrors: number[] = [];
const rows: ConfidenceRow[] = [];
let totalSpoken = 0;
let totalUnplaced = 0;
let collapses = 0;
let overNonSpeech = 0;
let overUntranscribed = 0;
/** Words of real-speech clips (truth from a reference aligner): count, and how many within 100 ms / 0.5 s. */
let referenceWords = 0;
let referenceWithin100 = 0;
let referenceWithin500 = 0;
const seconds = (frames: number) => (frames / 100).toFixed(1);

for (const [name, dir] of setDirs.flatMap((setDir) => readdirSync(setDir).sort().map((name) => [name, join(setDir, name)] as const))) {
  if (only && !only.some((o) => name.includes(o))) continue;
  if (!existsSync(join(dir, 'truth.json'))) continue;
  const truthText = readFileSync(join(dir, 'truth.json'));
  const truth = JSON.parse(truthText.toString('utf8')) as Truth;
  if ((truth.conditions?.language ?? 'en') !== language) continue;
  const media = join(dir, truth.media ?? 'audio.wav');

  // Scores depend on the audio only: variants of a recording with another text (bench/corpus/prepared.ts) share them.
  const key = `media-${createHash('sha1').update(readFileSync(media)).digest('hex').slice(0, 12)}-${scoringVersion}`;
  let observed: PreparedRecording | null = null;
  // The front end's observations and the audio's own evidence of sound, as the engine takes them.
  const observations = async (): Promise<PreparedRecording> => {
    if (observed) return observed;
    const { samples, sampleRate } = await decodeAudio(media);
    observed = prepareRecording(model, samples, sampleRate);
    return observed;
  };
  /** Raw senone scores of the recording (under a feature map, if given), cached by content. */
  const rawScores = async (transform: FeatureTransform | null): Promise<Float32Array> => {
    const mapKey = transform ? `-${createHash('sha1').update(Buffer.from(transform.scale.buffer)).update(Buffer.from(transform.offset.buffer)).digest('hex').slice(0, 12)}` : '';
    const fullEvery = transform ? tuning.adaptedPassFullSearchEveryFrames : tuning.firstPassFullSearchEveryFrames;
    const cache = join(cacheDir, `${key}${mapKey}-full${fullEvery}.f32`);
    if (existsSync(cache)) return new Float32Array(readFileSync(cache).buffer.slice(0));
    const { frames, observations: obs } = await observations();
    const raw = new Float32Array(frames * model.ciSenones);
    kernels.scoreRaw(transform ? applyTransform(obs, transform) : obs, 0, frames, raw, fullEvery);
    writeFileSync(cache, Buffer.from(raw.buffer));
    return raw;
  };
  const raw = await rawScores(null);
  const frames = raw.length / model.ciSenones;
  const transcript = parseTranscript(readFileSync(join(dir, 'transcript.txt'), 'utf8'), { language });

  const started = performance.now();
  const speechLike = (await observations()).sound.talk;
  let held = kernels.holdScores(raw, frames, scoreLayout(model));
  let result = alignScored(model, held, speechLike, transcript, tuning);
  let lastTransform: FeatureTransform | null = null;
  let adaptedFrom = 0;
  const shifts: number[] = [];
  let firstMove: number | null = null;
  if (!args['no-adapt']) {
    // The engine's own adaptation rounds (adaptInRounds), each pass on cached adapted scores.
    const obs = (await observations()).observations;
    const rounds = await adaptInRounds(model.gaussians, obs, result, tuning, async (transform, round, previous) => {
      if (round === 1) firstMove = mapDistance(identityTransform(transform.scale.length), transform, obs);
      adaptedFrom = Math.min(result.alignedFrames.length, tuning.adaptMaxSpeechSeconds * 100);
      held = kernels.holdScores(await rawScores(transform), frames, scoreLayout(model));
      lastTransform = transform;
      result = alignScored(model, held, speechLike, transcript, tuning, { earlier: previous.blockTimings });
      return result;
    });
    shifts.push(...rounds.moves);
  }
  if (!args['no-triphones']) {
    // The engine's last step: word times from triphones, on the last pass's map and scores.
    const obs = (await observations()).observations;
    const map = lastTransform;
    const fullEvery = map ? tuning.adaptedPassFullSearchEveryFrames : tuning.firstPassFullSearchEveryFrames;
    const scores = held;
    result = withTriphoneTimes(model, result, transcript, tuning, frames, (from, to, senoneIds) => kernels.contextScores(obs, from, to, senoneIds, scores, fullEvery, map));
  }
  observed = null;
  const took = (performance.now() - started) / 1000;

  const errors: number[] = [];
  let spoken = 0;
  let unplaced = 0;
  let within500 = 0;
  let unspokenPlaced = 0;
  for (const token of truth.transcriptTokens) {
    const word = result.words[token.index];
    if (!token.spoken || token.start === null) {
      if (word?.start != null && token.edit !== 'substituted') unspokenPlaced++;
      // A placed word that was never spoken is wrong, whatever its time.
      const evidence = result.evidence[token.index];
      if (word?.start != null && evidence) rows.push({ features: confidenceFeatures(evidence), right: 0, confidence: word.confidence, recording: name, word: token.index, error: null, evidence });
      continue;
    }
    spoken++;
    if (!word || word.start === null) {
      unplaced++;
      continue;
    }
    const error = Math.abs(word.start - token.start);
    errors.push(error);
    allErrors.push(error);
    if (error <= 0.5) within500++;
    const evidence = result.evidence[token.index];
    if (evidence) rows.push({ features: confidenceFeatures(evidence), right: error <= 0.25 ? 1 : 0, confidence: word.confidence, recording: name, word: token.index, error, evidence, signed: word.start - token.start });
  }
  totalSpoken += spoken;
  totalUnplaced += unplaced;
  // Where the words would put captions (each word's span, gaps under 0.5 s bridged), as bench/sets.ts measures it.
  const caseTruth = truth as unknown as CaseTruth;
  const { metrics } = recordingMetrics(caseTruth, mapByIndex(result.words, caseTruth.transcriptTokens), null);
  overNonSpeech += metrics.captionOverNonSpeech;
  overUntranscribed += metrics.captionOverUntranscribed;
  if (metrics.referenceWords) {
    referenceWords += metrics.referenceWords;
    referenceWithin100 += (metrics.referenceWithin100 ?? 0) * metrics.referenceWords;
    referenceWithin500 += (metrics.referenceWithin500 ?? 0) * metrics.referenceWords;
  }
  const collapsed = within500 < 0.95 * spoken;
  if (collapsed) collapses++;

  if (args.passages) {
    for (const p of result.passages) {
      const said = truth.transcriptTokens.slice(p.firstWord, p.lastWord + 1).filter((t) => t.spoken && t.start !== null);
      const text = transcript.words.slice(p.firstWord, p.lastWord + 1).map((w) => w.text).join(' ').slice(0, 60);
      const at = p.start === null ? '—' : p.start.toFixed(1);
      console.log(`    ${p.placement.padEnd(10)} w${p.firstWord}-${p.lastWord} at ${at} (truth ${said.length ? said[0].start!.toFixed(1) : 'unspoken'}) score ${p.score?.toFixed(2) ?? '—'} | ${text}`);
    }
  }
  errors.sort((a, b) => a - b);
  const quantile = (q: number) => (errors.length ? errors[Math.floor(q * (errors.length - 1))] * 1000 : NaN);
  const within100 = errors.filter((e) => e <= 0.1).length;
  console.log(
    `${collapsed ? 'X' : ' '} ${name.padEnd(16)} ${seconds(frames).padStart(6)} s  ${(truth.conditions?.profile ?? '').padEnd(6)} ${(truth.conditions?.transcript?.kind ?? '').padEnd(17)}` +
      ` spoken ${String(spoken).padStart(5)}  unplaced ${String(unplaced).padStart(4)}  unspoken placed ${String(unspokenPlaced).padStart(3)}` +
      `  median ${quantile(0.5).toFixed(0).padStart(3)} ms  p90 ${quantile(0.9).toFixed(0).padStart(6)} ms` +
      `  ≤100 ms ${((within100 / spoken) * 100).toFixed(1).padStart(5)}%  ≤0.5 s ${((within500 / spoken) * 100).toFixed(1).padStart(5)}%  (${took.toFixed(1)} s; words over non-speech ${metrics.captionOverNonSpeech.toFixed(1)} s, untranscribed ${metrics.captionOverUntranscribed.toFixed(1)} s${adaptedFrom ? `, adapted from ${adaptedFrom} frames` : ''}${firstMove !== null ? `, first map moved ${firstMove.toFixed(3)} SD` : ''}${shifts.length ? `, later maps moved ${shifts.map((x) => x.toFixed(3)).join(', ')} SD` : ''})`,
  );
}

allErrors.sort((a, b) => a - b);
const pooled = (q: number) => (allErrors[Math.floor(q * (allErrors.length - 1))] * 1000).toFixed(0);
const share = (limit: number) => ((allErrors.filter((e) => e <= limit).length / totalSpoken) * 100).toFixed(2);
console.log(
  `ALL spoken ${totalSpoken}, unplaced ${totalUnplaced}, collapsed recordings ${collapses} | ` +
    `median ${pooled(0.5)} ms, p90 ${pooled(0.9)} ms (placed words), ≤100 ms ${share(0.1)}%, ≤0.5 s ${share(0.5)}% (of spoken words); words over non-speech ${overNonSpeech.toFixed(1)} s, untranscribed ${overUntranscribed.toFixed(1)} s`,
);
if (referenceWords) {
  const pct = (n: number) => ((n / referenceWords) * 100).toFixed(1);
  console.log(`real-speech words (reference-aligner truth): ${referenceWords}, ≤100 ms ${pct(referenceWithin100)}%, ≤0.5 s ${pct(referenceWithin500)}%`);
}

function calibration(label: string, data: ReadonlyArray<{ right: 0 | 1; confidence: number }>): void {
  const wrong = data.filter((r) => r.right === 0);
  let ece = 0;
  for (let bin = 0; bin < 10; bin++) {
    const inBin = data.filter((r) => Math.min(9, Math.floor(r.confidence * 10)) === bin);
    if (!inBin.length) continue;
    const meanConfidence = inBin.reduce((s, r) => s + r.confidence, 0) / inBin.length;
    const accuracy = inBin.reduce((s, r) => s + r.right, 0) / inBin.length;
    ece += (Math.abs(meanConfidence - accuracy) * inBin.length) / data.length;
  }
  const below = wrong.filter((r) => r.confidence < 0.5).length / Math.max(1, wrong.length);
  const rightBelow = data.filter((r) => r.right === 1 && r.confidence < 0.5).length / Math.max(1, data.length - wrong.length);
  console.log(
    `${label}: ${data.length} placed words, ${wrong.length} wrong (> 250 ms); AUC ${confidenceAuc(data.map((r) => ({ confidence: r.confidence, wrong: r.right === 0 }))).toFixed(3)}; ` +
      `wrong below 0.5: ${(below * 100).toFixed(1)}%; right below 0.5: ${(rightBelow * 100).toFixed(2)}%; calibration error against the set's own base rate ${ece.toFixed(3)}`,
  );
}

calibration('confidence', rows);
if (args.rows) writeFileSync(args.rows, JSON.stringify(rows));

if (args['fit-confidence'] && rows.length) {
  const weights = fit(rows.map((r) => ({ features: r.features, wrong: r.right === 0 })), { balanced: true });
  const fitted = rows.map((r) => ({ right: r.right, confidence: predict(weights, r.features) }));
  calibration('confidence refitted', fitted);
  console.log(`confidenceWeights: ${JSON.stringify(weights.map((v) => Math.round(v * 1000) / 1000))}`);
}
