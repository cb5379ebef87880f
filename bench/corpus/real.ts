/**
 * Real human speech for the randomized recordings: the JFK inaugural excerpt committed in
 * samples/jfk and the five LibriVox clips of Debian's `pocketsphinx-testdata`. Nobody labelled
 * their words by hand, so their word times come from a reference aligner: Debian's
 * pocketsphinx (0.8+5prealpha, `pocketsphinx_batch` over the whole clip as one utterance, a
 * JSGF grammar that is exactly the clip's word sequence, the `pocketsphinx-en-us` acoustic
 * model, 10 ms frames, silence removal off). `npx tsx bench/corpus/checkReal.ts` compares it
 * with a second aligner (Echogarden). That is forced alignment by an HMM aligner, not capsync, and not
 * exact: these words are marked in truth.json (`referenceTruth`) and can be reported apart.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './proc.js';
import { readWav } from './wav.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const TESTDATA = '/usr/share/pocketsphinx/test/data/librivox';
const MODEL = '/usr/share/pocketsphinx/model/en-us';

export const REFERENCE_ALIGNER =
  "pocketsphinx 0.8+5prealpha (Debian), pocketsphinx_batch forced alignment with a JSGF grammar of the clip's exact words, pocketsphinx-en-us model, 10 ms frames, silence removal off";

interface ClipSource {
  id: string;
  path: string;
  /** The words as a transcript would write them (one token per spoken word). */
  text: string;
}

const SOURCES: ClipSource[] = [
  {
    id: 'jfk',
    path: join(ROOT, 'samples/jfk/jfk.wav'),
    text: 'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  },
  {
    id: 'librivox-0870',
    path: join(TESTDATA, 'sense_and_sensibility_01_austen_64kb-0870.wav'),
    text: 'And Mister John Dashwood had then leisure to consider how much there might be prudently in his power to do for them.',
  },
  { id: 'librivox-0880', path: join(TESTDATA, 'sense_and_sensibility_01_austen_64kb-0880.wav'), text: 'He was not an ill disposed young man.' },
  {
    id: 'librivox-0890',
    path: join(TESTDATA, 'sense_and_sensibility_01_austen_64kb-0890.wav'),
    text: 'Unless to be rather cold hearted and rather selfish is to be ill disposed.',
  },
  {
    id: 'librivox-0920',
    path: join(TESTDATA, 'sense_and_sensibility_01_austen_64kb-0920.wav'),
    // The reader repeats "a": the transcription keeps what was said.
    text: 'Had he married a more, a amiable woman, he might have been made still more respectable than he was.',
  },
  { id: 'librivox-0930', path: join(TESTDATA, 'sense_and_sensibility_01_austen_64kb-0930.wav'), text: 'He might even have been made amiable himself.' },
];

export interface RealClip {
  id: string;
  /** Voice id in truth.json. */
  voice: string;
  wavPath: string;
  tokens: string[];
  /** Per token, seconds in the clip (reference aligner). */
  times: { start: number; end: number }[];
}

export function availableClips(): string[] {
  return SOURCES.filter((s) => existsSync(s.path)).map((s) => s.id);
}

const dictWord = (token: string) => token.toLowerCase().replace(/[^a-z']/g, '');

/** Loads a clip and its reference word times (cached in `<cacheDir>/real/`). */
export async function loadClip(id: string, cacheDir: string): Promise<RealClip> {
  const src = SOURCES.find((s) => s.id === id);
  if (!src) throw new Error(`unknown real clip ${id}`);
  if (!existsSync(src.path)) throw new Error(`${src.path} missing (apt-get install pocketsphinx-testdata; see bench/corpus/setup.sh)`);
  const tokens = src.text.split(/\s+/);
  const dir = join(cacheDir, 'real');
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha1').update(readFileSync(src.path)).update(src.text).update(REFERENCE_ALIGNER).digest('hex').slice(0, 12);
  const cached = join(dir, `${id}-${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as RealClip;

  const wav = readWav(src.path);
  if (wav.sampleRate !== 16000) throw new Error(`${src.path}: expected 16 kHz`);
  const work = join(dir, `${id}-${key}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'clip.wav'), readFileSync(src.path));
  writeFileSync(join(work, 'ctl'), 'clip\n');
  writeFileSync(join(work, 'align.gram'), `#JSGF V1.0;\ngrammar align;\npublic <s> = ${tokens.map(dictWord).join(' ')};\n`);
  const { code, stderr } = await run('pocketsphinx_batch', [
    '-adcin', 'yes', '-cepdir', work, '-cepext', '.wav', '-ctl', join(work, 'ctl'),
    '-jsgf', join(work, 'align.gram'), '-hypseg', join(work, 'seg.txt'), '-bestpath', 'no',
    // By default the decoder drops the frames its voice-activity detector calls silence, and
    // the frame numbers it reports then skip those pauses: JFK's "ask" came out 0.9 s early.
    '-remove_silence', 'no',
    '-hmm', join(MODEL, 'en-us'), '-dict', join(MODEL, 'cmudict-en-us.dict'),
  ]);
  if (code !== 0 || !existsSync(join(work, 'seg.txt'))) throw new Error(`pocketsphinx_batch failed on ${id}: ${stderr.slice(-800)}`);
  const seg = readFileSync(join(work, 'seg.txt'), 'utf8').trim().split(/\s+/);
  // "<id> S <s> T <t> A <a> L <l>" then groups of (start frame, acoustic score, LM score, word); a
  // word ends where the next segment starts, the last at the end frame after it.
  const groups: { frame: number; word: string }[] = [];
  for (let i = 9; i + 3 < seg.length; i += 4) groups.push({ frame: Number(seg[i]), word: seg[i + 3] });
  const endFrame = Number(seg[seg.length - 1]);
  const times: { start: number; end: number }[] = [];
  const words: string[] = [];
  groups.forEach((g, k) => {
    const base = g.word.replace(/\(\d+\)$/, '');
    if (base.startsWith('<') || base.startsWith('[') || base.startsWith('+')) return;
    const next = k + 1 < groups.length ? groups[k + 1].frame : endFrame;
    words.push(base);
    times.push({ start: g.frame / 100, end: next / 100 });
  });
  const expected = tokens.map(dictWord);
  if (words.join(' ') !== expected.join(' ')) {
    throw new Error(`pocketsphinx aligned other words for ${id}: ${words.join(' ')} vs ${expected.join(' ')}`);
  }
  const clip: RealClip = { id, voice: `real:${id}`, wavPath: src.path, tokens, times };
  writeFileSync(cached, JSON.stringify(clip, null, 1));
  return clip;
}
