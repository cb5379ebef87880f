/**
 * How well "speech with no text" (src/align/untexted.ts) tells untranscribed speech from music,
 * applause and room tone, apart from the aligner: each recording's transcribed words are given
 * their true times (what a perfect aligner would place), and what is left is judged against the
 * truth's sound spans.
 *
 *   npx tsx bench/untexted.ts --set tuning            # (tuning, heldout, fresh)
 *   npx tsx bench/untexted.ts --set heldout --voicing-only   # without the spectral-change cue
 *
 * Prints, per kind of truth span, how many seconds the report calls speech with no text: for music,
 * applause and room tone every second is a false alarm; for untranscribed speech (left-out
 * questions, chatter, a partial text's tail) the share found is the recall.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../src/media/decode.js';
import { loadAcousticModel } from '../src/align/acoustic/model.js';
import { recordingObservations } from '../src/align/acoustic/frames.js';
import { soundEvidence, spectralChange, speechWithoutText } from '../src/align/untexted.js';
import type { TimedWord, TimeSpan } from '../src/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'tuning' },
    'voicing-only': { type: 'boolean', default: false },
  },
});

interface Span {
  start: number;
  end: number;
  kind?: string;
}
interface Truth {
  media?: string;
  conditions?: { language?: string };
  transcriptTokens: Array<{ index: number; spoken: boolean; start: number | null; end: number | null }>;
  nonSpeech: Span[];
  untranscribedSpeech: Span[];
}

const overlap = (a: TimeSpan, b: TimeSpan) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

const setDir = join(ROOT, 'bench/.cache/sets', args.set!);
const model = await loadAcousticModel('en');
const totals = new Map<string, { seconds: number; reported: number }>();
const add = (kind: string, seconds: number, reported: number) => {
  const t = totals.get(kind) ?? { seconds: 0, reported: 0 };
  t.seconds += seconds;
  t.reported += reported;
  totals.set(kind, t);
};

for (const name of readdirSync(setDir).sort()) {
  const dir = join(setDir, name);
  if (!existsSync(join(dir, 'truth.json'))) continue;
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  if ((truth.conditions?.language ?? 'en') !== 'en') continue;
  const { samples } = await decodeAudio(join(dir, truth.media ?? 'audio.wav'));
  const words: TimedWord[] = truth.transcriptTokens
    .filter((t) => t.spoken && t.start !== null && t.end !== null)
    .map((t) => ({ index: t.index, text: '', start: t.start, end: t.end, confidence: 1, sentence: 0, paragraph: 0, turn: 0, source: 'audio' }));
  const change = args['voicing-only'] ? undefined : (() => {
    const { frames, observations } = recordingObservations(model, samples);
    return spectralChange(observations, frames);
  })();
  const reported = speechWithoutText(soundEvidence(samples, 16000, change), words);
  const line: string[] = [];
  const spans = [...truth.nonSpeech.filter((s) => s.kind !== 'silence'), ...truth.untranscribedSpeech.map((s) => ({ ...s, kind: `untranscribed ${s.kind ?? ''}`.trim() }))];
  for (const s of spans) {
    const hit = reported.reduce((sum, r) => sum + overlap(r, s), 0);
    add(s.kind ?? '?', s.end - s.start, hit);
    if (hit > 0 && !s.kind?.startsWith('untranscribed')) line.push(`${s.kind} ${s.start.toFixed(0)}–${s.end.toFixed(0)} s: ${hit.toFixed(1)} s`);
  }
  console.log(`${name.padEnd(16)} ${reported.length} span(s) reported${line.length ? `; false alarms: ${line.join(', ')}` : ''}`);
}
console.log(`\nset ${args.set}${args['voicing-only'] ? ' (voicing cue only)' : ''}: seconds the report calls speech with no text, by kind of truth span`);
for (const [kind, t] of [...totals].sort()) {
  console.log(`  ${kind.padEnd(26)} ${t.reported.toFixed(1).padStart(7)} of ${t.seconds.toFixed(1).padStart(7)} s (${((100 * t.reported) / Math.max(1e-9, t.seconds)).toFixed(1)}%)`);
}
