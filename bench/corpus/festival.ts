/**
 * Sentence synthesis with Debian's festival, and exact per-token times from its
 * utterance structure (Token → Word daughters → SylStructure → Segment times).
 * Results are cached by content (voice + text + driver version), so re-running a
 * case, or another case sharing sentences, costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fliteSay } from './flite.js';
import { mbrolaSay } from './mbrola.js';
import { run } from './proc.js';
import { readWav } from './wav.js';

/** Bump when the Scheme driver or the synth-form mapping changes (invalidates the TTS cache). */
const DRIVER_VERSION = 'fest-3';

export interface VoiceSpec {
  /** `mbrola`: French, espeak-ng's front end and an MBROLA database (bench/corpus/mbrola.ts). */
  engine: 'festival' | 'flite' | 'mbrola';
  /** Stable id written into truth.json. */
  id: string;
  /** festival: Scheme run before a group of sentences in this voice; flite: the voice name. */
  setup: string;
  description: string;
  /** flite and mbrola: extra command-line arguments (flite `--setf` settings, espeak-ng speed and pitch). */
  args?: string[];
  /**
   * How a pitch/rate variant of this voice is made (see `voiceVariant`): the voice's own
   * intonation mean and duration stretch, which a variant scales. Absent: no variants.
   */
  variants?:
    | { kind: 'lr'; select: string; f0Mean: number; f0Std: number; stretch: number }
    | { kind: 'hts'; select: string }
    | { kind: 'flite'; f0Mean: number }
    | { kind: 'espeak-front-end' };
}

/**
 * MBROLA stops a sentence at a diphone its database lacks ("ax-ax" in us3); `-e` makes it
 * substitute silence for that diphone instead, keeping every segment's duration (and so the
 * times festival reports). The wave-length check in runFestival catches any other truncation.
 */
const MBROLA_KEEP_GOING = '(set! mbrola_progname "mbrola -e")';

/** The lr-intonation voices' shared model means (festival's int_lr_params). */
const LR_MODEL = '(model_f0_mean 170) (model_f0_std 34)';

export const VOICES: Record<string, VoiceSpec> = {
  kal: {
    engine: 'festival',
    id: 'festival:kal_diphone',
    setup: '(voice_kal_diphone)',
    description: 'festival kal_diphone (festvox-kallpc16k), American English male, diphone LPC',
    variants: { kind: 'lr', select: '(voice_kal_diphone)', f0Mean: 105, f0Std: 14, stretch: 1.1 },
  },
  ked: {
    engine: 'festival',
    id: 'festival:ked_diphone',
    setup: '(voice_ked_diphone)',
    description: 'festival ked_diphone (festvox-kdlpc16k), American English male, diphone LPC',
    variants: { kind: 'lr', select: '(voice_ked_diphone)', f0Mean: 105, f0Std: 15, stretch: 1.1 },
  },
  slt: {
    engine: 'festival',
    id: 'festival:cmu_us_slt_arctic_hts',
    setup: '(voice_cmu_us_slt_arctic_hts)',
    description: 'festival cmu_us_slt_arctic_hts (festvox-us-slt-hts), American English female, HTS statistical',
    variants: { kind: 'hts', select: '(voice_cmu_us_slt_arctic_hts)' },
  },
  kalhi: {
    engine: 'festival',
    id: 'festival:kal_diphone+f0=135,stretch=0.95',
    // A second male speaker: same diphones, higher and livelier pitch, a little faster.
    setup:
      "(voice_kal_diphone) (set! int_lr_params '((target_f0_mean 135) (target_f0_std 24) (model_f0_mean 170) (model_f0_std 34))) (Parameter.set 'Duration_Stretch 0.95)",
    description: 'festival kal_diphone with target F0 mean 135 Hz (std 24) and Duration_Stretch 0.95',
  },
  // festival front end, MBROLA diphone back end (Debian contrib festvox-* + non-free mbrola-*).
  en1: {
    engine: 'festival',
    id: 'festival:en1_mbrola',
    setup: `(voice_en1_mbrola) ${MBROLA_KEEP_GOING}`,
    description: 'festival en1_mbrola (festvox-en1, mbrola-en1), British English male, MBROLA diphones',
    variants: { kind: 'lr', select: `(voice_en1_mbrola) ${MBROLA_KEEP_GOING}`, f0Mean: 110, f0Std: 15, stretch: 0.95 },
  },
  us1: {
    engine: 'festival',
    id: 'festival:us1_mbrola',
    setup: `(voice_us1_mbrola) ${MBROLA_KEEP_GOING}`,
    description: 'festival us1_mbrola (festvox-us1, mbrola-us1), American English female, MBROLA diphones',
    variants: { kind: 'lr', select: `(voice_us1_mbrola) ${MBROLA_KEEP_GOING}`, f0Mean: 160, f0Std: 34, stretch: 1.1 },
  },
  us2: {
    engine: 'festival',
    id: 'festival:us2_mbrola',
    setup: `(voice_us2_mbrola) ${MBROLA_KEEP_GOING}`,
    description: 'festival us2_mbrola (festvox-us2, mbrola-us2), American English male, MBROLA diphones',
    variants: { kind: 'lr', select: `(voice_us2_mbrola) ${MBROLA_KEEP_GOING}`, f0Mean: 105, f0Std: 14, stretch: 1.1 },
  },
  us3: {
    engine: 'festival',
    id: 'festival:us3_mbrola',
    setup: `(voice_us3_mbrola) ${MBROLA_KEEP_GOING}`,
    description: 'festival us3_mbrola (festvox-us3, mbrola-us3), American English male, MBROLA diphones',
    variants: { kind: 'lr', select: `(voice_us3_mbrola) ${MBROLA_KEEP_GOING}`, f0Mean: 105, f0Std: 14, stretch: 1.1 },
  },
  awb: {
    engine: 'flite',
    id: 'flite:awb',
    setup: 'awb',
    description: 'flite cmu_us_awb (clustergen), Scottish English male',
    variants: { kind: 'flite', f0Mean: 110 },
  },
  rms: {
    engine: 'flite',
    id: 'flite:rms',
    setup: 'rms',
    description: 'flite cmu_us_rms (clustergen), American English male',
    variants: { kind: 'flite', f0Mean: 110 },
  },
  fslt: {
    engine: 'flite',
    id: 'flite:slt',
    setup: 'slt',
    description: 'flite cmu_us_slt (clustergen), American English female (not the festival HTS slt)',
    variants: { kind: 'flite', f0Mean: 170 },
  },
  kal16: {
    engine: 'flite',
    id: 'flite:kal16',
    setup: 'kal16',
    description: 'flite cmu_us_kal16 (diphone, 16 kHz), American English male',
    variants: { kind: 'flite', f0Mean: 105 },
  },
  kal8: {
    engine: 'flite',
    id: 'flite:kal',
    setup: 'kal',
    description: 'flite cmu_us_kal (diphone, 8 kHz, resampled to 16 kHz: no energy above 4 kHz), American English male',
  },
  // French (for --language fr): MBROLA databases spoken from espeak-ng's French phonemes.
  frm: {
    engine: 'mbrola',
    id: 'mbrola:fr1',
    setup: 'fr1',
    description: 'MBROLA fr1 (mbrola-fr1), French male diphones, phonemes and prosody from espeak-ng mb-fr1',
    variants: { kind: 'espeak-front-end' },
  },
  frf: {
    engine: 'mbrola',
    id: 'mbrola:fr4',
    setup: 'fr4',
    description: 'MBROLA fr4 (mbrola-fr4), French female diphones, phonemes and prosody from espeak-ng mb-fr4',
    variants: { kind: 'espeak-front-end' },
  },
};
export type VoiceName = string;
const FLITE_FALLBACK: VoiceName = 'kalhi';

/** The base voices the randomized scenarios draw from (flite's awb_time speaks only clock times). */
export const SCENARIO_BASE_VOICES: VoiceName[] = ['kal', 'ked', 'slt', 'en1', 'us1', 'us2', 'us3', 'awb', 'rms', 'fslt', 'kal16', 'kal8'];

/**
 * A pitch/rate variant of a base voice, registered in VOICES under a derived name. The
 * synthesizer itself renders it (festival's intonation mean and Duration_Stretch, the HTS
 * engine's rate and half-tone shift, flite's `duration_stretch` and `int_f0_target_mean`), so
 * its word times stay exact; `rate` > 1 speaks faster.
 */
export function voiceVariant(base: VoiceName, semitones: number, rate: number): VoiceName {
  const b = VOICES[base];
  if (!b) throw new Error(`unknown voice ${base}`);
  const st = Math.round(semitones * 10) / 10;
  const r = Math.round(rate * 100) / 100;
  if (st === 0 && r === 1) return base;
  const v = b.variants;
  if (!v) throw new Error(`voice ${base} has no variants`);
  const name = `${base}@${st >= 0 ? '+' : ''}${st}st,x${r}`;
  if (VOICES[name]) return name;
  const f = 2 ** (st / 12);
  const id = `${b.id}${st ? `+f0${st >= 0 ? '+' : ''}${st}st` : ''}${r !== 1 ? `+rate${r}` : ''}`;
  const describe = `${b.description}; variant ${st} semitones, rate ×${r}`;
  let spec: VoiceSpec;
  if (v.kind === 'lr') {
    spec = {
      engine: 'festival',
      id,
      setup:
        `${v.select} (set! int_lr_params '((target_f0_mean ${Math.round(v.f0Mean * f)}) (target_f0_std ${Math.round(v.f0Std * f)}) ${LR_MODEL})) ` +
        `(Parameter.set 'Duration_Stretch ${(v.stretch / r).toFixed(3)})`,
      description: describe,
    };
  } else if (v.kind === 'hts') {
    spec = {
      engine: 'festival',
      id,
      setup: `${v.select} (set! hts_engine_params (append hts_engine_params (list '("-r" ${r.toFixed(3)}) '("-fm" ${st.toFixed(1)}))))`,
      description: describe,
    };
  } else if (v.kind === 'espeak-front-end') {
    // espeak-ng's speed is in words per minute (175 by default), its pitch 0–99 (50 by default, ~2 per semitone).
    spec = {
      engine: 'mbrola',
      id,
      setup: b.setup,
      args: ['-s', String(Math.round(175 * r)), '-p', String(Math.max(0, Math.min(99, Math.round(50 + 4 * st))))],
      description: describe,
    };
  } else {
    spec = {
      engine: 'flite',
      id,
      setup: b.setup,
      args: ['--setf', `duration_stretch=${(1 / r).toFixed(3)}`, '--setf', `int_f0_target_mean=${Math.round(v.f0Mean * f)}`],
      description: describe,
    };
  }
  VOICES[name] = spec;
  return name;
}

const ACRONYMS: Record<string, string> = { US: 'U.S', UN: 'U.N' };

/**
 * What festival is given for one written transcript token: ASCII, quotes dropped, and the
 * few acronyms festival would otherwise read as words ("US" → "us") spelled with dots.
 * Empty when the token is not spoken at all (a lone dash).
 */
export function synthForm(token: string): string {
  let t = token
    .replace(/[’‘]/g, "'")
    .replace(/[“”"]/g, '')
    .replace(/[–—]/g, '-')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
  if (!/[A-Za-z0-9]/.test(t)) return '';
  const m = /^([^A-Za-z0-9]*)([A-Za-z0-9][A-Za-z0-9.'-]*?)([^A-Za-z0-9]*)$/.exec(t);
  if (m && ACRONYMS[m[2]]) t = m[1] + ACRONYMS[m[2]] + m[3];
  return t.replace(/^'+|'+$/g, '');
}

/**
 * What espeak-ng (French) is given for a token: the written token with typographic quotes
 * and apostrophes made plain; accents kept. Empty when nothing in it is spoken.
 */
export function synthFormFr(token: string): string {
  const t = token.replace(/[’‘]/g, "'").replace(/[«»“”"]/g, '').replace(/[–—]/g, '-');
  return /[\p{L}\p{N}]/u.test(t) ? t : '';
}

export interface SynthToken {
  /** Festival's token name (punctuation stripped). */
  name: string;
  /** Seconds in the synthesized utterance, null when festival produced no word for it. */
  start: number | null;
  end: number | null;
}

export interface SynthResult {
  key: string;
  /** The voice that actually spoke it (a flite sentence whose phones could not be mapped falls back). */
  voice: VoiceName;
  wavPath: string;
  tokens: SynthToken[];
}

export interface SynthJob {
  voice: VoiceName;
  /** Synth forms, one per spoken token (non-empty). */
  tokens: string[];
}

function schemeString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

export function jobKey(job: SynthJob): string {
  return createHash('sha1')
    .update(`${DRIVER_VERSION}\n${VOICES[job.voice].id}\n${VOICES[job.voice].setup}\n${(VOICES[job.voice].args ?? []).join(' ')}\n${job.tokens.join(' ')}`)
    .digest('hex');
}

// Token times: first segment of the first syllabic word to the last segment of the last one.
// Punctuation daughters have no syllables and are skipped.
const DRIVER = `
(define (capsync_token_times tok)
  (let ((st -1) (en -1))
    (mapcar
     (lambda (w)
       (let ((syls (item.relation.daughters w 'SylStructure)))
         (if syls
             (let ((fs (item.relation.daughter1 (car syls) 'SylStructure))
                   (ls (item.relation.daughtern (car (last syls)) 'SylStructure)))
               (if (< st 0) (set! st (item.feat fs 'segment_start)))
               (set! en (item.feat ls 'end))))))
     (item.daughters tok))
    (list st en)))
(define (capsync_say id text wav)
  (let ((utt (utt.synth (eval (list 'Utterance 'Text text)))))
    (utt.wave.resample utt 16000)
    (utt.save.wave utt wav 'riff)
    (format t "UTT\\t%s\\n" id)
    (let ((tok (utt.relation.first utt 'Token)))
      (while tok
        (let ((tt (capsync_token_times tok)))
          (format t "TOK\\t%s\\t%f\\t%f\\n" (item.name tok) (car tt) (car (cdr tt))))
        (set! tok (item.next tok))))
    (format t "END\\t%s\\n" id)))
`;

export class FestivalSynth {
  readonly dir: string;
  /** Seconds spent inside festival in the last `synthesize` call (wall). */
  lastWall = 0;
  lastFresh = 0;
  /** flite sentences handed to the fallback voice so far. */
  fallbacks = 0;

  constructor(cacheDir: string, private readonly workers = 2) {
    this.dir = join(cacheDir, 'tts');
    mkdirSync(this.dir, { recursive: true });
  }

  private paths(key: string) {
    return { wav: join(this.dir, `${key}.wav`), json: join(this.dir, `${key}.json`) };
  }

  cached(job: SynthJob): SynthResult | null {
    const key = jobKey(job);
    const p = this.paths(key);
    const fallback = join(this.dir, `${key}.fallback`);
    if (existsSync(fallback)) return this.cached({ voice: readFileSync(fallback, 'utf8').trim() as VoiceName, tokens: job.tokens });
    if (!existsSync(p.json) || !existsSync(p.wav)) return null;
    const tokens = JSON.parse(readFileSync(p.json, 'utf8')) as SynthToken[];
    return { key, voice: job.voice, wavPath: p.wav, tokens };
  }

  /** Synthesizes every job not yet cached (in parallel festival processes); returns all results in job order. */
  async synthesize(jobs: SynthJob[]): Promise<SynthResult[]> {
    const t0 = performance.now();
    const pending = new Map<string, SynthJob>();
    for (const j of jobs) if (!this.cached(j)) pending.set(jobKey(j), j);
    this.lastFresh = pending.size;
    const mbrolaJobs = [...pending.entries()].filter(([, j]) => VOICES[j.voice].engine === 'mbrola');
    for (const [k] of mbrolaJobs) pending.delete(k);
    if (mbrolaJobs.length) await this.runMbrola(mbrolaJobs);
    const fliteJobs = [...pending.entries()].filter(([, j]) => VOICES[j.voice].engine === 'flite');
    for (const [k] of fliteJobs) pending.delete(k);
    if (fliteJobs.length) {
      // Sentences flite's phones cannot be mapped for are spoken by a festival voice instead.
      for (const [key, job] of await this.runFlite(fliteJobs)) {
        const fb: SynthJob = { voice: FLITE_FALLBACK, tokens: job.tokens };
        writeFileSync(join(this.dir, `${key}.fallback`), FLITE_FALLBACK);
        if (!this.cached(fb)) pending.set(jobKey(fb), fb);
        this.fallbacks++;
      }
    }
    if (pending.size) {
      // Balance by text length; keep a voice's sentences together to limit voice switches.
      const entries = [...pending.entries()].sort(
        (a, b) => a[1].voice.localeCompare(b[1].voice) || b[1].tokens.length - a[1].tokens.length,
      );
      const n = Math.max(1, Math.min(this.workers, entries.length));
      const buckets: [string, SynthJob][][] = Array.from({ length: n }, () => []);
      const load = new Array(n).fill(0);
      for (const e of entries) {
        const i = load.indexOf(Math.min(...load));
        buckets[i].push(e);
        load[i] += e[1].tokens.join(' ').length + (e[1].voice === 'slt' ? 200 : 0);
      }
      await Promise.all(buckets.map((b, i) => this.runFestival(b, i)));
    }
    this.lastWall = (performance.now() - t0) / 1000;
    return jobs.map((j) => {
      const r = this.cached(j);
      if (!r) throw new Error(`festival produced no result for: ${j.tokens.join(' ')}`);
      return r;
    });
  }

  /** French MBROLA sentences, one espeak-ng + mbrola run each, `workers` at a time; a refused sentence is an error. */
  private async runMbrola(jobs: [string, SynthJob][]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const [key, job] = jobs[next++];
        const p = this.paths(key);
        const times = await mbrolaSay(VOICES[job.voice].setup, job.tokens, p.wav + '.tmp', VOICES[job.voice].args ?? []);
        let wav = readWav(p.wav + '.tmp');
        if (wav.sampleRate !== 16000) {
          // fr4 is a 22.05 kHz database; sox's linear-phase resampler keeps the times.
          const { code, stderr } = await run('sox', [p.wav + '.tmp', '-t', 'wav', '-r', '16000', p.wav + '.16k.wav']);
          if (code !== 0) throw new Error(`sox resample failed: ${stderr}`);
          renameSync(p.wav + '.16k.wav', p.wav + '.tmp');
          wav = readWav(p.wav + '.tmp');
        }
        const last = times.reduce((m, t) => Math.max(m, t.end ?? 0), 0);
        if (last > wav.samples.length / 16000 + 0.02) throw new Error(`mbrola wave shorter than its phonemes: ${job.tokens.join(' ')}`);
        const tokens: SynthToken[] = job.tokens.map((name, i) => ({ name, start: times[i].start, end: times[i].end }));
        renameSync(p.wav + '.tmp', p.wav);
        writeFileSync(p.json + '.tmp', JSON.stringify(tokens));
        renameSync(p.json + '.tmp', p.json);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.workers) }, worker));
  }

  /** flite runs one process per sentence; `workers` at a time. */
  private async runFlite(jobs: [string, SynthJob][]): Promise<[string, SynthJob][]> {
    let next = 0;
    const failed: [string, SynthJob][] = [];
    const worker = async () => {
      while (next < jobs.length) {
        const [key, job] = jobs[next++];
        const p = this.paths(key);
        let times;
        try {
          times = await fliteSay(VOICES[job.voice].setup, job.tokens, p.wav + '.tmp', VOICES[job.voice].args ?? []);
        } catch (e) {
          if (!/disagree|no segment left/.test((e as Error).message)) throw e;
          failed.push([key, job]);
          continue;
        }
        let wav = readWav(p.wav + '.tmp');
        if (wav.sampleRate !== 16000) {
          // flite's 8 kHz kal: sox's linear-phase resampler keeps every time where it was.
          const { code, stderr } = await run('sox', [p.wav + '.tmp', '-r', '16000', p.wav + '.16k.wav']);
          if (code !== 0) throw new Error(`sox resample failed: ${stderr}`);
          renameSync(p.wav + '.16k.wav', p.wav + '.tmp');
          wav = readWav(p.wav + '.tmp');
          if (wav.sampleRate !== 16000) throw new Error(`flite wrote ${wav.sampleRate} Hz`);
        }
        const tokens: SynthToken[] = job.tokens.map((name, i) => ({ name, start: times[i].start, end: times[i].end }));
        renameSync(p.wav + '.tmp', p.wav);
        writeFileSync(p.json + '.tmp', JSON.stringify(tokens));
        renameSync(p.json + '.tmp', p.json);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.workers) }, worker));
    return failed;
  }

  private async runFestival(batch: [string, SynthJob][], worker: number): Promise<void> {
    batch.sort((a, b) => a[1].voice.localeCompare(b[1].voice));
    const script: string[] = [DRIVER];
    let voice: string | null = null;
    for (const [key, job] of batch) {
      if (job.voice !== voice) {
        script.push(VOICES[job.voice].setup);
        voice = job.voice;
      }
      script.push(`(capsync_say ${schemeString(key)} ${schemeString(job.tokens.join(' '))} ${schemeString(this.paths(key).wav + '.tmp')})`);
    }
    const scriptPath = join(this.dir, `batch-${process.pid}-${worker}.scm`);
    writeFileSync(scriptPath, script.join('\n') + '\n');
    const { stdout, stderr, code } = await run('festival', ['-b', scriptPath]);
    rmSync(scriptPath, { force: true });
    const byKey = new Map(batch);
    let cur: { key: string; tokens: SynthToken[] } | null = null;
    for (const line of stdout.split('\n')) {
      const f = line.split('\t');
      if (f[0] === 'UTT') cur = { key: f[1], tokens: [] };
      else if (f[0] === 'TOK' && cur) {
        const st = Number(f[2]);
        const en = Number(f[3]);
        cur.tokens.push(st < 0 ? { name: f[1], start: null, end: null } : { name: f[1], start: st, end: en });
      } else if (f[0] === 'END' && cur) {
        const job = byKey.get(cur.key);
        if (!job) throw new Error(`unexpected festival output for ${cur.key}`);
        if (cur.tokens.length !== job.tokens.length) {
          throw new Error(
            `festival split tokens differently (${cur.tokens.length} vs ${job.tokens.length}): ` +
              `${job.tokens.join(' ')} => ${cur.tokens.map((t) => t.name).join(' ')}`,
          );
        }
        const p = this.paths(cur.key);
        // Sanity: the wave must be 16 kHz mono and hold every token.
        const wav = readWav(p.wav + '.tmp');
        if (wav.sampleRate !== 16000) throw new Error(`festival wrote ${wav.sampleRate} Hz`);
        const last = cur.tokens.reduce((m, t) => Math.max(m, t.end ?? 0), 0);
        if (last > wav.samples.length / 16000 + 0.02) throw new Error(`token times beyond the wave (${last} s > ${wav.samples.length / 16000} s) for ${job.voice}: ${job.tokens.join(" ")}`);
        renameSync(p.wav + '.tmp', p.wav);
        writeFileSync(p.json + '.tmp', JSON.stringify(cur.tokens));
        renameSync(p.json + '.tmp', p.json);
        byKey.delete(cur.key);
        cur = null;
      }
    }
    if (byKey.size) {
      throw new Error(`festival (exit ${code}) left ${byKey.size} sentences unsynthesized:\n${stderr.slice(-2000)}\n${stdout.slice(-1000)}`);
    }
  }
}
